// Specifies the whole-population statistics (mean and Gini from integer histograms, disparate impact)
// and how `summarise` turns a merged tally into the rates and ratios of summary.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { disparateImpact, histogramGini, histogramMean } from '../../src/metrics/statistics.ts';
import { summarise } from '../../src/metrics/summary.ts';
import { CORE_COUNTER_NAMES, Counter, createCounters } from '../../src/engine/counters.ts';
import { createLayout } from '../../src/engine/layout.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';
import type { Tally } from '../../src/engine/runner.ts';

const FC = { seed: 20240917, numRuns: 300 };

/** Histogram of integer values, counts[v - min]. */
function histogram(values: readonly number[], min: number, max: number): Float64Array {
  const counts = new Float64Array(max - min + 1);
  for (const v of values) counts[v - min]++;
  return counts;
}

/** The definition, pair by pair: Σ_{i≠j}|xi − xj| / (n(n−1)) / (2 × mean); 0 when n < 2 or mean is 0. */
function bruteForceGini(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (mean === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) total += Math.abs(xs[i] - xs[j]);
  return total / (n * (n - 1)) / (2 * mean);
}

function close(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

test('histogramGini equals the pairwise Gini mean difference over twice the mean on small samples', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 50 }),
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 40 }),
      (min, offsets) => {
        const xs = offsets.map((o) => min + o);
        close(histogramGini(histogram(xs, min, min + 30), min), bruteForceGini(xs));
      },
    ),
    FC,
  );
});

test('histogramGini ignores how values are histogrammed: a wider range with empty ends changes nothing', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 30 }), (xs) => {
      close(histogramGini(histogram(xs, 0, 40), 0), histogramGini(histogram(xs, 1, 20), 1));
    }),
    FC,
  );
});

test('histogramGini is 0 when everyone has the same score', () => {
  assert.equal(histogramGini([0, 0, 7, 0], 100), 0);
  assert.equal(histogramGini([5], 0), 0);
});

test('histogramGini of [0, 0, 0, 1] is 1: mean 1/4, six ordered unequal pairs of difference 1 over 4 × 3 pairs', () => {
  // Σ_{i≠j}|xi − xj| = 6, divided by n(n − 1) = 12 gives 1/2; over 2 × mean = 1/2 gives 1.
  close(histogramGini([3, 1], 0), 1);
  close(bruteForceGini([0, 0, 0, 1]), 1);
});

test('histogramGini of [1, 2, 3] is 1/3: ordered differences sum to 8, over 3 × 2 pairs = 4/3, over 2 × mean 2', () => {
  close(histogramGini([1, 1, 1], 1), 1 / 3);
});

test('histogramGini is 0 for fewer than two agents and for an empty histogram', () => {
  assert.equal(histogramGini([], 0), 0);
  assert.equal(histogramGini([0, 0, 0], 10), 0);
  assert.equal(histogramGini([0, 1, 0], 10), 0);
});

test('histogramMean weights each value min + k by its count, and is 0 for an empty histogram', () => {
  close(histogramMean([1, 0, 3], 10), (10 + 3 * 12) / 4);
  close(histogramMean([2, 2], -1), -0.5);
  assert.equal(histogramMean([0, 0], 5), 0);
  fc.assert(
    fc.property(fc.integer({ min: -100, max: 100 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }), (min, offsets) => {
      const xs = offsets.map((o) => min + o);
      close(histogramMean(histogram(xs, min, min + 9), min), xs.reduce((a, b) => a + b, 0) / xs.length);
    }),
    FC,
  );
});

test('disparateImpact is the lowest rate over the highest', () => {
  assert.equal(disparateImpact([0.5, 1.0]), 0.5);
  assert.equal(disparateImpact([1.0, 0.5]), 0.5);
  close(disparateImpact([0.2, 0.3, 0.6]), 1 / 3);
  assert.equal(disparateImpact([0.4, 0.4]), 1);
  assert.equal(disparateImpact([0, 0.3]), 0);
});

test('disparateImpact is 1 when every rate is 0 (an equal, zero burden) and for no groups', () => {
  assert.equal(disparateImpact([0, 0, 0]), 1);
  assert.equal(disparateImpact([]), 1);
});

// --- summarise on a hand-built tally -----------------------------------------------------------

const GROUPS = ['a', 'b', 'empty'];
const DAYS = 2;
const SCORE_MIN = 0;
const SCORE_MAX = 3;

/** A plan with three groups (the last one unpopulated), scores 0..3 and two days. */
function tinyPlan(): SimulationPlan {
  return {
    name: 'tiny',
    seed: 42,
    days: DAYS,
    layout: createLayout({ agents: 10, groupShares: [0.6, 0.4, 0], groupHomes: [[], [], []], regionShares: [1], segregation: 0 }),
    eventsPerAgentDay: 0,
    groups: GROUPS,
    regionKinds: ['urban'],
    regions: [{ name: 'r', kind: 0, camerasPer1000: 0 }],
    householdSizeCumulative: Float64Array.of(1),
    elderHouseholdShare: 0,
    employmentRate: 0,
    petShare: 0,
    vocabulary: {
      events: ['offence'],
      eventObservers: ['none'],
      eventKinds: ['offence'],
      eventLists: [-1],
      lists: [],
      sanctions: ['ban'],
      perks: [],
      statusFlags: [[]],
      score: { base: 3, min: SCORE_MIN, max: SCORE_MAX, grades: ['A'], gradeOfScore: new Uint8Array(4), recoveryPerDay: 0 },
    },
    counterNames: [...CORE_COUNTER_NAMES],
    stores: [],
    mechanisms: [],
  };
}

