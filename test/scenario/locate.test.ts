// Specifies how key paths and offsets inside string scalars map to line:col in YAML text, and how
// located errors and key paths are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocatedError, formatPath, locateInScalar, locatePath, pathAtOffset, type YamlSource } from '../../src/scenario/locate.ts';
import { parseYamlSource } from '../../src/scenario/yaml-load.ts';

function source(text: string): YamlSource {
  const parsed = parseYamlSource(text, 'x.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map(formatLocatedError).join('\n'));
  return parsed.source;
}

test('formatPath dots keys, brackets indices and quotes keys that are not plain names', () => {
  assert.equal(formatPath(['behaviours', 2, 'ratePerDay']), 'behaviours[2].ratePerDay');
  assert.equal(formatPath([0, 'a']), '[0].a');
  assert.equal(formatPath(['weights', 'a b', '1']), 'weights["a b"]["1"]');
  assert.equal(formatPath([]), '');
});

test('formatLocatedError prints file:line:col: path: message, with (root) for an empty path', () => {
  assert.equal(formatLocatedError({ file: 's.yaml', line: 3, col: 7, path: 'a.b', message: 'required' }), 's.yaml:3:7: a.b: required');
  assert.equal(formatLocatedError({ file: 's.yaml', line: 1, col: 1, path: '', message: 'the file is empty' }), 's.yaml:1:1: (root): the file is empty');
});

const NESTED = [
  'name: demo',           // 1
  'population:',          // 2
  '  agents: 10',         // 3
  'behaviours:',          // 4
  '  - name: litter',     // 5
  '    ratePerDay: 0.1',  // 6
  '  - {name: cross, ratePerDay: 2}', // 7
  'empty:',               // 8
  'shared: &s {x: 1}',    // 9
  'copy: *s',             // 10
  '',
].join('\n');

test('locatePath points at the value of an existing key, through sequences and flow maps', () => {
  const s = source(NESTED);
  assert.deepEqual(locatePath(s, []), { line: 1, col: 1 });
  assert.deepEqual(locatePath(s, ['population', 'agents']), { line: 3, col: 11 });
  assert.deepEqual(locatePath(s, ['behaviours', 0, 'ratePerDay']), { line: 6, col: 17 });
  assert.deepEqual(locatePath(s, ['behaviours', 1, 'ratePerDay']), { line: 7, col: 31 });
  assert.deepEqual(locatePath(s, ['behaviours', 1]), { line: 7, col: 5 });
});

test('locatePath points at the key itself when asked to, as for an unknown key', () => {
  const s = source(NESTED);
  assert.deepEqual(locatePath(s, ['behaviours', 0, 'ratePerDay'], { at: 'key' }), { line: 6, col: 5 });
  assert.deepEqual(locatePath(s, ['behaviours', 1, 'ratePerDay'], { at: 'key' }), { line: 7, col: 19 });
});

test('locatePath points at the parent map for a missing key, and at the key for an empty value', () => {
  const s = source(NESTED);
  assert.deepEqual(locatePath(s, ['population', 'seed']), { line: 3, col: 3 });
  assert.deepEqual(locatePath(s, ['behaviours', 0, 'kind']), { line: 5, col: 5 });
  assert.deepEqual(locatePath(s, ['behaviours', 9, 'kind']), { line: 5, col: 3 });
  assert.deepEqual(locatePath(s, ['missing', 'deeper']), { line: 1, col: 1 });
  assert.deepEqual(locatePath(s, ['empty']), { line: 8, col: 1 });
});

test('locatePath follows an alias to its anchored node', () => {
  const s = source(NESTED);
  assert.deepEqual(locatePath(s, ['copy']), { line: 10, col: 7 });
  assert.deepEqual(locatePath(s, ['copy', 'x']), { line: 9, col: 16 });
});

const SCALARS = [
  'when: event == "x" &&',            // 1
  'quoted: "a\\tb \\"q\\" && c"',     // 2
  "single: 'it''s && z'",             // 3
  'literal: |',                       // 4
  '  first line',                     // 5
  '  second && x',                    // 6
  'folded: >',                        // 7
  '  one',                            // 8
  '  two',                            // 9
  '',                                 // 10
  '  three && w',                     // 11
  'plain: first',                     // 12
  '  more && y',                      // 13
  'indented: |2',                     // 14
  '   x &&',                          // 15
  '  y',                              // 16
  'number: 12345',                    // 17
  'anchored: &a "x && y"',            // 18
  '',
].join('\n');

test('locateInScalar maps an offset in a plain scalar to its column', () => {
  const s = source(SCALARS);
  // `event == "x" &&`: offset 13 is the first `&`
  assert.deepEqual(locateInScalar(s, ['when'], 13), { line: 1, col: 20 });
  assert.deepEqual(locateInScalar(s, ['when'], 0), { line: 1, col: 7 });
});

test('locateInScalar points just past the last character for an offset at or beyond the end', () => {
  const s = source(SCALARS);
  assert.deepEqual(locateInScalar(s, ['when'], 15), { line: 1, col: 22 });
  assert.deepEqual(locateInScalar(s, ['when'], 1000), { line: 1, col: 22 });
  assert.deepEqual(locateInScalar(s, ['when'], -5), { line: 1, col: 7 });
});

test('locateInScalar counts each escape sequence of a double-quoted scalar as one character', () => {
  const s = source(SCALARS);
  // decoded `a<TAB>b "q" && c`: offset 8 is the first `&`, written after two escapes
  assert.deepEqual(locateInScalar(s, ['quoted'], 8), { line: 2, col: 21 });
  // offset 4 is the escaped quote, located at its backslash
  assert.deepEqual(locateInScalar(s, ['quoted'], 4), { line: 2, col: 15 });
});

test("locateInScalar decodes '' in a single-quoted scalar", () => {
  const s = source(SCALARS);
  assert.deepEqual(locateInScalar(s, ['single'], 5), { line: 3, col: 16 });
});

test('locateInScalar follows the lines of literal and folded block scalars', () => {
  const s = source(SCALARS);
  // `first line\nsecond && x`: offset 18 is the first `&`
  assert.deepEqual(locateInScalar(s, ['literal'], 18), { line: 6, col: 10 });
  // `one two\nthree && w\n`: offset 14 is the first `&`
  assert.deepEqual(locateInScalar(s, ['folded'], 14), { line: 11, col: 9 });
  // an explicit indentation indicator keeps the extra leading space of ` x &&`
  assert.deepEqual(locateInScalar(s, ['indented'], 3), { line: 15, col: 6 });
});

test('locateInScalar follows a plain scalar folded over two lines', () => {
  const s = source(SCALARS);
  // `first more && y`: offset 11 is the first `&`
  assert.deepEqual(locateInScalar(s, ['plain'], 11), { line: 13, col: 8 });
});

test('locateInScalar maps inside an anchored scalar and counts the characters of a plain number', () => {
  const s = source(SCALARS);
  assert.deepEqual(locateInScalar(s, ['anchored'], 2), { line: 18, col: 17 });
  assert.deepEqual(locateInScalar(s, ['number'], 3), { line: 17, col: 12 });
});

test('locateInScalar falls back to the node start when the source cannot be mapped exactly', () => {
  // a literal line of spaces deeper than the indentation is content, which the mapper does not model
  const s = source('a: |\n  x\n    \n  y && z\nb: [1, 2]\n');
  assert.equal(s.doc.get('a'), 'x\n  \ny && z\n');
  assert.deepEqual(locateInScalar(s, ['a'], 7), { line: 1, col: 4 });
  assert.deepEqual(locateInScalar(s, ['b'], 1), { line: 5, col: 4 });
  assert.deepEqual(locateInScalar(s, ['nope'], 3), { line: 1, col: 1 });
});

test('pathAtOffset names the key path of the node containing an offset', () => {
  const s = source(NESTED);
  assert.deepEqual(pathAtOffset(s.doc, s.text.indexOf('0.1')), ['behaviours', 0, 'ratePerDay']);
  assert.deepEqual(pathAtOffset(s.doc, s.text.indexOf('agents')), ['population', 'agents']);
});
