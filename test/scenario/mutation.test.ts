// Specifies that loadScenarioText never throws on damaged scenario files: any mutation of a shipped
// scenario either still loads or yields a non-empty list of errors located inside the text, each
// printed as one FILE:LINE:COL: path: message line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatLocatedError } from '../../src/scenario/locate.ts';

const SCENARIOS = ['minimal.yaml', 'social-credit-2019.yaml'].map((name) => ({
  name,
  text: readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8'),
}));

/** Values a user might type, or paste by mistake, where a scalar belongs. */
const scalarValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('true', 'false', 'yes', 'no', '~', 'null', '.nan', '-.inf', '1e400', '0x1F', '0o17', '-0', '2019-01-01'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(
    '{ a: 1, b: [2, 3] }', '[1, 2', '{', ']', '"unterminated', "'x", '&anchor 5', '*nowhere', '!!binary aGVsbG8=',
    '!custom x', '|\n  block text', '>-\n  folded', '\n  - a\n  - b', '\n  nested: { deep: [1, { x: y }] }',
    '? complex\n  : key', '- x', 'a: b: c', '"\\x41\\u00e9"', '@reserved', '`tick', '%directive', '#comment only',
  ),
);

const keyName: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 10 }),
  fc.constantFrom('name', 'share', 'agents', 'cameras', 'records', 'when', 'list', 'observedBy', 'kind', 'min', 'max', '<<', '? x', '- y', '"quoted key"', 'a b'),
);

type Mutation =
  | { kind: 'delete'; line: number }
  | { kind: 'duplicate'; line: number }
  | { kind: 'value'; line: number; value: string }
  | { kind: 'rename'; line: number; key: string }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'insert'; at: number; chars: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('value' as const), line: fc.nat(), value: scalarValue }),
  fc.record({ kind: fc.constant('rename' as const), line: fc.nat(), key: keyName }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -6, max: 6 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    chars: fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.constantFrom(':', '-', '\t', '\n', '"', "'", '[', '{', '#', '&', '*', '!', '|', '>', '\r\n', '\0')),
  }),
);

const KEY_LINE = /^(\s*(?:- )?)([^\s:#][^:#]*?)(:)(\s*)([^#]*?)(\s*(?:#.*)?)$/;

/** The text after one mutation; line and offset choices wrap around the text's size. */
function apply(text: string, m: Mutation): string {
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.chars + text.slice(at);
  }
  const lines = text.split('\n');
  const i = m.line % lines.length;
  const line = lines[i];
  switch (m.kind) {
    case 'delete': lines.splice(i, 1); break;
    case 'duplicate': lines.splice(i, 0, line); break;
    case 'indent': lines[i] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), ''); break;
    case 'value': {
      const parts = KEY_LINE.exec(line);
      lines[i] = parts === null ? m.value : `${parts[1]}${parts[2]}: ${m.value}${parts[6]}`;
      break;
    }
    case 'rename': {
      const parts = KEY_LINE.exec(line);
      lines[i] = parts === null ? `${m.key}: ${line.trim()}` : `${parts[1]}${m.key}${parts[3]}${parts[4]}${parts[5]}${parts[6]}`;
      break;
    }
  }
  return lines.join('\n');
}

test('the mutator damages the files: most mutated scenarios are rejected (a guard against a no-op mutator)', () => {
  const samples = fc.sample(fc.tuple(fc.constantFrom(...SCENARIOS), fc.array(mutation, { minLength: 1, maxLength: 3 })), { seed: 99, numRuns: 100 });
  const rejected = samples.filter(([s, ms]) => !loadScenarioText(ms.reduce(apply, s.text), s.name).ok).length;
  assert.ok(rejected >= 40, `only ${rejected} of 100 mutated scenarios were rejected`);
});

test('loadScenarioText never throws on a mutated scenario and locates every error inside the text', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SCENARIOS), fc.array(mutation, { minLength: 1, maxLength: 3 }), (scenario, mutations) => {
      const text = mutations.reduce(apply, scenario.text);
      const result = loadScenarioText(text, scenario.name);
      if (result.ok) return;
      assert.ok(result.errors.length > 0, 'a rejection lists at least one error');
      const lines = text.split('\n');
      for (const e of result.errors) {
        const where = formatLocatedError(e);
        assert.equal(e.file, scenario.name);
        assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines.length, `line out of the text: ${where}`);
        assert.ok(Number.isInteger(e.col) && e.col >= 1 && e.col <= lines[e.line - 1].length + 1, `column out of line ${e.line}: ${where}`);
        assert.ok(e.message.trim() !== '', `empty message: ${where}`);
        assert.ok(where.startsWith(`${scenario.name}:${e.line}:${e.col}: ${e.path === '' ? '(root)' : e.path}: `), where);
        assert.ok(!/[\r\n]/.test(where), `an error prints as one line: ${JSON.stringify(where)}`);
      }
      const positions = result.errors.map((e) => e.line * 1e6 + e.col);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'errors are sorted by position');
    }),
    { seed: 424242, numRuns: 400 },
  );
});
