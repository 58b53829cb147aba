// Specifies loadYaml: YAML text + a zod schema give a typed value, or every problem at once as
// `file:line:col: path: message` in plain words, sorted by position, and never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { formatLocatedError, loadYaml, parseYamlSource, validateSource, type LocatedError } from '../../src/scenario/yaml-load.ts';

const Behaviour = z.strictObject({
  name: z.string(),
  ratePerDay: z.number().min(0).max(1),
  kind: z.enum(['theft', 'jaywalking', 'protest']),
});
const TestSchema = z.strictObject({
  name: z.string(),
  population: z.strictObject({ agents: z.number().int().min(1), seed: z.number().optional() }),
  behaviours: z.array(Behaviour),
  scoring: z.strictObject({
    start: z.number(),
    decay: z.union([z.number().min(0).max(1), z.literal('none')]),
  }),
});

const VALID = `name: demo
population:
  agents: 1000
  seed: 7
behaviours:
  - name: litter
    ratePerDay: 0.1
    kind: theft
  - name: cross
    ratePerDay: 0.5
    kind: jaywalking
scoring:
  start: 100
  decay: none
`;

function lines(result: { ok: true } | { ok: false; errors: LocatedError[] }): string[] {
  return result.ok ? [] : result.errors.map(formatLocatedError);
}

test('a valid file loads into a typed value', () => {
  const result = loadYaml(VALID, 'demo.yaml', TestSchema);
  assert.ok(result.ok);
  assert.equal(result.value.population.agents, 1000);
  assert.deepEqual(result.value.behaviours.map((b) => b.kind), ['theft', 'jaywalking']);
  assert.equal(result.value.scoring.decay, 'none');
});

test('a syntax error is located exactly, at the offending character', () => {
  const text = VALID.replace('decay: none', 'decay: none: 1');
  assert.deepEqual(lines(loadYaml(text, 'bad.yaml', TestSchema)), [
    'bad.yaml:14:10: (root): Nested mappings are not allowed in compact mappings',
  ]);
});

test('syntax errors and duplicate keys across a file are all reported at once', () => {
  const text = VALID.replace('name: demo', 'name: @demo').replace('  seed: 7', '  seed: 7\n  seed: 8').replace('decay: none', 'decay: [none]]');
  assert.deepEqual(lines(loadYaml(text, 'bad.yaml', TestSchema)), [
    'bad.yaml:1:7: (root): Plain value cannot start with reserved character @',
    'bad.yaml:5:3: population.seed: Map keys must be unique',
    'bad.yaml:15:16: (root): Unexpected flow-seq-end token in YAML stream: "]"',
  ]);
});

test('an unclosed flow sequence is reported at the line where the parser gives up', () => {
  const text = 'name: demo\npopulation:\n  agents: [1, 2\nscoring: {}\n';
  assert.deepEqual(lines(loadYaml(text, 'bad.yaml', TestSchema)), [
    'bad.yaml:4:1: (root): Flow sequence in block collection must be sufficiently indented and end with a ]',
  ]);
});

test('several problems in one file are all reported at once, sorted by line and column', () => {
  const text = `name: demo
population:
  agents: abc
behaviours:
  - name: litter
    ratePerDay: 1.5
    kind: thief
  - ratePerDay: -0.5
    kind: protest
scoring:
  start: 100
  decay: nope
`;
  assert.deepEqual(lines(loadYaml(text, 'many.yaml', TestSchema)), [
    'many.yaml:3:11: population.agents: expected a number, got "abc"',
    'many.yaml:6:17: behaviours[0].ratePerDay: must be at most 1',
    'many.yaml:7:11: behaviours[0].kind: must be one of "theft", "jaywalking", "protest", got "thief"; did you mean "theft"?',
    'many.yaml:8:5: behaviours[1].name: required',
    'many.yaml:8:17: behaviours[1].ratePerDay: must be at least 0',
    'many.yaml:12:10: scoring.decay: expected a number or "none", got "nope"',
  ]);
});

test('an unknown key is located at the key, with a did-you-mean hint for a close known key', () => {
  const text = VALID.replace('    ratePerDay: 0.5', '    ratePerDya: 0.5').replace('  seed: 7', '  Seed: 7');
  assert.deepEqual(lines(loadYaml(text, 'typo.yaml', TestSchema)), [
    'typo.yaml:4:3: population.Seed: unknown key "Seed"; did you mean "seed"?',
    'typo.yaml:9:5: behaviours[1].ratePerDay: required',
    'typo.yaml:10:5: behaviours[1].ratePerDya: unknown key "ratePerDya"; did you mean "ratePerDay"?',
  ]);
});

