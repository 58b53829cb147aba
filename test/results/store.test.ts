// Specifies the results store: a saved run reads back exactly as the run produced it (metrics per
// replicate, intervals, daily series, traces, the record), saving is all or nothing, runs list newest
// first, and a store file is held by one process at a time without harm to its contents.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, StoreLockedError, UnknownRunError, type ResultsStore } from '../../src/results/store.ts';
import { runId } from '../../src/results/rows.ts';
import type { ReplicatedMetric } from '../../src/metrics/replicates.ts';
import { inputOf, tinyRun, type TinyRun } from './fixtures.ts';

const HOLD = fileURLToPath(new URL('./hold-store.ts', import.meta.url));
const STARTED = new Date('2025-03-04T05:06:07.089Z');

let tmp = '';
let file = '';
let store: ResultsStore;
let three: TinyRun;
let one: TinyRun;
let id = '';

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-store-'));
  file = path.join(tmp, 'nested', 'folder', 'scoresim.duckdb');
  three = await tinyRun(3);
  one = await tinyRun(1, 2, false);
  store = await openStore(file);
  id = await store.saveRun(inputOf(three, STARTED));
});

after(async () => {
  await store?.close();
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

test('a run id is the scenario, the UTC start second and 8 hex of the run\'s hash', () => {
  assert.match(id, /^minimal-20250304T050607-[0-9a-f]{8}$/);
  assert.equal(id, runId(three.record, STARTED));
  assert.notEqual(runId({ ...three.record, seed: 2 }, STARTED), id, 'another seed gives another id');
  assert.notEqual(runId(three.record, new Date(STARTED.getTime() + 1)), id, 'another start gives another id');
});

test('every metric and group of every replicate reads back equal to that replicate\'s own summary', async () => {
  for (const r of three.results) {
    const back = await store.readSummary(id, r.replicate);
    assert.equal(back.replicate, r.replicate);
    assert.deepEqual(back.metrics, r.summary.metrics);
    assert.deepEqual(Object.keys(back.metrics), Object.keys(r.summary.metrics), 'metrics come back in the summary\'s order');
  }
});

test('the whole run reads back the replicates\' means and the 95 % interval of every metric and group', async () => {
  const back = await store.readSummary(id);
  assert.equal(back.replicates, 3);
  const metrics = three.summary.metrics as Record<string, ReplicatedMetric>;
  assert.deepEqual(back.metrics, Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { overall: m.overall, byGroup: m.byGroup }])));
  assert.deepEqual(back.intervals, Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { mean: m.mean, ciLow: m.ciLow, ciHigh: m.ciHigh, byGroupInterval: m.byGroupInterval }])));
  const groups = Object.keys(Object.values(metrics)[0].byGroup);
  const [{ n }] = await store.query('SELECT count(*) AS n FROM metric_intervals WHERE run_id = ?', [id]);
  assert.equal(n, Object.keys(metrics).length * (groups.length + 1), 'one row per metric for (all) and each group');
});

test('a single-replicate untraced run reads back its own metrics and stores no interval or trace rows', async () => {
  const single = await store.saveRun(inputOf(one, new Date('2025-03-05T00:00:00Z')));
  const back = await store.readSummary(single);
  assert.equal(back.intervals, undefined);
  assert.deepEqual(back.metrics, one.results[0].summary.metrics);
  assert.equal(await store.readDaily(single, 0), one.results[0].daily);
  assert.deepEqual(await store.query('SELECT * FROM metric_intervals WHERE run_id = ?', [single]), []);
  assert.deepEqual(await store.query('SELECT * FROM traces WHERE run_id = ?', [single]), []);
  assert.deepEqual(await store.query('SELECT traced FROM runs WHERE id = ?', [single]), [{ traced: [] }]);
});

test('each replicate\'s daily rows rebuild its daily.csv exactly, one row per day, group and counter', async () => {
  for (const r of three.results) {
    assert.equal(await store.readDaily(id, r.replicate), r.daily);
    const lines = r.daily.trimEnd().split('\n');
    const [{ n }] = await store.query('SELECT count(*) AS n FROM daily WHERE run_id = ? AND replicate = ?', [id, r.replicate]);
    assert.equal(n, (lines.length - 1) * (lines[0].split(',').length - 2));
  }
});

test('traces hold every entry of the followed agents, with the whole entry as JSON', async () => {
  const trace = three.results[0].trace;
  assert.ok(trace.length > 40, 'fixture: the followed agents have entries');
  const rows = await store.query('SELECT replicate, agent, day, kind, data FROM traces WHERE run_id = ? ORDER BY rowid', [id]);
  assert.equal(rows.length, trace.length);
  rows.forEach((row, i) => {
    assert.deepEqual({ replicate: row.replicate, agent: row.agent, day: row.day, kind: row.kind }, { replicate: 0, agent: trace[i].agent, day: trace[i].day, kind: trace[i].kind });
    assert.deepEqual(JSON.parse(row.data as string), trace[i]);
  });
});

