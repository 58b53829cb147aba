// Specifies `scoresim odd`: the ODD description has the seven elements and eleven design concepts in
// order, is generated from the scenario's values and the code (not canned), and a bad scenario fails located.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHASES } from '../../src/engine/mechanism.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import { METRIC_DOCS } from '../../src/metrics/summary.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { oddMarkdown } from '../../src/scenario/odd.ts';
import { MECHANISM_NOTES } from '../../src/scenario/odd-notes.ts';
import { undescribedBitConstants } from '../../src/scenario/odd-state.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCENARIOS = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
const readScenario = (name: string) => readFileSync(join(ROOT, 'scenarios', name), 'utf8');

const ELEMENTS = [
  '## 1. Purpose and patterns',
  '## 2. Entities, state variables and scales',
  '## 3. Process overview and scheduling',
  '## 4. Design concepts',
  '## 5. Initialization',
  '## 6. Input data',
  '## 7. Submodels',
];
const CONCEPTS = [
  'Basic principles', 'Emergence', 'Adaptation', 'Objectives', 'Learning', 'Prediction',
  'Sensing', 'Interaction', 'Stochasticity', 'Collectives', 'Observation',
];

function odd(text: string, file = 'test.yaml'): { markdown: string; keys: Set<string> } {
  const loaded = loadScenarioText(text, file);
  if (!loaded.ok) assert.fail(loaded.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return { markdown: oddMarkdown({ spec: loaded.spec, plan: loaded.plan, source: { file, text } }), keys: new Set(MECHANISMS.map((m) => m.key).filter((k) => loaded.spec[k] !== undefined)) };
}

/** The text between a heading line and the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Cells of the table row whose first cell is `first`, within `text`. */
function row(text: string, first: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`| ${first} |`));
  assert.ok(line !== undefined, `no row starting with ${first}`);
  return line.slice(2, -2).split(' | ');
}

const article = odd(readScenario('article-2019.yaml'), 'scenarios/article-2019.yaml').markdown;

