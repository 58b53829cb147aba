// Specifies how the report reads daily.csv: one value per day and group, the mean across replicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulative, parseDaily, series } from '../../src/report/data.ts';
import { formatPercent, withInterval } from '../../src/report/format.ts';

test('daily.csv of one run is read as it is', () => {
  const d = parseDaily('day,group,sanctionsActive\n1,a,2\n1,b,0\n2,a,3\n2,b,1\n');
  assert.deepEqual(d.days, [1, 2]);
  assert.deepEqual(d.groups, ['a', 'b']);
  assert.equal(d.replicates, 1);
  assert.deepEqual(Array.from(d.column('sanctionsActive')!), [2, 0, 3, 1]);
  assert.equal(d.column('nope'), undefined);
});

test('daily.csv with a replicate column is averaged over replicates', () => {
  const d = parseDaily('replicate,day,group,x\n0,1,a,2\n0,2,a,4\n1,1,a,4\n1,2,a,8\n');
  assert.equal(d.replicates, 2);
  assert.deepEqual(series(d, 'x').map((p) => p.value), [3, 6]);
  assert.deepEqual(cumulative(series(d, 'x')).map((p) => p.value), [3, 9]);
});

test('a value carries its interval in brackets, a share in percent', () => {
  assert.equal(withInterval(0.0198, { mean: 0.0198, ciLow: 0.0195, ciHigh: 0.0201 }), '0.0198 [0.0195, 0.0201]');
  assert.equal(withInterval(0.0198), '0.0198');
  assert.equal(formatPercent(0.0186), '1.86 %');
});
