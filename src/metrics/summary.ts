// The run summary (summary.json) and the daily series (daily.csv), computed from the merged tally.
import type { SimulationPlan } from '../engine/plan.ts';
import type { Tally } from '../engine/runner.ts';
import { Counter } from '../engine/counters.ts';
import { disparateImpact, histogramGini, histogramMean } from './statistics.ts';

export interface Metric {
  overall: number;
  byGroup: Record<string, number>;
}

export interface RunSummary {
  scenario: string;
  seed: number;
  agents: number;
  days: number;
  workers: number;
  elapsedSeconds: number;
  metrics: Record<string, Metric>;
  disparateImpact: Record<string, number>;
}

/** Rates whose ratio between groups is reported as disparate impact. */
export const RATE_METRICS = ['sanctionRate', 'wrongfulSanctionRate', 'sanctionFalsePositiveRate', 'recordedEventsPerAgent'] as const;

/** Metric descriptions, for the CLI table and the docs. */
export const METRIC_DOCS: Record<string, string> = {
  sanctionRate: 'share of agents sanctioned at any time in the run',
  wrongfulSanctionRate: 'share of agents wrongfully sanctioned at any time (their true state did not meet the entry condition)',
  sanctionFalsePositiveRate: 'among agents whose true state never met an entry condition, the share sanctioned',
  recordedEventsPerAgent: 'records (true and erroneous) against an agent, per agent over the run',
  erroneousRecordsPerAgent: 'erroneous records (misattributions) against an agent, per agent over the run',
  eventsPerAgent: 'behaviour events per agent over the run',
  activeSanctionRate: 'share of agents under a sanction on the last day',
  listedRate: 'share of agents on a list on the last day',
  meanScore: 'mean recorded score on the last day',
  meanTrueScore: 'mean true score on the last day',
  giniScore: 'Gini coefficient of recorded scores on the last day',
};

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Totals over the run of a counter, by group. */
export function counterTotals(plan: SimulationPlan, counters: Float64Array, counter: number): Float64Array {
  const G = plan.groups.length;
  const C = plan.counterNames.length;
  const totals = new Float64Array(G);
  for (let day = 0; day <= plan.days; day++) for (let g = 0; g < G; g++) totals[g] += counters[(day * G + g) * C + counter];
  return totals;
}

export function summarise(plan: SimulationPlan, tally: Tally, workers: number, elapsedSeconds: number): RunSummary {
  const G = plan.groups.length;
  const score = plan.vocabulary.score;
  const range = score.max - score.min + 1;
  const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
  const recorded = counterTotals(plan, tally.counters, Counter.recordedTrue);
  const erroneous = counterTotals(plan, tally.counters, Counter.recordedError);
  const events = counterTotals(plan, tally.counters, Counter.events);
  recorded.forEach((_, g) => (recorded[g] += erroneous[g]));
  const clear = tally.agents.map((n, g) => n - tally.trueTriggered[g]);

  const metric = (num: ArrayLike<number>, den: ArrayLike<number>): Metric => ({
    overall: ratio(sum(num), sum(den)),
    byGroup: Object.fromEntries(plan.groups.map((name, g) => [name, ratio(num[g], den[g])])),
  });
  const fromHistogram = (h: Float64Array, f: (counts: Float64Array, min: number) => number): Metric => {
    const all = new Float64Array(range);
    for (let g = 0; g < G; g++) for (let k = 0; k < range; k++) all[k] += h[g * range + k];
    return {
      overall: f(all, score.min),
      byGroup: Object.fromEntries(plan.groups.map((name, g) => [name, f(h.subarray(g * range, (g + 1) * range), score.min)])),
    };
  };

  const metrics: Record<string, Metric> = {
    sanctionRate: metric(tally.everSanctioned, tally.agents),
    wrongfulSanctionRate: metric(tally.everWrongful, tally.agents),
    sanctionFalsePositiveRate: metric(tally.sanctionedClear, clear),
    recordedEventsPerAgent: metric(recorded, tally.agents),
    erroneousRecordsPerAgent: metric(erroneous, tally.agents),
    eventsPerAgent: metric(events, tally.agents),
    activeSanctionRate: metric(tally.activeSanctioned, tally.agents),
    listedRate: metric(tally.listed, tally.agents),
    meanScore: fromHistogram(tally.scoreHistogram, histogramMean),
    meanTrueScore: fromHistogram(tally.trueScoreHistogram, histogramMean),
    giniScore: fromHistogram(tally.scoreHistogram, histogramGini),
  };
  const populated = plan.groups.filter((_, g) => tally.agents[g] > 0);
  const di: Record<string, number> = {};
  for (const name of RATE_METRICS) di[name] = disparateImpact(populated.map((g) => metrics[name].byGroup[g]));
  return {
    scenario: plan.name,
    seed: plan.seed,
    agents: plan.layout.agents,
    days: plan.days,
    workers,
    elapsedSeconds,
    metrics,
    disparateImpact: di,
  };
}

export const DAILY_COLUMNS = [
  'day', 'group', 'events', 'detected', 'recordedTrue', 'recordedError', 'misattributed',
  'sanctionsEntered', 'sanctionsActive', 'wrongfulEntered', 'wrongfulActive', 'listEntered', 'listed',
] as const;

/** The daily.csv columns of a plan: the core columns, then every counter a mechanism declared. */
export function dailyColumns(plan: SimulationPlan): string[] {
  return [...DAILY_COLUMNS, ...plan.counterNames.slice(CORE_COUNTERS)];
}

const CORE_COUNTERS = Object.keys(Counter).length;

/** One row per day and group; active counts are running totals of entries minus exits. */
export function dailyCsv(plan: SimulationPlan, counters: Float64Array): string {
  const G = plan.groups.length;
  const C = plan.counterNames.length;
  const lines = [dailyColumns(plan).join(',')];
  const active = new Float64Array(G);
  const wrongful = new Float64Array(G);
  const listed = new Float64Array(G);
  for (let day = 1; day <= plan.days; day++) {
    for (let g = 0; g < G; g++) {
      const c = (k: number) => counters[(day * G + g) * C + k];
      active[g] += c(Counter.sanctionsEntered) - c(Counter.sanctionsExited);
      wrongful[g] += c(Counter.wrongfulEntered) - c(Counter.wrongfulExited);
      listed[g] += c(Counter.listEntered) - c(Counter.listExited);
      lines.push([
        day, plan.groups[g], c(Counter.events), c(Counter.detected), c(Counter.recordedTrue), c(Counter.recordedError),
        c(Counter.misattributed), c(Counter.sanctionsEntered), active[g], c(Counter.wrongfulEntered), wrongful[g],
        c(Counter.listEntered), listed[g],
        ...plan.counterNames.slice(CORE_COUNTERS).map((_, k) => c(CORE_COUNTERS + k)),
      ].join(','));
    }
  }
  return lines.join('\n') + '\n';
}