test('an unknown key far from every known key gets no hint', () => {
  const text = `${VALID}colour: blue\n`;
  assert.deepEqual(lines(loadYaml(text, 'x.yaml', TestSchema)), ['x.yaml:15:1: colour: unknown key "colour"']);
});

test('a missing required key is located at its parent map', () => {
  const text = VALID.replace('  start: 100\n', '');
  assert.deepEqual(lines(loadYaml(text, 'm.yaml', TestSchema)), ['m.yaml:13:3: scoring.start: required']);
});

test('an empty or comment-only document is one error at 1:1', () => {
  assert.deepEqual(lines(loadYaml('', 'e.yaml', TestSchema)), ['e.yaml:1:1: (root): the file is empty']);
  assert.deepEqual(lines(loadYaml('# nothing\n\n', 'e.yaml', TestSchema)), ['e.yaml:1:1: (root): the file is empty']);
});

test('a document of the wrong shape says what was expected', () => {
  assert.deepEqual(lines(loadYaml('- 1\n', 'l.yaml', TestSchema)), ['l.yaml:1:1: (root): expected a mapping, got a list']);
});

test('duplicate keys, unknown aliases and collection keys are located parse errors', () => {
  assert.deepEqual(lines(parseYamlSource('a: 1\nb: 2\na: 3\n', 'd.yaml')), ['d.yaml:3:1: a: Map keys must be unique']);
  assert.deepEqual(lines(parseYamlSource('a: 1\nb: *nowhere\n', 'd.yaml')), [
    'd.yaml:2:4: b: unknown alias *nowhere: no anchor &nowhere is defined before it',
  ]);
  assert.deepEqual(lines(parseYamlSource('? [x]\n: 1\n', 'd.yaml')), ['d.yaml:1:3: (root): keys must be plain names, not lists, mappings or aliases']);
});

test('unknown tags and non-data values are reported rather than silently converted', () => {
  assert.deepEqual(lines(parseYamlSource('a: !js/function "() => 1"\nb: !!binary aGk=\n', 't.yaml')), [
    't.yaml:1:4: a: Unresolved tag: !js/function',
    't.yaml:2:4: b: Unresolved tag: !!binary',
  ]);
  assert.deepEqual(lines(parseYamlSource('%YAML 1.1\n---\nday: 2001-12-14\n', 't.yaml')), [
    't.yaml:3:6: day: a date is not supported here; quote it to use it as text',
  ]);
});

test('an alias bomb is refused with a located error instead of being expanded', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const name of ['b', 'c', 'd', 'e', 'f']) {
    const prev = String.fromCharCode(name.charCodeAt(0) - 1);
    bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  const result = loadYaml(`${bomb.join('\n')}\n`, 'bomb.yaml', z.record(z.string(), z.unknown()));
  assert.equal(result.ok, false);
  assert.match(lines(result)[0], /^bomb\.yaml:2:\d+: \(root\): could not expand the YAML: .*alias/i);
});

test('messages a schema sets itself are kept, others are put in plain words', () => {
  const schema = z.strictObject({
    size: z.number().refine((n) => n % 2 === 0, 'must be even'),
    label: z.string({ error: 'give the label as text' }),
    tags: z.array(z.string()).min(2),
    code: z.string().regex(/^[A-Z]+$/),
    ratio: z.number().positive(),
  });
  const text = 'size: 3\nlabel: 5\ntags: [a]\ncode: abc\nratio: 0\n';
  assert.deepEqual(lines(loadYaml(text, 'w.yaml', schema)), [
    'w.yaml:1:7: size: must be even',
    'w.yaml:2:8: label: give the label as text',
    'w.yaml:3:7: tags: must have at least 2 items',
    'w.yaml:4:7: code: must match the pattern /^[A-Z]+$/',
    'w.yaml:5:8: ratio: must be greater than 0',
  ]);
});

