// The run summary (summary.json) and the daily series (daily.csv), computed from the merged tally.
import type { SimulationPlan } from '../engine/plan.ts';
import type { BillboardEntry, Tally } from '../engine/runner.ts';
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
  /** lowest group rate over the highest, for each rate in RATE_METRICS */
  disparateImpact: Record<string, number>;
  /** highest group rate minus the lowest, for each rate in RATE_METRICS */
  rateDifference: Record<string, number>;
  /** run totals of every daily counter */
  counts: Record<string, Metric>;
  /** the lowest-numbered wrongfully sanctioned agents, for `scoresim explain` */
  wrongfullySanctioned: number[];
  /** agents on a billboard on the last day (a sample), marking wrongful listings */
  billboard: BillboardEntry[];
  /** recorded and true scores on the last day: counts by group for each score from `min` */
  scoreHistogram: { min: number; recorded: Record<string, number[]>; true: Record<string, number[]> };
}

/** Rates whose ratio between groups is reported as disparate impact. */
export const RATE_METRICS = [
  'sanctionRate', 'wrongfulSanctionRate', 'sanctionFalsePositiveRate', 'recordedEventsPerAgent',
  'gateDenialsPer1000', 'wrongfulGateDenialsPer1000', 'breachExposedShare', 'perkValuePerAgent',
] as const;

/** Metric descriptions, for the CLI table and the docs. */
export const METRIC_DOCS: Record<string, string> = {
  sanctionRate: 'share of agents sanctioned at any time in the run',
  wrongfulSanctionRate: 'share of agents wrongfully sanctioned at any time (their true state did not meet the entry condition)',
  sanctionFalsePositiveRate: 'among agents whose true state never met an entry condition, the share sanctioned',
  recordedEventsPerAgent: 'records (true and erroneous) against an agent, per agent over the run',
  erroneousRecordsPerAgent: 'erroneous records against an agent (camera misattributions, censor false positives, misuse of fraudulent numbers), per agent over the run',
  eventsPerAgent: 'behaviour events per agent over the run',
  activeSanctionRate: 'share of agents under a sanction on the last day',
  listedRate: 'share of agents on a list on the last day',
  meanScore: 'mean recorded score on the last day',
  meanTrueScore: 'mean true score on the last day',
  giniScore: 'Gini coefficient of recorded scores on the last day',
  gateDenialsPer1000: 'gate attempts denied (by policy or by failed face verification) per 1,000 attempts',
  wrongfulGateDenialsPer1000: 'gate attempts denied wrongly per 1,000 attempts: every face-verification try falsely failed, or the policy denial rested only on wrongful sanctions or on a condition the true state would not meet',
  spilloverPerSanction: 'household members reached by a sanction\'s household effects (e.g. children barred from better schools), per sanctioned agent',
  chillingEffect: 'share of lawful speech not posted because of monitoring and penalties (drawn on the same random numbers as the speech that would have happened)',
  breachExposedShare: 'share of agents with at least one record leaked in the breach',
  breachExposedFieldsPerAgent: 'fields leaked per agent (each leaked store counts its fields)',
  perkValuePerAgent: 'value of perks received per agent over the run',
  billboardExposures: 'person-days on public billboards',
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
  const total = (name: string): Float64Array => {
    const i = plan.counterNames.indexOf(name);
    return i < 0 ? new Float64Array(G) : counterTotals(plan, tally.counters, i);
  };
  const sumOf = (names: string[]): Float64Array => {
    const out = new Float64Array(G);
    for (const n of names) total(n).forEach((v, g) => (out[g] += v));
    return out;
  };
  const gateNames = plan.counterNames.filter((n) => n.startsWith('gate.') && n.endsWith('.attempts')).map((n) => n.slice(5, -9));
  const attempts = sumOf(gateNames.map((g) => `gate.${g}.attempts`));
  const deniedByPolicy = sumOf(gateNames.map((g) => `gate.${g}.deniedByPolicy`));
  const deniedWrongly = sumOf([...gateNames.map((g) => `gate.${g}.deniedByPolicyWrongly`), ...gateNames.map((g) => `gate.${g}.deniedByVerification`)]);
  const deniedByVerification = sumOf(gateNames.map((g) => `gate.${g}.deniedByVerification`));
  const per1000 = (x: Float64Array) => x.map((v) => v * 1000);
  metrics.gateDenialsPer1000 = metric(per1000(deniedByPolicy.map((v, g) => v + deniedByVerification[g])), attempts);
  metrics.wrongfulGateDenialsPer1000 = metric(per1000(deniedWrongly), attempts);
  metrics.spilloverPerSanction = metric(total('spilloverMembers'), tally.everSanctioned);
  metrics.chillingEffect = metric(total('speechChilled'), total('speechDrawn'));
  metrics.breachExposedShare = metric(tally.exposed, tally.agents);
  metrics.breachExposedFieldsPerAgent = metric(tally.exposedFields, tally.agents);
  metrics.perkValuePerAgent = metric(perkValue(plan, tally.counters), tally.agents);
  const billboard = activeDays(plan, tally.counters, 'billboardEntered', 'billboardExited');
  metrics.billboardExposures = { overall: sum(billboard), byGroup: Object.fromEntries(plan.groups.map((name, g) => [name, billboard[g]])) };

  const populated = plan.groups.filter((_, g) => tally.agents[g] > 0);
  const di: Record<string, number> = {};
  const difference: Record<string, number> = {};
  for (const name of RATE_METRICS) {
    const rates = populated.map((g) => metrics[name].byGroup[g]);
    di[name] = disparateImpact(rates);
    difference[name] = rates.length === 0 ? 0 : Math.max(...rates) - Math.min(...rates);
  }
  return {
    scenario: plan.name,
    seed: plan.seed,
    agents: plan.layout.agents,
    days: plan.days,
    workers,
    elapsedSeconds,
    metrics,
    disparateImpact: di,
    rateDifference: difference,
    counts: Object.fromEntries(plan.counterNames.map((name, i) => {
      const t = counterTotals(plan, tally.counters, i);
      return [name, { overall: sum(t), byGroup: Object.fromEntries(plan.groups.map((g, k) => [g, t[k]])) }];
    })),
    wrongfullySanctioned: tally.wrongfulExamples,
    billboard: tally.billboard,
    scoreHistogram: histogramsByGroup(plan, tally),
  };
}

