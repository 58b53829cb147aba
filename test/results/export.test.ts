// Specifies Parquet export and the `runs` and `export` commands: each table's Parquet file holds
// exactly the run's rows (DuckDB reads them back equal), and the commands fail clearly on a missing
// store, an unknown run id or a store held by another process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type ResultsStore } from '../../src/results/store.ts';
import { RUN_ID_COLUMN, TABLES } from '../../src/results/schema.ts';
import { inputOf, tinyRun } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

let tmp = '';
let file = '';
let id = '';
let other = '';

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-export-'));
  file = path.join(tmp, 'scoresim.duckdb');
  const store = await openStore(file);
  try {
    id = await store.saveRun(inputOf(await tinyRun(3), new Date('2025-01-02T03:04:05Z')));
    other = await store.saveRun(inputOf(await tinyRun(1, 9), new Date('2025-02-03T04:05:06Z')));
  } finally {
    await store.close();
  }
});

after(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

async function withStore<T>(f: (store: ResultsStore) => Promise<T>): Promise<T> {
  const store = await openStore(file);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

test('exportParquet writes one Parquet file per table, each holding exactly the run\'s rows', async () => {
  const dir = path.join(tmp, 'parquet', id);
  await withStore(async (store) => {
    const files = await store.exportParquet(id, dir);
    assert.deepEqual(files, TABLES.map((t) => path.join(dir, `${t}.parquet`)));
    for (const [k, table] of TABLES.entries()) {
      const stored = `SELECT * FROM ${table} WHERE ${RUN_ID_COLUMN[table]} = ${literal(id)}`;
      const exported = `SELECT * FROM read_parquet(${literal(files[k])})`;
      const [{ n }] = await store.query(`SELECT count(*) AS n FROM (${stored})`);
      const [{ m }] = await store.query(`SELECT count(*) AS m FROM (${exported})`);
      assert.equal(m, n, `${table}: same row count`);
      assert.ok(table === 'metric_intervals' || table === 'traces' || table === 'runs' ? (n as number) > 0 : (n as number) > 100, `fixture: ${table} has rows`);
      assert.deepEqual(await store.query(`(${stored}) EXCEPT ALL (${exported})`), [], `${table}: every stored row was exported`);
      assert.deepEqual(await store.query(`(${exported}) EXCEPT ALL (${stored})`), [], `${table}: every exported row is stored`);
    }
    const [{ metrics }] = await store.query(`SELECT count(*) AS metrics FROM read_parquet(${literal(files[2])}) WHERE run_id = ${literal(other)}`);
    assert.equal(metrics, 0, 'no other run leaks into the export');
  });
});

test('Parquet values are the stored doubles bit for bit and keep the stored row order', async () => {
  const dir = path.join(tmp, 'parquet-order');
  await withStore(async (store) => {
    await store.exportParquet(id, dir);
    const stored = await store.query('SELECT replicate, day, "group", counter, value FROM daily WHERE run_id = ? ORDER BY rowid', [id]);
    const exported = await store.query(`SELECT replicate, day, "group", counter, value FROM read_parquet(${literal(path.join(dir, 'daily.parquet'))})`);
    assert.deepEqual(exported, stored);
  });
});

interface Ran { status: number | null; stdout: string; stderr: string }

function scoresim(...args: string[]): Ran {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('`scoresim runs --db FILE` lists the stored runs newest first', () => {
  const ran = scoresim('runs', '--db', file);
  assert.equal(ran.status, 0, ran.stderr);
  const lines = ran.stdout.split('\n');
  assert.match(lines[0], /^id +scenario +agents +days +seed +replicates +started \(UTC\) +elapsed s +scoresim$/);
  assert.ok(lines[2].startsWith(other) && lines[3].startsWith(id), ran.stdout);
  assert.match(lines[3], /minimal +20,000 +30 +1 +3 +2025-01-02 03:04:05 +0\.25 +0\.0\.0-test$/);
  assert.match(ran.stdout, /2 runs in /);
  const json = scoresim('runs', '--db', file, '--json');
  assert.deepEqual((JSON.parse(json.stdout) as { id: string }[]).map((r) => r.id), [other, id]);
});

test('`scoresim export RUN_ID --parquet DIR` writes the files and prints them', () => {
  const dir = path.join(tmp, 'cli-export');
  const ran = scoresim('export', id, '--parquet', dir, '--db', file);
  assert.equal(ran.status, 0, ran.stderr);
  for (const t of TABLES) {
    assert.ok(existsSync(path.join(dir, `${t}.parquet`)), t);
    assert.ok(ran.stdout.includes(path.join(dir, `${t}.parquet`)), ran.stdout);
  }
});

test('an unknown run id exits 1 naming the newest ids', () => {
  const ran = scoresim('export', 'minimal-nope', '--parquet', path.join(tmp, 'never'), '--db', file);
  assert.equal(ran.status, 1);
  assert.match(ran.stderr, new RegExp(`no run "minimal-nope" in .*: the newest are ${other}, ${id} \\(\`scoresim runs --db .*\` lists them all\\)`));
  assert.equal(existsSync(path.join(tmp, 'never')), false, 'nothing is written');
});

test('a missing store exits 1 and says where runs are stored, without creating it', () => {
  const missing = path.join(tmp, 'none', 'scoresim.duckdb');
  for (const args of [['runs'], ['export', id, '--parquet', path.join(tmp, 'x')]]) {
    const ran = scoresim(...args, '--db', missing);
    assert.equal(ran.status, 1);
    assert.match(ran.stderr, /^scoresim: no results store at .*none\/scoresim\.duckdb: runs are stored there by `scoresim run`/);
    assert.equal(existsSync(missing), false);
  }
});

test('a store held by another process exits 1 with the lock explained', async () => {
  const store = await openStore(file);
  try {
    const ran = scoresim('runs', '--db', file);
    assert.equal(ran.status, 1);
    assert.match(ran.stderr, new RegExp(`^scoresim: results store .*scoresim\\.duckdb is in use by another scoresim process \\(PID ${process.pid}\\)`));
  } finally {
    await store.close();
  }
});
