// Keeps docs/results.md true: every SQL block runs against a real store (and a real Parquet export)
// and returns rows, every column of the schema is documented, and the sample `scoresim runs` output
// has the command's header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type ResultsStore } from '../../src/results/store.ts';
import { SCHEMA_SQL } from '../../src/results/schema.ts';
import { runsTable } from '../../src/cli/runs.ts';
import { inputOf, tinyRun } from './fixtures.ts';

const DOC = readFileSync(new URL('../../docs/results.md', import.meta.url), 'utf8');
/** the example ids the doc uses: a run of 3 traced replicates and a run of one */
const DOC_A = 'minimal-20250301T101500-3f2a9c1e';
const DOC_B = 'minimal-20250301T102200-8b41d0a7';

let tmp = '';
let store: ResultsStore;
let a = '';
let b = '';

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-docs-'));
  store = await openStore(path.join(tmp, 'scoresim.duckdb'));
  a = await store.saveRun(inputOf(await tinyRun(3), new Date('2025-03-01T10:15:00Z')));
  b = await store.saveRun(inputOf(await tinyRun(1, 2, false), new Date('2025-03-01T10:22:00Z')));
  await store.exportParquet(a, path.join(tmp, 'exports', a));
  await store.exportParquet(b, path.join(tmp, 'exports', b));
});

after(async () => {
  await store?.close();
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

function blocks(language: string): string[] {
  return [...DOC.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === language).map((m) => m[2]);
}

test('every SQL example in docs/results.md runs on a real store and returns rows', async () => {
  const sql = blocks('sql');
  assert.ok(sql.length >= 8, `fixture: found ${sql.length} SQL blocks`);
  for (const block of sql) {
    const query = block.replaceAll(DOC_A, a).replaceAll(DOC_B, b).replaceAll("'exports/", `'${tmp}/exports/`);
    const rows = await store.query(query);
    assert.ok(rows.length > 0, `no rows from:\n${block}`);
  }
});

test('docs/results.md documents every column of every table', () => {
  for (const [, table, body] of SCHEMA_SQL.matchAll(/CREATE TABLE IF NOT EXISTS (\w+) \(([\s\S]*?)\n\);/g)) {
    const section = DOC.slice(DOC.indexOf(`### \`${table}\``));
    const next = section.indexOf('\n### ', 4);
    const text = next < 0 ? section : section.slice(0, next);
    for (const column of body.trim().split('\n').map((l) => l.trim().split(/\s+/)[0].replace(/"/g, ''))) {
      assert.match(text, new RegExp(`\\| (\`[^|]*, )?\`${column}\``), `${table}.${column} is not in its table's section`);
    }
  }
});

test('the sample `scoresim runs` output has the command\'s columns', () => {
  const cells = (line: string) => line.trim().split(/ {2,}/).join(' | ');
  const header = cells(runsTable([]).split('\n')[0]);
  assert.ok(DOC.split('\n').some((line) => cells(line) === header), `docs/results.md has no line with the columns ${header}`);
});
