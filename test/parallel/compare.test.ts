// Paired comparison: common random numbers make the difference's interval much narrower than the
// same comparison on independent seeds; the band check flags ratios outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, scenarioText } from '../helpers.ts';
import { comparePlans, summariseComparison } from '../../src/parallel/compare.ts';
import type { RunSummary } from '../../src/metrics/summary.ts';

const SIZE = { agents: 40_000, days: 150 };

test('common random numbers give a much narrower interval for the difference than independent seeds', async () => {
  // a policy change: the minority's false-positive identification rate brought down to the majority's
  const article = scenarioText('article-2019');
  const fairer = article.replace('      minority: 0.02         # source', '      minority: 0.002        # source');
  assert.notEqual(fairer, article);
  const a = compile(article, SIZE).plan;
  const b = compile(fairer, { ...SIZE, seed: a.seed }).plan;
  const options = { replicates: 5, band: [0.8, 1.25] as [number, number], workers: 1 };
  const paired = (await comparePlans(a, b, options)).comparison;
  const independent = (await comparePlans(a, b, { ...options, independent: true })).comparison;
  const width = (c: typeof paired, name: string) => c.metrics[name].difference.ciHigh - c.metrics[name].difference.ciLow;
  for (const name of ['recordedEventsPerAgent', 'sanctionRate', 'meanScore']) {
    const wp = width(paired, name);
    const wi = width(independent, name);
    assert.ok(wp < wi / 10, `${name}: paired width ${wp} should be far below independent width ${wi}`);
    // both estimate the same difference
    const dp = paired.metrics[name].difference.mean;
    const di = independent.metrics[name].difference.mean;
    assert.ok(Math.abs(dp - di) < wi, `${name}: paired ${dp} and independent ${di} agree`);
  }
  assert.equal(paired.pairing, 'common');
  assert.deepEqual(paired.seeds, independent.seeds);
  // fewer misattributions: fewer erroneous records, measurably
  assert.ok(paired.metrics.erroneousRecordsPerAgent.difference.ciHigh < 0);
});

test('the paired interval is the t interval of per-replicate differences, and the band check flags ratios outside it', () => {
  const summary = (overall: number, di: number): RunSummary => ({
    metrics: { m: { overall, byGroup: { g: overall } } }, disparateImpact: { m: di },
  }) as unknown as RunSummary;
  const as = [1, 2, 3, 4].map((v) => summary(v, 0.9));
  const bs = [2, 4, 4, 7].map((v, i) => summary(v, i === 0 ? 0.5 : 0.85));
  const c = summariseComparison('A', 'B', as, bs, [1, 2, 3, 4], [0.8, 1.25], 'common');
  // differences 1, 2, 1, 3: mean 1.75, s = 0.9574, t(0.975, 3) = 3.18245 → half-width 1.5235
  assert.ok(Math.abs(c.metrics.m.difference.mean - 1.75) < 1e-12);
  assert.ok(Math.abs(c.metrics.m.difference.ciHigh - c.metrics.m.difference.mean - 1.52346) < 1e-4);
  assert.equal(c.disparateImpact.a.m.outside, false);
  assert.equal(c.disparateImpact.a.m.shareOutside, 0);
  assert.equal(c.disparateImpact.b.m.shareOutside, 0.25);
  assert.equal(c.disparateImpact.b.m.outside, true, 'the mean, 0.7625, is below 0.8');
});