for (const name of SCENARIOS) {
  test(`${name}: the ODD description has the seven elements in order and all eleven design concepts`, () => {
    const { markdown, keys } = odd(readScenario(name), `scenarios/${name}`);
    const lines = markdown.split('\n');
    const elements = lines.filter((l) => l.startsWith('## '));
    assert.deepEqual(elements, ELEMENTS);
    const concepts = section(markdown, '## 4. Design concepts').split('\n').filter((l) => l.startsWith('### '));
    assert.deepEqual(concepts, CONCEPTS.map((c, i) => `### 4.${i + 1} ${c}`));
    for (const c of CONCEPTS.map((t, i) => `### 4.${i + 1} ${t}`)) assert.notEqual(section(markdown, c).trim(), '', `${c} is empty`);

    const submodels = section(markdown, '## 7. Submodels').split('\n').filter((l) => l.startsWith('### ')).map((l) => l.replace(/^### 7\.\d+ /, ''));
    assert.deepEqual(submodels, MECHANISMS.map((m) => m.key).filter((k) => keys.has(k)), 'one submodel per configured mechanism, in registry order');
  });

  test(`${name}: the schedule lists the engine's phases in order, each with the configured mechanisms that step in it`, () => {
    const { markdown, keys } = odd(readScenario(name));
    const schedule = section(markdown, '## 3. Process overview and scheduling');
    const phaseRows = schedule.split('\n').filter((l) => /^\| `[a-z]+` \|/.test(l)).map((l) => l.slice(2, -2).split(' | '));
    assert.deepEqual(phaseRows.map((r) => r[0]), PHASES.map((p) => `\`${p}\``));
    for (const [i, phase] of PHASES.entries()) {
      const expected = MECHANISMS.filter((m) => keys.has(m.key) && m.phases.includes(phase)).map((m) => `\`${m.key}\``);
      assert.equal(phaseRows[i][1], expected.length === 0 ? 'none configured' : expected.join(', '), `mechanisms of ${phase}`);
    }
  });
}

test('article-2019: values from the file appear in the description', () => {
  assert.deepEqual(row(section(article, '### 7.3 cameras'), '`rampTo`').slice(0, 2), ['`rampTo`', '3.35']);
  const entities = section(article, '## 2. Entities, state variables and scales');
  assert.deepEqual(row(entities, '`majority`').slice(0, 2), ['`majority`', '0.91']);
  assert.deepEqual(row(entities, '`minority`').slice(0, 3), ['`minority`', '0.09', '`frontier`']);
  assert.deepEqual(row(entities, '`megacity`').slice(0, 4), ['`megacity`', '`urban`', '0.2', '168']);
  const gates = section(article, '### 7.8 gates');
  const header = gates.split('\n').find((l) => l.startsWith('| key |'))!;
  for (const gate of ['phoneRegistration', 'mobileInternet', 'smartphonePurchase', 'trainTicket', 'planeTicket', 'schoolEnrolment', 'jobApplication']) {
    assert.ok(header.includes(`\`${gate}\``), `gate ${gate} in the gates table`);
  }
  assert.deepEqual(row(gates, '`yearlyOnDay`').slice(1, 8), ['—', '—', '—', '—', '—', '244', '—']);
  assert.match(section(article, '## 5. Initialization'), /seed 2019 with 1,000,000 agents for 365 days/);
  assert.match(section(article, '### 7.10 sanctions'), /`grade == "D" \\\|\\\| "courtDebt" in lists`/, 'a CEL condition, verbatim, pipes escaped for the table');
});

test('a mechanism absent from a scenario has no submodel section', () => {
  const { markdown } = odd(readScenario('minimal.yaml'));
  for (const key of ['gates', 'breach', 'adaptation', 'monitoring', 'registry', 'records', 'perks']) {
    assert.doesNotMatch(markdown, new RegExp(`^### 7\\.\\d+ ${key}$`, 'm'), `${key} has a submodel in minimal.yaml`);
  }
  assert.match(section(markdown, '## 3. Process overview and scheduling'), /Not configured, so never stepping: .*`gates`/);
});

test('adaptation, learning and prediction follow whether the scenario has an adaptation section', () => {
  const minimal = odd(readScenario('minimal.yaml')).markdown;
  assert.match(section(minimal, '### 4.3 Adaptation'), /^\s*Not modelled: this scenario has no `adaptation` section/);
  assert.match(section(minimal, '### 4.7 Sensing'), /Agents sense nothing/);
  assert.doesNotMatch(section(minimal, '### 4.5 Learning'), /coefficients/);

  const adapted = section(article, '### 4.3 Adaptation');
  assert.doesNotMatch(adapted, /Not modelled/);
  assert.match(adapted, /exp\(−0\.5 × p_detect − 0\.5 × \[recorded score below base\]\)/);
  assert.match(adapted, /exp\(−0\.2 × coverage − 0\.5 × flagged posts .* − 0\.3 × \[household member/);
  assert.match(section(article, '### 4.5 Learning'), /Not modelled.*\n\nThe coefficients do not change/);
  assert.match(section(article, '### 4.6 Prediction'), /Not modelled.*\n\nAgents respond to the present state/);

  const withoutAdaptation = readScenario('article-2019.yaml').replace(/\nadaptation:\n(  .*\n|\n)*?(?=\ncameras:)/, '\n');
  assert.match(section(odd(withoutAdaptation).markdown, '### 4.3 Adaptation'), /^\s*Not modelled/);
});

test('changing a parameter in the scenario text changes the description accordingly', () => {
  const text = readScenario('article-2019.yaml');
  const changed = odd(text.replace('rampTo: 3.35', 'rampTo: 2.5').replace('name: trainTicket', 'name: busTicket').replace('day: 300', 'day: 120')).markdown;
  assert.deepEqual(row(section(changed, '### 7.3 cameras'), '`rampTo`').slice(0, 2), ['`rampTo`', '2.5']);
  assert.doesNotMatch(changed, /3\.35/);
  assert.match(section(changed, '### 4.7 Sensing'), /growing linearly to 2\.5 ×/);
  assert.notDeepEqual(row(section(changed, '### 4.7 Sensing'), '`countryside`'), row(section(article, '### 4.7 Sensing'), '`countryside`'), 'detection probabilities follow rampTo');
  assert.match(changed, /`busTicket`/);
  assert.doesNotMatch(changed, /trainTicket/);
  assert.match(section(changed, '### 4.1 Basic principles'), /A data breach on day 120/);

  const smaller = odd(readScenario('minimal.yaml').replace('agents: 100000', 'agents: 5000').replace('share: 0.9 ', 'share: 0.8 ').replace('share: 0.1\n', 'share: 0.2\n')).markdown;
  assert.match(smaller, /5,000 synthetic persons/);
  assert.deepEqual(row(section(smaller, '## 2. Entities, state variables and scales'), '`minority`'), ['`minority`', '0.2', '`east`', '1,000']);
});

test('state variables come from the columns and the mechanisms\' reads and writes', () => {
  assert.deepEqual(undescribedBitConstants(), [], 'every FLAG_/HOUSEHOLD_ constant of engine/columns.ts is described');
  const { markdown, keys } = odd(readScenario('minimal.yaml'));
  const entities = section(markdown, '## 2. Entities, state variables and scales');
  for (const column of ['score', 'trueScore', 'touched', 'flags', 'household'] as const) {
    const cells = row(entities, `\`${column}\``);
    const by = (kind: 'reads' | 'writes') => MECHANISMS.filter((m) => keys.has(m.key) && m[kind].includes(column)).map((m) => `\`${m.key}\``).join(', ') || 'none';
    assert.deepEqual(cells.slice(2), [by('reads'), by('writes')], column);
  }
  assert.match(row(entities, '`FLAG_SANCTION_SHIFT`')[3], /^0: travelBan$/);
  assert.match(row(section(article, '## 2. Entities, state variables and scales'), '`FLAG_LIST_SHIFT`')[3], /^16: courtDebt$/);
});

test('every mechanism contributes to the design concepts and says what it draws at random', () => {
  for (const m of MECHANISMS) assert.ok(MECHANISM_NOTES[m.key] !== undefined, `${m.key} has no ODD notes in src/scenario/odd-notes.ts`);
  const streams = section(article, '### 4.9 Stochasticity');
  for (const m of MECHANISMS) assert.equal(row(streams, `\`${m.key}\``)[1], String(m.stream));
});

test('observation lists every metric and the output files; input data states that no external data is read', () => {
  const observation = section(article, '### 4.11 Observation');
  for (const metric of Object.keys(METRIC_DOCS)) assert.ok(row(observation, `\`${metric}\``)[1] === METRIC_DOCS[metric], metric);
  for (const file of ['summary.json', 'daily.csv', 'trace.jsonl']) assert.ok(observation.includes(`\`${file}\``), file);
  const input = section(article, '## 6. Input data');
  assert.match(input, /^\s*None: the model reads no external data\. The population is synthetic/);
  assert.match(input, /`scenarios\/article-2019\.yaml` \(SHA-256 `[0-9a-f]{64}`\)/);
});

/** Runs `scoresim odd` through its command file alone (not main.ts), returning status and output. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = "import { Command } from 'commander'; import { registerOdd } from './src/cli/odd.ts'; const p = new Command(); registerOdd(p); await p.parseAsync(process.argv.slice(1), { from: 'user' });";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'odd', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('scoresim odd writes the description to stdout or --out, and a bad scenario lists located errors and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scoresim-odd-'));
  try {
    const out = join(dir, 'odd.md');
    const written = cli([join(ROOT, 'scenarios/minimal.yaml'), '--out', out]);
    assert.equal(written.status, 0, written.stderr);
    assert.match(readFileSync(out, 'utf8'), /^# ODD description: minimal\n/);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readScenario('minimal.yaml').replace('ratePerDay: 0.01', 'ratePerDay: 2').replace('tpir: 0.9 ', 'tpir: 1.5 '));
    const failed = cli([bad]);
    assert.equal(failed.status, 1);
    assert.equal(failed.stdout, '');
    assert.deepEqual(failed.stderr.trim().split('\n').map((l) => l.slice(bad.length).replace(/: [^:]*$/, '')), [
      ':35:17: behaviours[0].ratePerDay',
      ':42:11: cameras.identification.tpir',
    ], 'every problem, located, as FILE:LINE:COL: key.path: message');
    assert.ok(failed.stderr.startsWith(`${bad}:`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
