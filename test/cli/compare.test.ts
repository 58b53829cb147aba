// `scoresim compare`: both sides written as run folders with reports, compare.json with paired
// intervals, and clear errors for bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Comparison } from '../../src/parallel/compare.ts';

const root = new URL('../..', import.meta.url).pathname;
const cli = path.join(root, 'dist/cli/main.js');
let tmp = '';
const scoresim = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

before(() => {
  if (!existsSync(cli)) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-compare-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('compare writes compare.json with paired intervals and a run folder with a report for each side', () => {
  const out = path.join(tmp, 'cmp');
  const ran = scoresim('compare', 'scenarios/no-surveillance.yaml', 'scenarios/article-2019.yaml', '--agents', '20000', '--days', '60',
    '--replicates', '3', '--out', out, '--db', path.join(tmp, 'store.duckdb'));
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, /no-surveillance vs article-2019: 20,000 agents × 60 days, 3 paired replicates \(common random numbers\)/);
  // one progress display for all six runs, as many at once as the cores hold
  assert.match(ran.stderr, /^no-surveillance vs article-2019 \(3 paired replicates\): 360\/360 days \(100%\)/m);
  const c = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.pairing, 'common');
  assert.equal(c.replicates, 3);
  assert.deepEqual(c.band, [0.8, 1.25]);
  const s = c.metrics.sanctionRate;
  assert.ok(s.difference.ciLow <= s.difference.mean && s.difference.mean <= s.difference.ciHigh);
  assert.ok(Math.abs(s.difference.mean - (s.b.mean - s.a.mean)) < 1e-12, 'the mean paired difference is the difference of means');
  for (const side of ['A-no-surveillance', 'B-article-2019']) {
    for (const f of ['summary.json', 'daily.csv', 'run.json', 'report.html']) assert.ok(existsSync(path.join(out, side, f)), `${side}/${f}`);
  }
  const a = JSON.parse(readFileSync(path.join(out, 'A-no-surveillance', 'run.json'), 'utf8')) as { seeds: number[] };
  const b = JSON.parse(readFileSync(path.join(out, 'B-article-2019', 'run.json'), 'utf8')) as { seeds: number[] };
  assert.deepEqual(b.seeds, a.seeds, 'both sides ran on the same seeds');
  assert.match(ran.stdout, /stored as no-surveillance-\d{8}T\d{6}-[0-9a-f]{8}/);
});

test('compare refuses a malformed band and an invalid scenario with exit 1, writing nothing', () => {
  const out = path.join(tmp, 'bad');
  const band = scoresim('compare', 'scenarios/minimal.yaml', 'scenarios/minimal.yaml', '--band', '1.2,0.8', '--out', out);
  assert.equal(band.status, 1);
  assert.match(band.stderr, /expected LO,HI with 0 < LO < 1 < HI/);
  const missing = scoresim('compare', 'scenarios/minimal.yaml', path.join(tmp, 'absent.yaml'), '--out', out, '--no-store');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /absent\.yaml:1:1: \(root\): cannot read the scenario: no such file/);
  assert.equal(existsSync(out), false);
});
