// Replicates: the same scenario run with R seeds derived from the run seed, summarised as the mean
// of every metric with a t-based 95 % confidence interval across replicates.
import type { RunSummary, Metric } from './summary.ts';
import { meanInterval, type Interval } from './intervals.ts';

/** A metric across replicates: overall and byGroup hold the means, with their intervals beside. */
export interface ReplicatedMetric extends Metric, Interval {
  byGroupInterval: Record<string, Interval>;
}

export interface ReplicatedSummary extends Omit<RunSummary, 'metrics'> {
  replicates: number;
  /** seed of each replicate (the first is the run seed) */
  seeds: number[];
  metrics: Record<string, Metric | ReplicatedMetric>;
  disparateImpactInterval?: Record<string, Interval>;
}

function intervalOf(summaries: readonly RunSummary[], pick: (s: RunSummary) => number): Interval {
  return meanInterval(summaries.map(pick));
}

/**
 * One summary for R replicates: each metric's overall and byGroup are means across replicates, with
 * mean, ciLow and ciHigh for the overall value and byGroupInterval for each group; disparate impact,
 * rate differences and counts are means. With one replicate the summary is returned as it is.
 */
export function summariseReplicates(summaries: readonly RunSummary[], seeds: readonly number[], elapsedSeconds: number): ReplicatedSummary {
  const first = summaries[0];
  if (summaries.length === 1) return { ...first, replicates: 1, seeds: [...seeds] };
  const groups = Object.keys(Object.values(first.metrics)[0]?.byGroup ?? {});
  const metrics: Record<string, ReplicatedMetric> = {};
  for (const name of Object.keys(first.metrics)) {
    const overall = intervalOf(summaries, (s) => s.metrics[name].overall);
    const byGroupInterval = Object.fromEntries(groups.map((g) => [g, intervalOf(summaries, (s) => s.metrics[name].byGroup[g])]));
    metrics[name] = {
      overall: overall.mean,
      byGroup: Object.fromEntries(groups.map((g) => [g, byGroupInterval[g].mean])),
      ...overall,
      byGroupInterval,
    };
  }
  const meanOf = (pick: (s: RunSummary) => Record<string, number>) =>
    Object.fromEntries(Object.keys(pick(first)).map((k) => [k, intervalOf(summaries, (s) => pick(s)[k]).mean]));
  const disparateImpactInterval = Object.fromEntries(Object.keys(first.disparateImpact).map((k) => [k, intervalOf(summaries, (s) => s.disparateImpact[k])]));
  return {
    ...first,
    elapsedSeconds,
    replicates: summaries.length,
    seeds: [...seeds],
    metrics,
    disparateImpact: Object.fromEntries(Object.entries(disparateImpactInterval).map(([k, v]) => [k, v.mean])),
    disparateImpactInterval,
    rateDifference: meanOf((s) => s.rateDifference),
    counts: Object.fromEntries(Object.keys(first.counts).map((k) => [k, {
      overall: intervalOf(summaries, (s) => s.counts[k].overall).mean,
      byGroup: Object.fromEntries(groups.map((g) => [g, intervalOf(summaries, (s) => s.counts[k].byGroup[g]).mean])),
    }])),
  };
}
