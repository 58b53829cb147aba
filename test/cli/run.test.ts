// Specifies the command line as a user meets it, through the built dist/cli/main.js: `run` (outputs,
// progress, exit codes 0/1/2), `validate` and `schema`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { DAILY_COLUMNS, type RunSummary } from '../../src/metrics/summary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');
const SCENARIOS = ['scenarios/minimal.yaml', 'scenarios/social-credit-2019.yaml'];
const SMALL = ['--agents', '20000', '--days', '30'];
const LINE = /^[^:]+:\d+:\d+: [^:]+: .+/;

let tmp = '';

before(() => {
  if (!existsSync(MAIN)) execSync('npm run build', { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-cli-'));
});

after(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

interface Ran { status: number | null; stdout: string; stderr: string }

/** Runs the CLI; a `run` saves into the test's own results store unless it names one. */
function scoresim(...args: string[]): Ran {
  const withStore = args[0] === 'run' && !args.includes('--db') && !args.includes('--no-store') ? [...args, '--db', path.join(tmp, 'results.duckdb')] : args;
  const r = spawnSync(process.execPath, [MAIN, ...withStore], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let outs = 0;
/** A fresh, not yet existing output folder under the test's temporary directory. */
function freshOut(): string {
  return path.join(tmp, `out-${++outs}`);
}

/** A scenario file under the temporary directory with `text` as its contents. */
function scenarioFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

function groupsOf(file: string): string[] {
  const loaded = loadScenarioText(read(file), file);
  if (!loaded.ok) assert.fail(`shipped scenario ${file} does not load`);
  return loaded.plan.groups;
}

/** 1-based line:col of the first occurrence of `needle` in `text` at or after the first `after`. */
function where(text: string, needle: string, after = ''): string {
  const offset = text.indexOf(needle, text.indexOf(after));
  assert.ok(offset >= 0, `fixture: ${needle} not found`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

const jsonRuns = new Map<string, { ran: Ran; out: string }>();
/** `run --json` of a shipped scenario at 20,000 agents × 30 days and seed 7, run once per file. */
function jsonRun(file: string): { ran: Ran; out: string } {
  let cached = jsonRuns.get(file);
  if (cached === undefined) {
    const out = freshOut();
    cached = { ran: scoresim('run', file, ...SMALL, '--seed', '7', '--out', out, '--json'), out };
    jsonRuns.set(file, cached);
  }
  return cached;
}

const TABLE_METRICS = ['sanctionRate', 'wrongfulSanctionRate', 'sanctionFalsePositiveRate', 'recordedEventsPerAgent', 'meanScore', 'giniScore'];

for (const file of SCENARIOS) {
  test(`run --json prints the summary.json it wrote, with every metric by group and the overrides applied (${file})`, () => {
    const { ran, out } = jsonRun(file);
    assert.equal(ran.status, 0, ran.stderr);
    const written = readFileSync(path.join(out, 'summary.json'), 'utf8');
    assert.equal(ran.stdout, written);
    const summary = JSON.parse(ran.stdout) as RunSummary;
    assert.deepEqual(Object.keys(summary).sort(), ['agents', 'billboard', 'counts', 'days', 'disparateImpact', 'elapsedSeconds', 'metrics', 'rateDifference', 'replicates', 'scenario', 'scoreHistogram', 'seed', 'seeds', 'workers', 'wrongfullySanctioned']);
    assert.equal(summary.scenario, path.basename(file, '.yaml'));
    assert.equal(summary.agents, 20000);
    assert.equal(summary.days, 30);
    assert.equal(summary.seed, 7);
    assert.ok(Number.isInteger(summary.workers) && summary.workers >= 1);
    assert.ok(summary.elapsedSeconds >= 0);
    const groups = groupsOf(file);
    for (const name of TABLE_METRICS) {
      const m = summary.metrics[name];
      assert.ok(m !== undefined, `metric ${name}`);
      assert.equal(typeof m.overall, 'number');
      assert.deepEqual(Object.keys(m.byGroup), groups, `${name}.byGroup has every group of the scenario`);
      for (const g of groups) assert.ok(Number.isFinite(m.byGroup[g]), `${name}.byGroup.${g}`);
    }
    for (const name of ['sanctionRate', 'wrongfulSanctionRate', 'sanctionFalsePositiveRate', 'recordedEventsPerAgent']) {
      const di = summary.disparateImpact[name];
      assert.ok(di >= 0 && di <= 1, `disparateImpact.${name} = ${di}`);
    }
  });

  test(`daily.csv has the documented header, one row per day and group, and events that add up to eventsPerAgent (${file})`, () => {
    const { ran, out } = jsonRun(file);
    assert.equal(ran.status, 0, ran.stderr);
    const summary = JSON.parse(ran.stdout) as RunSummary;
    const groups = groupsOf(file);
    const [header, ...rows] = readFileSync(path.join(out, 'daily.csv'), 'utf8').trimEnd().split('\n');
    const columns = header.split(',');
    assert.deepEqual(columns.slice(0, DAILY_COLUMNS.length), [...DAILY_COLUMNS], 'the core columns come first');
    for (const name of columns.slice(DAILY_COLUMNS.length)) assert.ok(name in summary.counts, `declared counter ${name} is also in counts`);
    assert.equal(rows.length, 30 * groups.length);
    const cells = rows.map((r) => r.split(','));
    const expectedKeys = Array.from({ length: 30 }, (_, d) => groups.map((g) => `${d + 1},${g}`)).flat();
    assert.deepEqual(cells.map((c) => `${c[0]},${c[1]}`), expectedKeys, 'days 1..30, every group each day, in order');
    for (const c of cells) assert.equal(c.length, columns.length);
    const events = cells.reduce((sum, c) => sum + Number(c[DAILY_COLUMNS.indexOf('events')]), 0);
    assert.ok(events > 0, 'the run had events');
    const expected = summary.metrics.eventsPerAgent.overall * summary.agents;
    assert.ok(Math.abs(events - expected) <= 1e-9 * expected, `daily events ${events} vs eventsPerAgent × agents ${expected}`);
  });
}

test('run without --json prints the summary table on stdout and plain "day N/D" progress lines on stderr', () => {
  const out = freshOut();
  const ran = scoresim('run', 'scenarios/minimal.yaml', ...SMALL, '--seed', '3', '--out', out);
  assert.equal(ran.status, 0, ran.stderr);
  const lines = ran.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^minimal: 20,000 agents × 30 days, seed 3, \d+ workers?, [\d.]+ s$/);
  for (const name of TABLE_METRICS) assert.ok(lines.some((l) => l.startsWith(`${name} `)), `table row ${name}`);
  assert.ok(lines.some((l) => l.startsWith('disparate impact: sanctionRate')));
  const wrote = lines.find((l) => l.startsWith('wrote '));
  assert.equal(wrote, `wrote ${['summary.json', 'daily.csv', 'run.json', 'report.html'].map((f) => path.join(out, f)).join(', ')}`);
  assert.doesNotMatch(ran.stdout, /day \d+\/30/);
  const progress = ran.stderr.trimEnd().split('\n');
  assert.ok(progress.length >= 2, ran.stderr);
  for (const l of progress) assert.match(l, /^minimal: day \d+\/30 \(\d+%\), /);
  assert.match(progress[progress.length - 1], /^minimal: day 30\/30 \(100%\)/);
  assert.ok(existsSync(path.join(out, 'summary.json')) && existsSync(path.join(out, 'daily.csv')));
});

test('run of an invalid scenario exits 1 with located problems and writes nothing', () => {
  const text = read('scenarios/minimal.yaml').replace('ratePerDay: 0.01', 'ratePerDya: 0.01');
  const file = scenarioFile('typo.yaml', text);
  const out = freshOut();
  const ran = scoresim('run', file, ...SMALL, '--out', out);
  assert.equal(ran.status, 1);
  assert.equal(ran.stdout, '');
  assert.ok(ran.stderr.includes(`${file}:${where(text, 'ratePerDya')}: behaviours[0].ratePerDya: unknown key "ratePerDya"`), ran.stderr);
  for (const l of ran.stderr.trimEnd().split('\n')) assert.match(l, LINE);
  assert.equal(existsSync(out), false);
});

for (const agents of ['abc', '0']) {
  test(`run --agents ${agents} exits 1 naming the option and the value, and writes nothing`, () => {
    const out = freshOut();
    const ran = scoresim('run', 'scenarios/minimal.yaml', '--agents', agents, '--days', '30', '--out', out);
    assert.equal(ran.status, 1);
    assert.match(ran.stderr, new RegExp(`--agents <n>' argument '${agents}' is invalid`));
    assert.equal(existsSync(out), false);
  });
}

test('run of a missing file exits 1 with "no such file" at that path, and writes nothing', () => {
  const file = path.join(tmp, 'absent.yaml');
  const out = freshOut();
  const ran = scoresim('run', file, ...SMALL, '--out', out);
  assert.equal(ran.status, 1);
  assert.equal(ran.stderr.trimEnd(), `${file}:1:1: (root): cannot read the scenario: no such file`);
  assert.equal(existsSync(out), false);
});

/** Checks that a run was refused for memory (exit 2, the estimate, the budget) and returns the largest population it names. */
function refusal(ran: Ran, budget: string): number {
  assert.equal(ran.status, 2, ran.stderr);
  assert.match(ran.stderr, /refused/);
  assert.match(ran.stderr, /needs about \d+(\.\d)? (B|KiB|MiB|GiB|TiB)/, 'states the estimate');
  assert.match(ran.stderr, new RegExp(`${budget.replace('.', '\\.')} is available`));
  const m = /the largest population that fits is about ([\d,]+) agents/.exec(ran.stderr);
  assert.ok(m !== null, ran.stderr);
  return Number(m[1].replace(/,/g, ''));
}

test('run exits 2 refusing 100,000,000 agents in 1GiB, stating the estimate and the largest population, and creates no output folder', () => {
  const out = freshOut();
  const largest = refusal(scoresim('run', 'scenarios/minimal.yaml', '--agents', '100000000', '--max-memory', '1GiB', '--workers', '1', '--out', out), '1.0 GiB');
  assert.ok(Number.isInteger(largest) && largest >= 1 && largest < 100_000_000);
  assert.equal(existsSync(out), false);
});

test('a budget below what the process itself needs is refused with "no population fits", not with a population of 0', () => {
  const out = freshOut();
  const ran = scoresim('run', 'scenarios/minimal.yaml', '--agents', '10000000', '--max-memory', '64MiB', '--out', out);
  assert.equal(ran.status, 2, ran.stderr);
  assert.match(ran.stderr, /refused: .* 64\.0 MiB is available; no population fits: the process and its workers alone need about \d+(\.\d)? MiB/);
  assert.doesNotMatch(ran.stderr, /about 0 agents/);
  assert.equal(existsSync(out), false);
});

test('the largest population a refusal names fits the same budget, and a few thousand agents more do not', () => {
  const budget = ['--max-memory', '480MiB', '--workers', '2'];
  const largest = refusal(scoresim('run', 'scenarios/minimal.yaml', '--agents', '10000000', ...budget, '--out', freshOut()), '480.0 MiB');
  assert.ok(largest >= 1 && largest < 10_000_000, `largest ${largest}`);
  const out = freshOut();
  const accepted = scoresim('run', 'scenarios/minimal.yaml', '--agents', String(largest), '--days', '1', ...budget, '--out', out, '--json');
  assert.equal(accepted.status, 0, accepted.stderr);
  assert.equal((JSON.parse(accepted.stdout) as RunSummary).agents, largest);
  const over = freshOut();
  refusal(scoresim('run', 'scenarios/minimal.yaml', '--agents', String(largest + 5000), '--days', '1', ...budget, '--out', over), '480.0 MiB');
  assert.equal(existsSync(over), false);
});

test('validate exits 0 for both shipped scenarios', () => {
  const ran = scoresim('validate', ...SCENARIOS);
  assert.equal(ran.status, 0, ran.stderr);
  assert.deepEqual(ran.stdout.trimEnd().split('\n'), SCENARIOS.map((f) => `${f}: ok`));
  assert.equal(ran.stderr, '');
});

test('validate of two bad files exits 1 and lists the problems of both, one FILE:LINE:COL: path: message per line', () => {
  const minimal = read('scenarios/minimal.yaml');
  const textA = minimal.replace('tpir: 0.9', 'tpir: 1.9');
  const textB = minimal.replace('enter: grade == "D"', 'enter: grade == "Z"').replace('observedBy: cameras', 'observedBy: records');
  const a = scenarioFile('bad-a.yaml', textA);
  const b = scenarioFile('bad-b.yaml', textB);
  const ran = scoresim('validate', a, b);
  assert.equal(ran.status, 1);
  const lines = ran.stderr.trimEnd().split('\n');
  for (const l of lines) assert.match(l, LINE);
  assert.ok(lines.includes(`${a}:${where(textA, '1.9')}: cameras.identification.tpir: must be at most 1`), ran.stderr);
  assert.ok(lines.some((l) => l.startsWith(`${b}:${where(textB, 'records', 'observedBy: records')}: behaviours[0].observedBy: `)), ran.stderr);
  assert.ok(lines.some((l) => l.startsWith(`${b}:${where(textB, '"Z"')}: sanctions[0].enter: `)), ran.stderr);
});

test('schema prints a JSON Schema whose properties are the scenario keys', () => {
  const ran = scoresim('schema');
  assert.equal(ran.status, 0, ran.stderr);
  const schema = JSON.parse(ran.stdout) as { properties: Record<string, unknown> };
  const keys = Object.keys(schema.properties);
  for (const key of ['name', 'agents', 'days', 'seed', 'population', 'behaviours', 'scoring', 'cameras', 'records', 'sanctions']) {
    assert.ok(keys.includes(key), `schema property ${key}`);
  }
});

test('run saves the run in the results store, and `scoresim runs` lists it with its size and replicates', () => {
  const db = path.join(tmp, 'listed.duckdb');
  const ran = scoresim('run', 'scenarios/minimal.yaml', ...SMALL, '--replicates', '2', '--db', db, '--out', freshOut());
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stderr, /^minimal \(2 replicates\): 60\/60 days \(100%\)/m, 'one progress display for both replicates');
  const id = /stored as (\S+) in /.exec(ran.stdout)?.[1];
  assert.ok(id !== undefined && id.startsWith('minimal-'), ran.stdout);
  const listed = scoresim('runs', '--db', db, '--json');
  assert.equal(listed.status, 0, listed.stderr);
  const rows = JSON.parse(listed.stdout) as { id: string; agents: number; replicates: number }[];
  assert.deepEqual(rows.map((r) => [r.id, r.agents, r.replicates]), [[id, 20000, 2]]);
});
