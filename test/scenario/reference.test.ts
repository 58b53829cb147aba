// Specifies the generated scenario reference and JSON Schema: the committed copies in docs/ are current,
// the reference covers every key, and the shipped scenarios use only keys the schema declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';
import { mapValues, resolveRef, scenarioReferenceMarkdown, scenarioSchemaJson, type JsonSchemaNode } from '../../src/scenario/reference.ts';
import { staleDocs, writeDocs } from '../../src/cli/docs.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REGENERATE = 'regenerate with `node dist/cli/main.js docs` (after npm run build) or `npx tsx src/cli/main.ts docs`';

/** The table row of a key in the reference, e.g. rowOf('population.segregation'). */
function rowOf(reference: string, path: string): string {
  const row = reference.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));
  assert.ok(row !== undefined, `no row for ${path} in the reference`);
  return row;
}

/** Keys in `value` that `schema` does not declare, and required keys `value` lacks, as located messages. */
function schemaMismatches(value: unknown, raw: JsonSchemaNode, root: JsonSchemaNode, path: string): string[] {
  const node = resolveRef(raw, root);
  const branches = node.anyOf ?? node.oneOf;
  if (branches !== undefined) {
    const results = branches.map((b) => schemaMismatches(value, b, root, path));
    return results.find((r) => r.length === 0) ?? results.reduce((a, b) => (b.length < a.length ? b : a));
  }
  if (Array.isArray(value)) {
    if (node.items === undefined) return node.type === 'array' || node.type === undefined ? [] : [`${path}: a list where the schema has ${node.type}`];
    return value.flatMap((item, i) => schemaMismatches(item, node.items!, root, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  const problems: string[] = [];
  const values = mapValues(node);
  for (const [key, child] of Object.entries(value)) {
    const declared = node.properties?.[key] ?? values;
    if (declared === undefined) problems.push(`${path}.${key}: not in the JSON schema`);
    else problems.push(...schemaMismatches(child, declared, root, `${path}.${key}`));
  }
  for (const key of node.required ?? []) if (!(key in value)) problems.push(`${path}.${key}: required by the JSON schema but missing`);
  return problems;
}

test('the committed docs/scenario-reference.md is the generated reference', () => {
  const committed = readFileSync(join(ROOT, 'docs/scenario-reference.md'), 'utf8');
  assert.equal(committed, scenarioReferenceMarkdown(), `docs/scenario-reference.md is out of date; ${REGENERATE}`);
});

test('the committed docs/scenario.schema.json is the generated JSON Schema', () => {
  const committed = readFileSync(join(ROOT, 'docs/scenario.schema.json'), 'utf8');
  assert.equal(committed, scenarioSchemaJson(), `docs/scenario.schema.json is out of date; ${REGENERATE}`);
  assert.deepEqual(JSON.parse(committed), scenarioJsonSchema());
});

test('the reference has a section for every top-level key, core and mechanism alike', () => {
  const reference = scenarioReferenceMarkdown();
  const keys = Object.keys((scenarioJsonSchema() as JsonSchemaNode).properties ?? {});
  for (const key of ['name', 'description', 'agents', 'days', 'seed', 'population', ...MECHANISMS.map((m) => m.key)]) {
    assert.ok(keys.includes(key), `${key} is not a top-level key of the schema`);
    assert.match(reference, new RegExp(`^## ${key}$`, 'm'), `no section for ${key}`);
    rowOf(reference, key);
  }
});

test('each mechanism section opens with its doc paragraph and the columns it reads and writes', () => {
  const reference = scenarioReferenceMarkdown();
  for (const m of MECHANISMS) {
    const section = reference.slice(reference.indexOf(`## ${m.key}\n`));
    assert.ok(section.startsWith(`## ${m.key}\n\n${m.doc}\n`), `${m.key} does not open with its doc`);
    const reads = m.reads.length === 0 ? 'none' : m.reads.map((c) => `\`${c}\``).join(', ');
    assert.ok(section.includes(`Reads columns: ${reads} · writes: `), `${m.key} does not list the columns it reads`);
    assert.ok(section.includes(m.phases.map((p) => `\`${p}\``).join(', ')), `${m.key} does not list its phases`);
  }
});

test('nested keys appear as dotted paths with their type, range, default and description', () => {
  const reference = scenarioReferenceMarkdown();
  assert.match(rowOf(reference, 'population.segregation'), /^\| `population.segregation` \| number, 0 ≤ x ≤ 1 \| `0` \| 0: every group/);
  assert.match(rowOf(reference, 'population.groups[].share'), /\| number, 0 < x ≤ 1 \| \*\*required\*\* \|/);
  assert.match(rowOf(reference, 'population.households.elderShare'), /\| `0.2` \|/);
  assert.match(rowOf(reference, 'behaviours[].kind'), /one of `offence`, `speech`, `reward`/);
  assert.match(rowOf(reference, 'cameras.targeting'), /map of name → \(number, x ≥ 0\)/);
  assert.match(rowOf(reference, 'scoring.rules[].delta'), /integer, -10000 ≤ x ≤ 10000/);
});

test('every shipped scenario uses only keys the JSON schema declares, and all it requires', () => {
  const root = scenarioJsonSchema() as JsonSchemaNode;
  const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.includes('minimal.yaml'));
  for (const file of files) {
    const value: unknown = parse(readFileSync(join(ROOT, 'scenarios', file), 'utf8'));
    assert.deepEqual(schemaMismatches(value, root, root, file.replace(/\.yaml$/, '')), [], `scenarios/${file} and the schema disagree`);
  }
});

test('the scenario check reports an undeclared key and a missing required key', () => {
  const root = scenarioJsonSchema() as JsonSchemaNode;
  const value = { name: 'x', population: { groups: [{ name: 'a', share: 1, sharee: 1 }], households: { sizeShares: [1] }, regions: [{ name: 'r', share: 1 }] }, behaviours: [], scoring: { base: 0, grades: [] } };
  assert.deepEqual(schemaMismatches(value, root, root, 's'), ['s.population.groups[0].sharee: not in the JSON schema', 's.scoring.max: required by the JSON schema but missing']);
});

test('every shipped scenario points editors at docs/scenario.schema.json on its first line', () => {
  for (const file of readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'))) {
    const first = readFileSync(join(ROOT, 'scenarios', file), 'utf8').split('\n')[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    assert.ok(match !== null, `scenarios/${file} does not start with a yaml-language-server $schema line`);
    assert.equal(resolve(ROOT, 'scenarios', match[1]), join(ROOT, 'docs/scenario.schema.json'), `scenarios/${file}`);
  }
});

test('scoresim docs --check finds a missing or edited file and passes after the docs are written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scoresim-docs-'));
  try {
    assert.deepEqual(staleDocs(dir), [join(dir, 'scenario-reference.md'), join(dir, 'scenario.schema.json')]);
    assert.deepEqual(writeDocs(dir), [join(dir, 'scenario-reference.md'), join(dir, 'scenario.schema.json')]);
    assert.deepEqual(staleDocs(dir), []);
    writeFileSync(join(dir, 'scenario.schema.json'), '{}\n');
    assert.deepEqual(staleDocs(dir), [join(dir, 'scenario.schema.json')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
