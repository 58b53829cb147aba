// Specification of tabulate: CEL conditions over a finite domain become lookup tables, and every
// problem comes back located. A reference evaluator written here keeps the tables honest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { indexOf, tabulate, type Dimension, type Domain, type PolicyError, type Tabulated } from '../../src/policy/tabulate.ts';

const offences: Domain = {
  dims: [
    { name: 'event', kind: 'enum', values: ['littering', 'jaywalking'] },
    { name: 'grade', kind: 'enum', values: ['A', 'B', 'C', 'D'] },
    { name: 'lists', kind: 'set', values: ['courtDebt', 'watch'] },
  ],
};

function table(expr: string, domain: Domain, expect: 'bool' | 'number' = 'bool'): Tabulated {
  const result = tabulate(expr, domain, expect);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(expr)} to tabulate, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errors(expr: string, domain: Domain, expect: 'bool' | 'number' = 'bool'): PolicyError[] {
  const result = tabulate(expr, domain, expect);
  if (result.ok) assert.fail(`expected ${JSON.stringify(expr)} to be rejected`);
  assert.ok(result.errors.length > 0);
  return result.errors;
}

// lists codes, fastest-varying: 0 = [], 1 = [courtDebt], 2 = [watch], 3 = [courtDebt, watch].
test('a bool condition is tabulated row-major over event, grade, lists', () => {
  const got = table('event == "jaywalking" && (grade == "D" || "watch" in lists)', offences);
  assert.equal(got.kind, 'bool');
  // prettier-ignore
  assert.deepEqual([...got.table], [
    0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, // littering: A, B, C, D
    0, 0, 1, 1,  0, 0, 1, 1,  0, 0, 1, 1,  1, 1, 1, 1, // jaywalking: A, B, C, D
  ]);
  assert.equal(got.table[indexOf(offences, [1, 3, 0])], 1);
  assert.equal(got.table[indexOf(offences, [1, 2, 1])], 0);
});

test('"courtDebt" in lists is true exactly at the codes with bit 0 set, whatever event and grade', () => {
  const got = table('"courtDebt" in lists', offences);
  for (let i = 0; i < got.table.length; i++) assert.equal(got.table[i], i % 2, `at index ${i}`);
});

test('a number-valued condition stores ints as numbers', () => {
  const got = table('event == "littering" ? -10 : 0', offences, 'number');
  assert.equal(got.kind, 'number');
  assert.ok(got.table instanceof Float64Array);
  assert.deepEqual([...got.table], [...Array(16).fill(-10), ...Array(16).fill(0)]);
});

test('uint and double results become numbers too', () => {
  const grades: Domain = { dims: [offences.dims[1]] };
  assert.deepEqual([...table('grade == "A" ? 3u : 2.5', grades, 'number').table], [3, 2.5, 2.5, 2.5]);
});

test('a bool dimension is false at code 0 and true at code 1', () => {
  const domain: Domain = { dims: [{ name: 'flagged', kind: 'bool' }, offences.dims[1]] };
  assert.deepEqual([...table('flagged && grade != "A"', domain).table], [0, 0, 0, 0, 0, 1, 1, 1]);
});

test('a comprehension over a set dimension sees its elements', () => {
  const got = table('lists.exists(l, l == "watch") && size(lists) == 1', { dims: [offences.dims[2]] });
  assert.deepEqual([...got.table], [0, 0, 1, 0]);
});

test('a syntax error is located at the dangling operator', () => {
  assert.deepEqual(errors('grade == "A" && ', offences), [
    { offset: 13, message: "syntax error: '&&' needs something after it" },
  ]);
});

test('an unclosed bracket or string is located at its opening', () => {
  assert.equal(errors('(event == "littering" && grade == "A"', offences)[0].offset, 0);
  assert.equal(errors('grade in ["A", "B"', offences)[0].offset, 9);
  assert.equal(errors('grade == "A', offences)[0].offset, 9);
  assert.equal(errors('grade == "A")', offences)[0].offset, 12);
});

test('an empty condition is an error', () => {
  assert.match(errors('  ', offences)[0].message, /empty/);
});

test('an undeclared variable is named, with a did-you-mean and the known names', () => {
  assert.deepEqual(errors('event == "littering" && grde == "A"', offences), [
    {
      offset: 24,
      message: "unknown variable 'grde'; did you mean 'grade'? (known variables: event, grade, lists)",
    },
  ]);
});

