// Specification of the finite domain: sizes, row-major indexing, and which domains are refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimensionSize, domainSize, indexOf, strides, type Domain } from '../../src/policy/tabulate.ts';
import { formatAssignment, validateDomain } from '../../src/policy/domain.ts';

const event = { name: 'event', kind: 'enum', values: ['littering', 'jaywalking', 'fraud'] } as const;
const lists = { name: 'lists', kind: 'set', values: ['courtDebt', 'watch'] } as const;
const flagged = { name: 'flagged', kind: 'bool' } as const;
const domain: Domain = { dims: [event, lists, flagged] };

test('an enum has one code per value, a set one per subset, a bool two', () => {
  assert.equal(dimensionSize(event), 3);
  assert.equal(dimensionSize(lists), 4);
  assert.equal(dimensionSize(flagged), 2);
});

test('the domain size is the product of the dimension sizes, and 1 with no dimensions', () => {
  assert.equal(domainSize(domain), 24);
  assert.equal(domainSize({ dims: [] }), 1);
});

test('strides are row-major, the last dimension varying fastest', () => {
  assert.deepEqual([...strides(domain)], [8, 2, 1]);
});

test('indexOf sums codes times strides and rejects out-of-range codes', () => {
  assert.equal(indexOf(domain, [0, 0, 0]), 0);
  assert.equal(indexOf(domain, [2, 3, 1]), 23);
  assert.equal(indexOf(domain, [1, 2, 0]), 12);
  assert.throws(() => indexOf(domain, [3, 0, 0]), RangeError);
  assert.throws(() => indexOf(domain, [0, 0]), RangeError);
});

test('an assignment is written in CEL syntax', () => {
  assert.equal(formatAssignment(event, 1), 'event="jaywalking"');
  assert.equal(formatAssignment(lists, 3), 'lists=["courtDebt", "watch"]');
  assert.equal(formatAssignment(lists, 0), 'lists=[]');
  assert.equal(formatAssignment(flagged, 1), 'flagged=true');
});

test('domains with unusable names, duplicates, empty enums or oversized sets are refused, all at once', () => {
  const bad: Domain = {
    dims: [
      { name: 'in', kind: 'bool' },
      { name: 'grade', kind: 'enum', values: [] },
      { name: 'grade', kind: 'enum', values: ['A', 'A'] },
      { name: 'lists', kind: 'set', values: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] },
      { name: 'has space', kind: 'bool' },
    ],
  };
  assert.deepEqual(
    validateDomain(bad).map((e) => e.message),
    [
      'dimension name "in" is not usable as a CEL variable name',
      "enum dimension 'grade' has no values",
      "dimension 'grade' is declared twice",
      `dimension 'grade' lists the value "A" twice`,
      "set dimension 'lists' has 9 values; at most 8 are allowed",
      'dimension name "has space" is not usable as a CEL variable name',
    ],
  );
  assert.deepEqual(validateDomain(domain), []);
});