test('hints walk the schema through optional, default, nullable, lazy, pipe, tuple and record', () => {
  type Tree = { label: string; children?: Tree[] };
  const tree: z.ZodType<Tree> = z.lazy(() => z.strictObject({ label: z.string(), children: z.array(tree).optional() }));
  const schema = z.strictObject({
    tree,
    wrapped: z.strictObject({ inner: z.strictObject({ depth: z.number() }).nullable() }).default({ inner: null }),
    piped: z.strictObject({ amount: z.number() }).transform((v) => v.amount),
    pair: z.tuple([z.string(), z.strictObject({ weight: z.number() })]),
    byName: z.record(z.string(), z.strictObject({ ratePerDay: z.number() })),
    byKind: z.record(z.enum(['theft', 'protest']), z.number()).optional(),
  });
  const text = [
    'tree: {label: root, children: [{label: kid, childern: []}]}',
    'wrapped: {inner: {dept: 1}}',
    'piped: {amont: 3}',
    'pair: [a, {wieght: 2}]',
    'byName: {x: {ratePerDy: 1}}',
    'byKind: {theft: 1, protest: 2, thef: 3}',
    '',
  ].join('\n');
  assert.deepEqual(lines(loadYaml(text, 's.yaml', schema)), [
    's.yaml:1:45: tree.children[0].childern: unknown key "childern"; did you mean "children"?',
    's.yaml:2:18: wrapped.inner.depth: required',
    's.yaml:2:19: wrapped.inner.dept: unknown key "dept"; did you mean "depth"?',
    's.yaml:3:8: piped.amount: required',
    's.yaml:3:9: piped.amont: unknown key "amont"; did you mean "amount"?',
    's.yaml:4:11: pair[1].weight: required',
    's.yaml:4:12: pair[1].wieght: unknown key "wieght"; did you mean "weight"?',
    's.yaml:5:13: byName.x.ratePerDay: required',
    's.yaml:5:14: byName.x.ratePerDy: unknown key "ratePerDy"; did you mean "ratePerDay"?',
    's.yaml:6:32: byKind.thef: unknown key "thef"; did you mean "theft"?',
  ]);
});

test('a union of objects reports the errors of the option the file most likely meant', () => {
  const schema = z.strictObject({
    rule: z.union([
      z.strictObject({ kind: z.literal('cap'), max: z.number() }),
      z.strictObject({ kind: z.literal('floor'), min: z.number() }),
    ]),
    gate: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('score'), below: z.number() }),
      z.strictObject({ kind: z.literal('record'), offences: z.number() }),
    ]),
  });
  const text = 'rule:\n  kind: cap\n  max: high\n  mx: 1\ngate:\n  kind: scor\n';
  assert.deepEqual(lines(loadYaml(text, 'u.yaml', schema)), [
    'u.yaml:3:8: rule.max: expected a number, got "high"',
    'u.yaml:4:3: rule.mx: unknown key "mx"; did you mean "max"?',
    'u.yaml:6:9: gate.kind: must be one of "score", "record", got "scor"; did you mean "score"?',
  ]);
});

test('validateSource reuses a parsed source', () => {
  const parsed = parseYamlSource(VALID, 'v.yaml');
  assert.ok(parsed.ok);
  const result = validateSource(parsed.source, TestSchema);
  assert.ok(result.ok);
  assert.equal(result.value.name, 'demo');
});

type Mutation = { kind: 'delete' | 'duplicate' | 'value' | 'rename' | 'insert'; line: number; pos: number; text: string };

function mutate(text: string, m: Mutation): string {
  const rows = text.split('\n');
  const i = m.line % rows.length;
  const row = rows[i];
  const colon = row.indexOf(':');
  switch (m.kind) {
    case 'delete': rows.splice(i, 1); break;
    case 'duplicate': rows.splice(i, 0, row); break;
    case 'value': if (colon >= 0) rows[i] = `${row.slice(0, colon + 1)} ${m.text}`; break;
    case 'rename': {
      const indent = row.length - row.replace(/^[\s-]+/, '').length;
      if (colon >= 0) rows[i] = `${row.slice(0, indent)}${m.text}${row.slice(colon)}`;
      break;
    }
    case 'insert': { const at = m.pos % (text.length + 1); return text.slice(0, at) + m.text + text.slice(at); }
  }
  return rows.join('\n');
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'value', 'rename', 'insert'),
  line: fc.nat(),
  pos: fc.nat(),
  text: fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom(':', '- ', '[', '{', '"', "'", '|', '>', '&a', '*a', '!!', '#', '\t', '\n', '\r', '? ', '%YAML 1.2', '---', '...'),
    fc.double().map(String),
    fc.integer().map(String),
  ),
});

test('random mutations of a valid file load or give located errors inside the text, never throw', () => {
  fc.assert(
    fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
      const text = mutations.reduce(mutate, VALID);
      const result = loadYaml(text, 'mut.yaml', TestSchema);
      if (result.ok) return;
      assert.ok(result.errors.length >= 1);
      const rows = text.split('\n');
      for (const e of result.errors) {
        assert.ok(e.line >= 1 && e.line <= rows.length, `line ${e.line} of ${rows.length}`);
        assert.ok(e.col >= 1 && e.col <= rows[e.line - 1].length + 1, `col ${e.col} on line ${e.line}`);
        assert.ok(formatLocatedError(e).startsWith(`mut.yaml:${e.line}:${e.col}: `));
      }
      for (let k = 1; k < result.errors.length; k++) {
        const [a, b] = [result.errors[k - 1], result.errors[k]];
        assert.ok(a.line < b.line || (a.line === b.line && a.col <= b.col), 'sorted by line then column');
      }
    }),
    { numRuns: 500 },
  );
});
