// Paired policy comparison on common random numbers: both scenarios run with the same seed in each
// replicate, so the same population draws the same behaviour where the scenarios agree, and the
// difference of every metric is measured replicate by replicate.
import type { SimulationPlan } from '../engine/plan.ts';
import { pairedInterval, meanInterval, welchInterval, type Interval } from '../metrics/intervals.ts';
import type { RunSummary } from '../metrics/summary.ts';
import { runReplicateSets, type Replicated, type ReplicatesOptions } from './replicates.ts';

export interface ComparedMetric {
  a: Interval;
  b: Interval;
  /** b − a, paired by replicate */
  difference: Interval;
  byGroup: Record<string, { a: Interval; b: Interval; difference: Interval }>;
}

export interface BandCheck extends Interval {
  /** the mean ratio lies outside the band */
  outside: boolean;
  /** share of replicates whose ratio lies outside the band */
  shareOutside: number;
}

export interface Comparison {
  a: string;
  b: string;
  replicates: number;
  seeds: number[];
  agents: number;
  days: number;
  /** how the seeds were paired: common (the same seed for both) or independent */
  pairing: 'common' | 'independent';
  band: [number, number];
  metrics: Record<string, ComparedMetric>;
  disparateImpact: { a: Record<string, BandCheck>; b: Record<string, BandCheck> };
}

export interface CompareOptions extends Omit<ReplicatesOptions, 'onDay' | 'replicates'> {
  replicates: number;
  band: [number, number];
  /** run B on other seeds than A (to show what pairing buys); default false */
  independent?: boolean;
  onDay?: (label: 'A' | 'B', replicate: number, day: number, events: number) => void;
}

export interface PairedRuns {
  comparison: Comparison;
  a: Replicated;
  b: Replicated;
}

/**
 * Runs A and B for the same replicates (replicate r of both uses replicateSeed(A's seed, r), so
 * they share their random numbers) and compares them replicate by replicate. A's replicates are
 * started first, then B's, as many at once as runReplicateSets allows.
 */
export async function comparePlans(a: SimulationPlan, b: SimulationPlan, o: CompareOptions): Promise<PairedRuns> {
  const bSeed = o.independent ? a.seed + 1_000_003 : a.seed;
  const [ra, rb] = await runReplicateSets([
    { plan: a, onDay: (r, day, events) => o.onDay?.('A', r, day, events) },
    { plan: { ...b, seed: bSeed }, onDay: (r, day, events) => o.onDay?.('B', r, day, events) },
  ], o);
  const comparison = summariseComparison(
    a.name, b.name, ra.results.map((x) => x.summary), rb.results.map((x) => x.summary),
    ra.summary.seeds, o.band, o.independent ? 'independent' : 'common',
  );
  return { comparison, a: ra, b: rb };
}

export function summariseComparison(
  aName: string, bName: string, as: readonly RunSummary[], bs: readonly RunSummary[], seeds: number[], band: [number, number],
  pairing: 'common' | 'independent',
): Comparison {
  const interval = pairing === 'common' ? pairedInterval : welchInterval;
  const metrics: Record<string, ComparedMetric> = {};
  for (const name of Object.keys(as[0].metrics)) {
    if (!(name in bs[0].metrics)) continue;
    const groups = Object.keys(as[0].metrics[name].byGroup).filter((g) => g in bs[0].metrics[name].byGroup);
    const pick = (xs: readonly RunSummary[], g?: string) => xs.map((s) => (g === undefined ? s.metrics[name].overall : s.metrics[name].byGroup[g]));
    metrics[name] = {
      a: meanInterval(pick(as)),
      b: meanInterval(pick(bs)),
      difference: as.length > 1 ? interval(pick(as), pick(bs)) : single(pick(bs)[0] - pick(as)[0]),
      byGroup: Object.fromEntries(groups.map((g) => [g, {
        a: meanInterval(pick(as, g)),
        b: meanInterval(pick(bs, g)),
        difference: as.length > 1 ? interval(pick(as, g), pick(bs, g)) : single(pick(bs, g)[0] - pick(as, g)[0]),
      }])),
    };
  }
  const check = (xs: readonly RunSummary[]) => Object.fromEntries(Object.keys(xs[0].disparateImpact).map((k) => {
    const values = xs.map((s) => s.disparateImpact[k]);
    const i = meanInterval(values);
    const out = (v: number) => v < band[0] || v > band[1];
    return [k, { ...i, outside: out(i.mean), shareOutside: values.filter(out).length / values.length }];
  }));
  return {
    a: aName,
    b: bName,
    replicates: as.length,
    seeds,
    agents: as[0].agents,
    days: as[0].days,
    pairing,
    band,
    metrics,
    disparateImpact: { a: check(as), b: check(bs) },
  };
}

function single(v: number): Interval {
  return { mean: v, ciLow: v, ciHigh: v };
}