test('a far-off undeclared variable gets no did-you-mean', () => {
  const [error] = errors('income > 3', offences);
  assert.equal(error.message, "unknown variable 'income' (known variables: event, grade, lists)");
});

test('a string literal that is no value of the enum it is compared with is an error', () => {
  assert.deepEqual(errors('grade == "Z"', offences), [
    { offset: 9, message: '"Z" is not a grade value; expected one of A, B, C, D' },
  ]);
  assert.equal(errors('"Z" != grade', offences)[0].offset, 0);
  assert.deepEqual(
    errors('grade in ["A", "E"]', offences).map((e) => e.message),
    ['"E" is not a grade value; expected one of A, B, C, D'],
  );
});

test('a string literal tested for membership in a set must be one of its values', () => {
  assert.deepEqual(errors('"fraud" in lists', offences), [
    { offset: 0, message: '"fraud" is not a lists value; expected one of courtDebt, watch' },
  ]);
  assert.equal(errors('lists.exists(l, l == "fraud")', offences)[0].offset, 21);
});

test('all static problems are reported at once, in text order', () => {
  const found = errors('grade == "Z" || evnt == "littering" || "x" in lists', offences);
  assert.deepEqual(found.map((e) => e.offset), [9, 16, 39]);
});

test('a non-bool result is an error naming an assignment where it happens', () => {
  assert.deepEqual(errors('grade == "D" && event == "jaywalking" ? 1 : true', offences), [
    { offset: 0, message: 'at event="jaywalking", grade="D": expected a bool, got int' },
  ]);
  assert.match(errors('event', offences)[0].message, /^at event="littering": expected a bool, got string$/);
  assert.match(errors('grade == "A"', offences, 'number')[0].message, /expected a number .*got bool/);
});

test('an evaluation error is located at the failing subexpression and names an assignment', () => {
  assert.deepEqual(errors('grade == "A" && 1 + "a" == 1', offences), [
    { offset: 18, message: `at grade="A": found no matching overload for '_+_' applied to '(int, string)'` },
  ]);
  // The library attributes an index error to the indexed operand, here `lists` at offset 8.
  assert.deepEqual(errors('true && lists[0] == "watch"', offences), [
    { offset: 8, message: 'at lists=[]: index 0 out of bounds [0, -1)' },
  ]);
});

test('a non-finite number is an error', () => {
  assert.match(errors('grade == "A" ? 1.0 / 0.0 : 0.0', offences, 'number')[0].message, /^at grade="A": expected a finite number/);
});

test('unknown functions are errors', () => {
  assert.deepEqual(errors('size(lists) > 0 && launch(1)', offences), [{ offset: 19, message: "unknown function 'launch'" }]);
});

test('a domain bigger than 1,048,576 points is refused before anything is evaluated', () => {
  const bits = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const huge: Domain = {
    dims: [
      { name: 'x', kind: 'set', values: bits },
      { name: 'y', kind: 'set', values: bits },
      { name: 'z', kind: 'set', values: bits.slice(0, 5) },
    ],
  };
  assert.match(errors('true', huge)[0].message, /2097152 points .* more than the 1048576/);
  const largest: Domain = { dims: [...huge.dims.slice(0, 2), { name: 'z', kind: 'set', values: bits.slice(0, 4) }] };
  assert.equal(table('"a" in x', largest).table.length, 1_048_576);
});

test('tabulating 10,000 points takes well under a second', () => {
  const hundred = (p: string) => Array.from({ length: 100 }, (_, i) => `${p}${i}`);
  const domain: Domain = {
    dims: [
      { name: 'a', kind: 'enum', values: hundred('v') },
      { name: 'b', kind: 'enum', values: hundred('w') },
    ],
  };
  const start = performance.now();
  const got = table('(a == "v3" || b in ["w1", "w7"]) && a != "v9"', domain);
  const elapsed = performance.now() - start;
  assert.equal(got.table.length, 10_000);
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});