/** Score histograms trimmed to the range where any group has agents. */
function histogramsByGroup(plan: SimulationPlan, tally: Tally): RunSummary['scoreHistogram'] {
  const score = plan.vocabulary.score;
  const range = score.max - score.min + 1;
  let lo = range;
  let hi = -1;
  for (const h of [tally.scoreHistogram, tally.trueScoreHistogram]) {
    for (let i = 0; i < h.length; i++) {
      if (h[i] === 0) continue;
      lo = Math.min(lo, i % range);
      hi = Math.max(hi, i % range);
    }
  }
  if (hi < 0) return { min: score.min, recorded: {}, true: {} };
  const slice = (h: Float64Array) => Object.fromEntries(plan.groups.map((g, k) => [g, Array.from(h.subarray(k * range + lo, k * range + hi + 1))]));
  return { min: score.min + lo, recorded: slice(tally.scoreHistogram), true: slice(tally.trueScoreHistogram) };
}

/** Person-days between entries and exits counted by two counters, by group. */
function activeDays(plan: SimulationPlan, counters: Float64Array, entered: string, exited: string): Float64Array {
  const G = plan.groups.length;
  const C = plan.counterNames.length;
  const e = plan.counterNames.indexOf(entered);
  const x = plan.counterNames.indexOf(exited);
  const out = new Float64Array(G);
  if (e < 0 || x < 0) return out;
  const active = new Float64Array(G);
  for (let day = 1; day <= plan.days; day++) {
    for (let g = 0; g < G; g++) {
      const base = (day * G + g) * C;
      active[g] += counters[base + e] - counters[base + x];
      out[g] += active[g];
    }
  }
  return out;
}

/** Value of perks received over the run: days held × value per day, by group. */
function perkValue(plan: SimulationPlan, counters: Float64Array): Float64Array {
  const out = new Float64Array(plan.groups.length);
  const perks = plan.mechanisms.find((m) => m.key === 'perks')?.plan as { names: string[]; valuePerDay: number[] } | undefined;
  perks?.names.forEach((name, k) => {
    activeDays(plan, counters, `perk.${name}.entered`, `perk.${name}.exited`).forEach((d, g) => (out[g] += d * perks.valuePerDay[k]));
  });
  return out;
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
  // day 0 holds what was already there when the run started (agents listed before it)
  for (let g = 0; g < G; g++) listed[g] = counters[g * C + Counter.listEntered] - counters[g * C + Counter.listExited];
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