test('the runs row holds the record, parameters and summary, with numbers as numbers', async () => {
  const [row] = await store.query(`SELECT scenario, scenario_file, scenario_text, scenario_sha256, seed, agents, days, replicates, seeds, workers, traced,
    parameters, summary, scoresim_version, started_at, elapsed_seconds FROM runs WHERE id = ?`, [id]);
  const r = three.record;
  assert.deepEqual(
    { ...row, parameters: JSON.parse(row.parameters as string), summary: JSON.parse(row.summary as string) },
    {
      scenario: r.scenario, scenario_file: r.scenarioFile, scenario_text: r.scenarioText, scenario_sha256: r.scenarioSha256,
      seed: r.seed, agents: r.agents, days: r.days, replicates: 3, seeds: r.seeds, workers: r.workers, traced: r.traced,
      parameters: inputOf(three, STARTED).parameters, summary: JSON.parse(JSON.stringify(three.summary)), scoresim_version: r.scoresim,
      started_at: STARTED, elapsed_seconds: 0.25,
    },
  );
});

test('listRuns lists every run newest first, with JS numbers and ISO start times', async () => {
  const older = await store.saveRun(inputOf(one, new Date('2024-12-31T23:59:59.999Z')));
  const newer = await store.saveRun(inputOf(one, new Date('2026-01-01T00:00:00Z')));
  const runs = await store.listRuns();
  const starts = runs.map((r) => r.startedAt);
  assert.deepEqual(starts, [...starts].sort().reverse());
  assert.equal(runs[0].id, newer);
  assert.equal(runs[runs.length - 1].id, older);
  const mine = runs.find((r) => r.id === id)!;
  assert.deepEqual(mine, { id, scenario: 'minimal', seed: 1, agents: 20_000, days: 30, replicates: 3, startedAt: STARTED.toISOString(), elapsedSeconds: 0.25, scoresimVersion: '0.0.0-test' });
});

test('saveRun is all or nothing: a bad replicate leaves no row of the run in any table', async () => {
  const startedAt = new Date('2025-06-01T00:00:00Z');
  const broken = { ...three, results: three.results.map((r, i) => (i === 2 ? { ...r, daily: 'day,group,events\n1,majority\n' } : r)) };
  await assert.rejects(store.saveRun(inputOf(broken, startedAt)), /daily CSV line 2 has 2 cells/);
  const ghost = runId(three.record, startedAt);
  for (const [table, column] of [['runs', 'id'], ['daily', 'run_id'], ['metrics', 'run_id'], ['traces', 'run_id']]) {
    assert.deepEqual(await store.query(`SELECT 1 FROM ${table} WHERE ${column} = ?`, [ghost]), [], table);
  }
  await assert.rejects(store.saveRun(inputOf(three, STARTED)), /already stored/, 'the same run and start twice is refused');
});

test('an unknown run id is refused with the store\'s newest ids', async () => {
  await assert.rejects(store.readSummary('nope'), (e: unknown) => e instanceof UnknownRunError && /no run "nope" in .*: the newest are minimal-2026/.test(e.message));
  await assert.rejects(store.readSummary(id, 3), /replicates 0 to 2, not 3/);
});

test('opening a store already open in this process is refused', async () => {
  await assert.rejects(openStore(file), (e: unknown) => e instanceof StoreLockedError && e.message.includes('already open in this process'));
});

/** Starts hold-store.ts on `file` and resolves once it holds the store. */
async function holder(file: string, write = false) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, file, ...(write ? ['write'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('open')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited };
}

test('a second process gets StoreLockedError naming the file, and the store reads the same afterwards', async () => {
  const before = await store.listRuns();
  await store.close();
  const { child, exited } = await holder(file);
  await assert.rejects(openStore(file), (e: unknown) =>
    e instanceof StoreLockedError && e.message.includes(file) && e.message.includes('another scoresim process') && e.message.includes(`PID ${child.pid}`));
  child.stdin.end();
  await exited;
  store = await openStore(file);
  assert.deepEqual(await store.listRuns(), before);
  assert.deepEqual((await store.readSummary(id, 1)).metrics, three.results[1].summary.metrics);
});

test('a holder killed outright in the middle of writing leaves the store readable and whole', async () => {
  const before = await store.listRuns();
  const [{ n }] = await store.query('SELECT count(*) AS n FROM daily');
  await store.close();
  const { child, exited } = await holder(file, true);
  child.kill('SIGKILL');
  await exited;
  store = await openStore(file);
  assert.deepEqual(await store.listRuns(), before);
  assert.equal(await store.readDaily(id, 2), three.results[2].daily);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM scratch'), [{ n }], 'the killed holder\'s committed write survives');
});