test('attempts to escape into JavaScript are all rejected', () => {
  const corpus = [
    'constructor.constructor("return process")()',
    '__proto__',
    'this.constructor',
    'event["constructor"]',
    'toString.constructor',
    '"a".constructor',
    'process.exit(1)',
    'require("fs")',
    'lists.map(l, l.constructor).size() > 0',
    'event == "littering" && globalThis.process.exit(1)',
    'dyn(event).constructor == null',
  ];
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
  for (const expr of corpus) {
    for (const expect of ['bool', 'number'] as const) {
      const result = tabulate(expr, offences, expect);
      assert.equal(result.ok, false, `${expr} should be rejected`);
    }
  }
  assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), prototypeKeys);
});

test('__proto__ is an ordinary CEL map key, and a missing field is an error, not a prototype lookup', () => {
  assert.ok(table('{"__proto__": 1}.__proto__ == 1', offences).table.every((v) => v === 1));
  assert.match(errors('{"a": 1}.constructor == 2', offences)[0].message, /^at every point: field not found: constructor$/);
});

// The differential property below compares tables with a direct evaluation over codes.

type Cond =
  | { op: 'leaf'; dim: number; value: number }
  | { op: 'not'; a: Cond }
  | { op: 'and' | 'or'; a: Cond; b: Cond };

const dimensionArb: fc.Arbitrary<(name: string) => Dimension> = fc.oneof(
  fc.integer({ min: 1, max: 4 }).map((n) => (name: string) => ({ name, kind: 'enum' as const, values: values(n) })),
  fc.integer({ min: 1, max: 3 }).map((n) => (name: string) => ({ name, kind: 'set' as const, values: values(n) })),
  fc.constant((name: string) => ({ name, kind: 'bool' as const })),
);

function values(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `v${i}`);
}

function condArb(dims: number): fc.Arbitrary<Cond> {
  return fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { maxDepth: 4 },
      fc.record({ op: fc.constant('leaf' as const), dim: fc.nat(dims - 1), value: fc.nat(3) }),
      fc.record({ op: fc.constant('not' as const), a: tie('cond') }),
      fc.record({ op: fc.constantFrom('and' as const, 'or' as const), a: tie('cond'), b: tie('cond') }),
    ),
  })).cond;
}

function render(c: Cond, dims: readonly Dimension[]): string {
  switch (c.op) {
    case 'leaf': {
      const d = dims[c.dim];
      if (d.kind === 'bool') return d.name;
      const v = JSON.stringify(d.values[c.value % d.values.length]);
      return d.kind === 'enum' ? `${d.name} == ${v}` : `${v} in ${d.name}`;
    }
    case 'not':
      return `!(${render(c.a, dims)})`;
    default:
      return `(${render(c.a, dims)} ${c.op === 'and' ? '&&' : '||'} ${render(c.b, dims)})`;
  }
}

function reference(c: Cond, dims: readonly Dimension[], codes: readonly number[]): boolean {
  switch (c.op) {
    case 'leaf': {
      const d = dims[c.dim];
      const code = codes[c.dim];
      if (d.kind === 'bool') return code === 1;
      const v = c.value % d.values.length;
      return d.kind === 'enum' ? code === v : ((code >> v) & 1) === 1;
    }
    case 'not':
      return !reference(c.a, dims, codes);
    case 'and':
      return reference(c.a, dims, codes) && reference(c.b, dims, codes);
    case 'or':
      return reference(c.a, dims, codes) || reference(c.b, dims, codes);
  }
}

function* allCodes(sizes: readonly number[], prefix: number[] = []): Generator<number[]> {
  if (prefix.length === sizes.length) {
    yield prefix;
    return;
  }
  for (let c = 0; c < sizes[prefix.length]; c++) yield* allCodes(sizes, [...prefix, c]);
}

test('for random small domains and conditions, every table entry equals a direct evaluation', () => {
  const caseArb = fc
    .array(dimensionArb, { minLength: 1, maxLength: 3 })
    .chain((makers) => {
      const dims = makers.map((make, i) => make(`d${i}`));
      return fc.tuple(fc.constant(dims), condArb(dims.length));
    });
  fc.assert(
    fc.property(caseArb, ([dims, cond]) => {
      const domain: Domain = { dims };
      const got = table(render(cond, dims), domain);
      const sizes = dims.map((d) => (d.kind === 'enum' ? d.values.length : d.kind === 'set' ? 2 ** d.values.length : 2));
      for (const codes of allCodes(sizes)) {
        assert.equal(got.table[indexOf(domain, codes)], reference(cond, dims, codes) ? 1 : 0, `at codes ${codes}`);
      }
    }),
    { numRuns: 300 },
  );
});
