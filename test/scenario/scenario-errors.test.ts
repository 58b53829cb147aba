// Specifies the problems loadScenarioText reports for broken variants of scenarios/minimal.yaml: each
// located at FILE:LINE:COL with its key path, in plain words with a did-you-mean where one helps, and
// every problem of a file reported at once, sorted by position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatLocatedError, type LocatedError } from '../../src/scenario/locate.ts';

const FILE = 'minimal.yaml';
const MINIMAL = readFileSync(new URL('../../scenarios/minimal.yaml', import.meta.url), 'utf8');

/** `text` with the single occurrence of `from` replaced; fails loudly if `from` is missing or repeated. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `fixture: ${JSON.stringify(from)} not found`);
  assert.equal(text.indexOf(from, at + 1), -1, `fixture: ${JSON.stringify(from)} occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given). */
function where(text: string, needle: string, after = ''): { line: number; col: number } {
  const start = after === '' ? 0 : text.indexOf(after);
  assert.ok(start >= 0, `fixture: ${JSON.stringify(after)} not found`);
  const offset = text.indexOf(needle, start);
  assert.ok(offset >= 0, `fixture: ${JSON.stringify(needle)} not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

function errorsOf(text: string): LocatedError[] {
  const result = loadScenarioText(text, FILE);
  if (result.ok) assert.fail('expected the scenario to be rejected');
  assert.ok(result.errors.length > 0);
  return result.errors;
}

function only(errors: LocatedError[], path: string): LocatedError {
  const matching = errors.filter((e) => e.path === path);
  assert.equal(matching.length, 1, `one error at ${path}; got:\n${errors.map(formatLocatedError).join('\n')}`);
  return matching[0];
}

test('the unmodified minimal scenario loads', () => {
  assert.ok(loadScenarioText(MINIMAL, FILE).ok);
});

test('an unknown key is located at the key itself, with a did-you-mean for the nearest known key', () => {
  const text = edit(MINIMAL, 'ratePerDay: 0.01', 'ratePerDya: 0.01');
  const e = only(errorsOf(text), 'behaviours[0].ratePerDya');
  const at = where(text, 'ratePerDya');
  assert.equal(formatLocatedError(e).split(': ')[0], `${FILE}:${at.line}:${at.col}`);
  assert.match(e.message, /unknown key "ratePerDya"/);
  assert.match(e.message, /did you mean "ratePerDay"\?/);
});

test('a CEL syntax error in scoring.rules[0].when is located on its line, at a column inside the expression', () => {
  const expression = 'event == == "jaywalking"';
  const text = edit(MINIMAL, 'when: event == "jaywalking"', `when: ${expression}`);
  const e = only(errorsOf(text), 'scoring.rules[0].when');
  const start = where(text, expression);
  assert.equal(e.file, FILE);
  assert.equal(e.line, start.line);
  assert.ok(e.col >= start.col && e.col < start.col + expression.length, `column ${e.col} lies in ${start.col}..${start.col + expression.length - 1}`);
  assert.match(e.message, /syntax/i);
});

test('an unknown CEL variable is located at the variable and suggests the known one', () => {
  const text = edit(MINIMAL, 'when: event == "jaywalking"', 'when: evnt == "jaywalking"');
  const e = only(errorsOf(text), 'scoring.rules[0].when');
  const at = where(text, 'evnt');
  assert.deepEqual({ line: e.line, col: e.col }, at);
  assert.match(e.message, /unknown variable 'evnt'/);
  assert.match(e.message, /did you mean ['"]event['"]/);
});

test('an unknown CEL variable is located at the variable, naming it', () => {
  const text = edit(MINIMAL, 'enter: grade == "D"', 'enter: grade == "D" && regionKnd == "urban"');
  const e = only(errorsOf(text), 'sanctions[0].enter');
  assert.deepEqual({ line: e.line, col: e.col }, where(text, 'regionKnd'));
  assert.match(e.message, /unknown variable 'regionKnd'/);
});

test('a grade literal that is not a grade of the scenario is located at the literal and lists the grades', () => {
  const text = edit(MINIMAL, 'enter: grade == "D"', 'enter: grade == "Z"');
  const e = only(errorsOf(text), 'sanctions[0].enter');
  assert.deepEqual({ line: e.line, col: e.col }, where(text, '"Z"'));
  assert.match(e.message, /"Z"/);
  assert.match(e.message, /A, B, C, D/);
});

test('a behaviour list that names no list of records.lists is reported at the list, naming the lists there are', () => {
  let text = edit(MINIMAL, '    observedBy: cameras\n', '    observedBy: records\n    list: debtors\n');
  text = edit(text, '\ncameras:\n', '\nrecords:\n  lists:\n    - name: courtDebt\n      exitPerDay: 0.01\n\ncameras:\n');
  const e = only(errorsOf(text), 'behaviours[0].list');
  assert.deepEqual({ line: e.line, col: e.col }, where(text, 'debtors'));
  assert.match(e.message, /unknown list "debtors"/);
  assert.match(e.message, /courtDebt/);
});

test('group shares that do not add up to 1 are reported at population.groups with their sum', () => {
  const text = edit(MINIMAL, '      share: 0.1\n', '      share: 0.2\n');
  const e = only(errorsOf(text), 'population.groups');
  assert.deepEqual({ line: e.line, col: e.col }, where(text, '- name: majority'));
  assert.match(e.message, /group shares add up to 1\.1; they must add up to 1/);
});

test('observedBy: records without a records section is reported at observedBy', () => {
  const text = edit(MINIMAL, 'observedBy: cameras', 'observedBy: records');
  const e = only(errorsOf(text), 'behaviours[0].observedBy');
  const at = where(text, 'records', 'observedBy:');
  assert.deepEqual({ line: e.line, col: e.col }, at);
  assert.match(e.message, /no records section/);
});

test('several schema problems in one file are reported at once, sorted by line', () => {
  let text = edit(MINIMAL, 'ratePerDay: 0.01', 'ratePerDya: 0.01');
  text = edit(text, 'tpir: 0.9', 'tpir: 1.9');
  text = edit(text, 'base: 1000', 'base: many');
  const errors = errorsOf(text);
  const lines = errors.map((e) => e.line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.equal(only(errors, 'behaviours[0].ratePerDya').line, where(text, 'ratePerDya').line);
  assert.deepEqual(
    (({ line, col }) => ({ line, col }))(only(errors, 'cameras.identification.tpir')),
    where(text, '1.9'),
  );
  assert.deepEqual((({ line, col }) => ({ line, col }))(only(errors, 'scoring.base')), where(text, 'many'));
});

test('a share sum problem is reported together with the other schema problems of the file', () => {
  let text = edit(MINIMAL, 'ratePerDay: 0.01', 'ratePerDya: 0.01');
  text = edit(text, '      share: 0.1\n', '      share: 0.2\n');
  const errors = errorsOf(text);
  only(errors, 'behaviours[0].ratePerDya');
  only(errors, 'population.groups');
});

test('several cross-reference and CEL problems in one file are reported at once, sorted by line', () => {
  let text = edit(MINIMAL, 'observedBy: cameras', 'observedBy: records');
  text = edit(text, 'when: event == "jaywalking"', 'when: event == == "jaywalking"');
  text = edit(text, 'enter: grade == "D"', 'enter: grade == "Z"');
  const errors = errorsOf(text);
  assert.deepEqual(errors.map((e) => e.path), ['behaviours[0].observedBy', 'scoring.rules[0].when', 'sanctions[0].enter']);
  assert.deepEqual(errors.map((e) => e.line), [
    where(text, 'observedBy: records').line,
    where(text, 'when: event').line,
    where(text, 'enter: grade').line,
  ]);
  for (const e of errors) assert.match(formatLocatedError(e), /^minimal\.yaml:\d+:\d+: [^:]+: .+$/);
});
