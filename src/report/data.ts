// What the charts and tables read from a run: daily.csv as per-day series by group (means across
// replicates), group sizes, the configured gates, and metric values with their intervals.
import type { Interval } from '../metrics/intervals.ts';
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import type { ScenarioSpec } from '../scenario/schema.ts';

/** daily.csv parsed: one value per day and group for each counter, averaged over replicates. */
export interface Daily {
  days: number[];
  groups: string[];
  replicates: number;
  columns: string[];
  /** value of a counter on days[d] in groups[g] at [d * groups.length + g]; undefined for an unknown column */
  column(name: string): Float64Array | undefined;
}

/** One point of a daily series. */
export interface DayPoint {
  day: number;
  group: string;
  value: number;
}

/** Parses daily.csv as `scoresim run` writes it, with or without the leading replicate column. */
export function parseDaily(csv: string): Daily {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const offset = header[0] === 'replicate' ? 1 : 0;
  const columns = header.slice(offset + 2);
  const rows = lines.slice(1).map((l) => l.split(','));
  const dayOf = (r: string[]) => Number(r[offset]);
  const days = [...new Set(rows.map(dayOf))].sort((a, b) => a - b);
  const groups = [...new Set(rows.map((r) => r[offset + 1]))];
  const replicates = offset === 0 ? 1 : new Set(rows.map((r) => r[0])).size;
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const values = columns.map(() => new Float64Array(days.length * groups.length));
  for (const r of rows) {
    const at = dayIndex.get(dayOf(r))! * groups.length + groupIndex.get(r[offset + 1])!;
    columns.forEach((_, c) => (values[c][at] += Number(r[offset + 2 + c]) / replicates));
  }
  return {
    days, groups, replicates, columns,
    column: (name) => {
      const c = columns.indexOf(name);
      return c < 0 ? undefined : values[c];
    },
  };
}

/** A counter as points by day and group, optionally transformed per group (e.g. to a rate). */
export function series(daily: Daily, name: string, perGroup: (value: number, group: string) => number = (v) => v): DayPoint[] {
  const col = daily.column(name);
  if (col === undefined) return [];
  const G = daily.groups.length;
  return daily.days.flatMap((day, d) => daily.groups.map((group, g) => ({ day, group, value: perGroup(col[d * G + g], group) })));
}

/** Running total of a counter by group, day by day. */
export function cumulative(points: readonly DayPoint[]): DayPoint[] {
  const totals = new Map<string, number>();
  return points.map((p) => {
    const value = (totals.get(p.group) ?? 0) + p.value;
    totals.set(p.group, value);
    return { ...p, value };
  });
}

/** Whether any value of a counter is non-zero. */
export function hasData(daily: Daily, name: string): boolean {
  const col = daily.column(name);
  return col !== undefined && col.some((v) => v !== 0);
}

/**
 * Agents in each group: the score histogram of the (first) replicate counts every agent; without one,
 * the group shares of the scenario times the population.
 */
export function groupSizes(summary: ReplicatedSummary, spec?: ScenarioSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, counts] of Object.entries(summary.scoreHistogram.recorded)) out[group] = counts.reduce((a, b) => a + b, 0);
  if (Object.keys(out).length > 0) return out;
  for (const g of spec?.population.groups ?? []) out[g.name] = g.share * summary.agents;
  return out;
}

/** Groups in the order the summary lists them. */
export function groupsOf(summary: ReplicatedSummary): string[] {
  return Object.keys(Object.values(summary.metrics)[0]?.byGroup ?? {});
}

/** Gate names, from the gate counters of the summary. */
export function gateNames(summary: ReplicatedSummary): string[] {
  return Object.keys(summary.counts).filter((n) => n.startsWith('gate.') && n.endsWith('.attempts')).map((n) => n.slice(5, -9));
}

/** A metric's overall value and interval (undefined with one replicate or an unknown metric). */
export function overallOf(summary: ReplicatedSummary, name: string): { value: number; interval?: Interval } | undefined {
  const m = summary.metrics[name];
  if (m === undefined) return undefined;
  return { value: m.overall, interval: 'ciLow' in m ? { mean: m.mean, ciLow: m.ciLow, ciHigh: m.ciHigh } : undefined };
}

/** A metric's value and interval in one group. */
export function groupOf(summary: ReplicatedSummary, name: string, group: string): { value: number; interval?: Interval } | undefined {
  const m = summary.metrics[name];
  if (m === undefined || !(group in m.byGroup)) return undefined;
  return { value: m.byGroup[group], interval: 'byGroupInterval' in m ? m.byGroupInterval[group] : undefined };
}

/**
 * "group value; group value" for a metric in each group that has it, each value written by `format`
 * (with its interval), for captions.
 */
export function byGroupText(
  ctx: { summary: ReplicatedSummary; groups: readonly string[] }, name: string,
  format: (value: number, interval?: Interval) => string,
): string {
  return ctx.groups.map((g) => {
    const v = groupOf(ctx.summary, name, g);
    return v === undefined ? '' : `${g} ${format(v.value, v.interval)}`;
  }).filter((s) => s !== '').join('; ');
}

/** The total of a counter in one group (0 when the run did not keep it). */
export function countOf(summary: ReplicatedSummary, name: string, group?: string): number {
  const c = summary.counts[name];
  if (c === undefined) return 0;
  return group === undefined ? c.overall : (c.byGroup[group] ?? 0);
}

/** Everything a chart or table of the report may read. */
export interface ReportContext {
  summary: ReplicatedSummary;
  daily: Daily;
  spec?: ScenarioSpec;
  groups: string[];
  /** agents in each group */
  sizes: Record<string, number>;
  /** disparate-impact ratios inside [lo, hi] are read as parity */
  band: [number, number];
}

/** Converts a count in a group to a count per 1,000 agents of that group. */
export function per1000(sizes: Record<string, number>): (value: number, group: string) => number {
  return (value, group) => (sizes[group] > 0 ? (1000 * value) / sizes[group] : 0);
}

/** A mechanism's parsed config from the scenario, or undefined when it is not configured. */
export function configOf(spec: ScenarioSpec | undefined, key: string): unknown {
  return spec?.[key];
}

/** Items of a list-valued mechanism config (sanctions, gates, behaviours); [] when absent. */
export function itemsOf(spec: ScenarioSpec | undefined, key: string): Record<string, unknown>[] {
  const c = configOf(spec, key);
  return Array.isArray(c) ? (c.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]) : [];
}

/** "mean of 2 replicates" or "one run", for captions of daily series. */
export function replicateNote(daily: Daily): string {
  return daily.replicates > 1 ? `Mean of ${daily.replicates} replicates` : 'One run';
}
