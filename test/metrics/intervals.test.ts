// Confidence intervals: Student's t quantiles against tabulated values, and intervals computed by
// hand; the replicated summary carries them for every metric and group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanInterval, pairedInterval, studentCdf, studentQuantile, welchInterval } from '../../src/metrics/intervals.ts';
import { summariseReplicates } from '../../src/metrics/replicates.ts';
import type { RunSummary } from '../../src/metrics/summary.ts';

test('t quantiles match the tables (0.975 and 0.995) to 1e-6', () => {
  const table: [number, number, number][] = [
    [1, 12.706205, 63.656741], [2, 4.302653, 9.924843], [3, 3.182446, 5.840909], [4, 2.776445, 4.604095],
    [9, 2.262157, 3.249836], [29, 2.045230, 2.756386], [120, 1.979930, 2.617421],
  ];
  for (const [df, q975, q995] of table) {
    assert.ok(Math.abs(studentQuantile(0.975, df) - q975) < 1e-6, `t(0.975, ${df})`);
    assert.ok(Math.abs(studentQuantile(0.995, df) - q995) < 1e-6, `t(0.995, ${df})`);
  }
  assert.ok(Math.abs(studentCdf(0, 5) - 0.5) < 1e-15);
  assert.ok(Math.abs(studentCdf(2.015048, 5) - 0.95) < 1e-6);
});

test('the 95 % interval of 2, 4, 4, 4, 5, 5, 7, 9 is 5 ± 2.364624 × 2.138090 / √8', () => {
  const i = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
  const half = (2.364624 * 2.13809) / Math.sqrt(8); // s² = 32 / 7
  assert.equal(i.mean, 5);
  assert.ok(Math.abs(i.ciHigh - 5 - half) < 1e-5 && Math.abs(5 - i.ciLow - half) < 1e-5);
  assert.deepEqual(meanInterval([3]), { mean: 3, ciLow: 3, ciHigh: 3 });
});

test('a paired interval is the interval of the differences; Welch pools the two variances', () => {
  const a = [10, 12, 11, 13];
  const b = [11, 14, 12, 16];
  assert.deepEqual(pairedInterval(a, b), meanInterval([1, 2, 1, 3]));
  const w = welchInterval(a, b);
  assert.equal(w.mean, 13.25 - 11.5);
  // equal sizes: se = √(s_a²/4 + s_b²/4) = √(1.6667/4 + 4.9167/4) = 1.2829; df = 5.14…
  assert.ok(w.ciHigh - w.mean > 2.5 * 1.2829 && w.ciHigh - w.mean < 2.6 * 1.2829);
});

test('summariseReplicates reports means with intervals for every metric and group, and keeps one replicate as it is', () => {
  const make = (x: number): RunSummary => ({
    scenario: 's', seed: 1, agents: 10, days: 1, workers: 1, elapsedSeconds: 0,
    metrics: { rate: { overall: x, byGroup: { a: x, b: 2 * x } } },
    disparateImpact: { rate: 0.5 }, rateDifference: { rate: x }, counts: { c: { overall: x, byGroup: { a: x, b: 0 } } },
    wrongfullySanctioned: [], billboard: [], scoreHistogram: { min: 0, recorded: {}, true: {} },
  });
  const one = summariseReplicates([make(1)], [7], 0);
  assert.equal(one.replicates, 1);
  assert.equal(one.metrics.rate.overall, 1);
  assert.equal('ciLow' in one.metrics.rate, false);
  const three = summariseReplicates([make(1), make(2), make(3)], [7, 8, 9], 0);
  const rate = three.metrics.rate as unknown as { overall: number; mean: number; ciLow: number; ciHigh: number; byGroupInterval: Record<string, { mean: number }> };
  assert.equal(rate.overall, 2);
  assert.deepEqual({ mean: rate.mean, ciLow: rate.ciLow, ciHigh: rate.ciHigh }, meanInterval([1, 2, 3]));
  assert.equal(rate.byGroupInterval.b.mean, 4);
  assert.deepEqual(three.seeds, [7, 8, 9]);
});