/**
 * Group a: 6 agents, 3 ever sanctioned, 1 wrongfully, 2 whose true state met an entry condition, 1 of
 * the 4 clear ones sanctioned, 6 true records, 4 events, all scoring 3.
 * Group b: 4 agents, 1 ever sanctioned and wrongfully so, none triggered, 1 of 4 clear sanctioned,
 * 1 true and 1 erroneous record, 2 events, scores [0, 3, 3, 3].
 * Group "empty": no agents, nothing counted.
 */
function tinyTally(): Tally {
  const G = GROUPS.length;
  const C = CORE_COUNTER_NAMES.length;
  const counters = createCounters(DAYS, G, C);
  const add = (day: number, g: number, counter: number, n: number) => (counters[(day * G + g) * C + counter] += n);
  add(1, 0, Counter.recordedTrue, 3);
  add(2, 0, Counter.recordedTrue, 3);
  add(1, 1, Counter.recordedTrue, 1);
  add(2, 1, Counter.recordedError, 1);
  add(1, 0, Counter.events, 4);
  add(2, 1, Counter.events, 2);
  const range = SCORE_MAX - SCORE_MIN + 1;
  const scores = new Float64Array(G * range);
  scores.set([0, 0, 0, 6], 0 * range);
  scores.set([1, 0, 0, 3], 1 * range);
  return {
    counters,
    agents: Float64Array.of(6, 4, 0),
    everSanctioned: Float64Array.of(3, 1, 0),
    everWrongful: Float64Array.of(1, 1, 0),
    trueTriggered: Float64Array.of(2, 0, 0),
    sanctionedClear: Float64Array.of(1, 1, 0),
    activeSanctioned: Float64Array.of(2, 0, 0),
    listed: Float64Array.of(0, 0, 0),
    scoreHistogram: scores,
    trueScoreHistogram: scores.slice(),
    exposed: new Float64Array(G),
    exposedFields: new Float64Array(G),
    wrongfulExamples: [],
    billboard: [],
    trace: [],
  };
}

test('summarise: sanctionRate is ever-sanctioned agents over agents, by group and overall', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  assert.deepEqual(s.metrics.sanctionRate, { overall: 4 / 10, byGroup: { a: 0.5, b: 0.25, empty: 0 } });
  close(s.metrics.wrongfulSanctionRate.overall, 2 / 10);
  close(s.metrics.wrongfulSanctionRate.byGroup.a, 1 / 6);
  close(s.metrics.wrongfulSanctionRate.byGroup.b, 1 / 4);
  assert.equal(s.metrics.activeSanctionRate.overall, 2 / 10);
});

test('summarise: sanctionFalsePositiveRate counts only agents whose true state never met an entry condition', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  // a: 1 sanctioned of 6 − 2 = 4 clear; b: 1 of 4 clear; overall 2 of 8.
  assert.deepEqual(s.metrics.sanctionFalsePositiveRate, { overall: 0.25, byGroup: { a: 0.25, b: 0.25, empty: 0 } });
});

test('summarise: recorded events per agent add true and erroneous records over every day', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  assert.deepEqual(s.metrics.recordedEventsPerAgent, { overall: 8 / 10, byGroup: { a: 1, b: 0.5, empty: 0 } });
  assert.deepEqual(s.metrics.erroneousRecordsPerAgent, { overall: 1 / 10, byGroup: { a: 0, b: 0.25, empty: 0 } });
  assert.deepEqual(s.metrics.eventsPerAgent, { overall: 6 / 10, byGroup: { a: 4 / 6, b: 0.5, empty: 0 } });
});

test('summarise: mean and Gini of scores come from the histograms, per group and pooled', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  close(s.metrics.meanScore.byGroup.a, 3);
  close(s.metrics.meanScore.byGroup.b, 9 / 4);
  close(s.metrics.meanScore.overall, 27 / 10);
  assert.equal(s.metrics.giniScore.byGroup.a, 0);
  // b = [0, 3, 3, 3]: Σ|xi − xj| = 18 over 12 pairs = 1.5, over 2 × 2.25 → 1/3.
  close(s.metrics.giniScore.byGroup.b, 1 / 3);
  // pooled = one 0 and nine 3s: 54 over 90 = 0.6, over 2 × 2.7 → 1/9.
  close(s.metrics.giniScore.overall, 1 / 9);
});

test('summarise: disparate impact compares populated groups only', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  close(s.disparateImpact.sanctionRate, 0.5);
  close(s.disparateImpact.wrongfulSanctionRate, (1 / 6) / (1 / 4));
  assert.equal(s.disparateImpact.sanctionFalsePositiveRate, 1);
  close(s.disparateImpact.recordedEventsPerAgent, 0.5);
  assert.deepEqual(Object.keys(s.disparateImpact).sort(), [
    'breachExposedShare', 'gateDenialsPer1000', 'perkValuePerAgent', 'recordedEventsPerAgent',
    'sanctionFalsePositiveRate', 'sanctionRate', 'wrongfulGateDenialsPer1000', 'wrongfulSanctionRate',
  ]);
  // no gates, breach or perks in this run: an equal, zero burden
  assert.equal(s.disparateImpact.gateDenialsPer1000, 1);
});

test('summarise copies the run description from the plan and the caller', () => {
  const s = summarise(tinyPlan(), tinyTally(), 3, 1.5);
  assert.deepEqual(
    { scenario: s.scenario, seed: s.seed, agents: s.agents, days: s.days, workers: s.workers, elapsedSeconds: s.elapsedSeconds },
    { scenario: 'tiny', seed: 42, agents: 10, days: 2, workers: 3, elapsedSeconds: 1.5 },
  );
});
