// A run's in-memory results as the store's long-format columns (daily counters, metrics, intervals,
// traces), its id, and the way back from daily rows to daily.csv. No DuckDB here.
import { createHash } from 'node:crypto';
import type { TraceEntry } from '../engine/trace.ts';
import type { ReplicatedMetric } from '../metrics/replicates.ts';
import type { Metric } from '../metrics/summary.ts';
import type { RunRecord } from './run-record.ts';
import { ALL_GROUPS } from './schema.ts';

/**
 * The id of a stored run: `<scenario>-<YYYYMMDDTHHMMSS of startedAt, UTC>-<8 hex>`, the hex being the
 * start of the SHA-256 of the scenario text, seed, agents, days, replicates and startedAt (ISO),
 * joined by newlines. Characters other than letters, digits, `.`, `_` and `-` in the name become `_`.
 */
export function runId(record: Pick<RunRecord, 'scenario' | 'scenarioText' | 'seed' | 'agents' | 'days' | 'replicates'>, startedAt: Date): string {
  const iso = startedAt.toISOString();
  const stamp = iso.slice(0, 19).replace(/[-:]/g, '');
  const key = [record.scenarioText, record.seed, record.agents, record.days, record.replicates, iso].join('\n');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${record.scenario.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}-${hash}`;
}

/**
 * One replicate's daily.csv in long format, a row per day, group and counter in CSV order, with the
 * group and counter as indexes into `groups` and `counters` (the store resolves them in SQL).
 */
export interface DailyColumns {
  rows: number;
  groups: string[];
  counters: string[];
  day: Int32Array;
  group: Uint16Array;
  counter: Uint16Array;
  value: Float64Array;
}

/** Parses daily.csv text (header `day,group,<counters…>`) into long-format columns. */
export function dailyToColumns(csv: string): DailyColumns {
  const lines = csv.trimEnd().split('\n');
  const header = lines[0].split(',');
  if (header[0] !== 'day' || header[1] !== 'group') throw new Error(`daily CSV must start with "day,group", got "${lines[0].slice(0, 40)}"`);
  const counters = header.slice(2);
  const C = counters.length;
  const rows = (lines.length - 1) * C;
  const codes = new Map<string, number>();
  const out: DailyColumns = { rows, groups: [], counters, day: new Int32Array(rows), group: new Uint16Array(rows), counter: new Uint16Array(rows), value: new Float64Array(rows) };
  for (let l = 1; l < lines.length; l++) {
    const cells = lines[l].split(',');
    if (cells.length !== C + 2) throw new Error(`daily CSV line ${l + 1} has ${cells.length} cells, expected ${C + 2}`);
    const day = Number(cells[0]);
    let group = codes.get(cells[1]);
    if (group === undefined) {
      group = out.groups.push(cells[1]) - 1;
      codes.set(cells[1], group);
    }
    const base = (l - 1) * C;
    for (let c = 0; c < C; c++) {
      out.day[base + c] = day;
      out.group[base + c] = group;
      out.counter[base + c] = c;
      out.value[base + c] = Number(cells[c + 2]);
    }
  }
  return out;
}

/** daily.csv text from long-format rows in stored (CSV) order: the inverse of dailyToColumns. */
export function columnsToDaily(day: ArrayLike<number>, group: ArrayLike<string>, counter: ArrayLike<string>, value: ArrayLike<number>): string {
  const counters: string[] = [];
  for (let i = 0; i < day.length && day[i] === day[0] && group[i] === group[0]; i++) counters.push(counter[i]);
  const lines = [['day', 'group', ...counters].join(',')];
  for (let i = 0; i < day.length; i += counters.length) {
    const cells: (string | number)[] = [day[i], group[i]];
    for (let c = 0; c < counters.length; c++) cells.push(value[i + c]);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Metric rows of one summary: (metric, group, value), the overall value under group '(all)'. */
export function metricRows(metrics: Record<string, Metric>): { metric: string[]; group: string[]; value: number[] } {
  const out = { metric: [] as string[], group: [] as string[], value: [] as number[] };
  const push = (metric: string, group: string, value: number) => {
    out.metric.push(metric);
    out.group.push(group);
    out.value.push(value);
  };
  for (const [name, m] of Object.entries(metrics)) {
    push(name, ALL_GROUPS, m.overall);
    for (const [g, v] of Object.entries(m.byGroup)) push(name, g, v);
  }
  return out;
}

/** Interval rows of a replicated summary's metrics (none when it has one replicate). */
export function intervalRows(metrics: Record<string, Metric | ReplicatedMetric>): { metric: string[]; group: string[]; mean: number[]; ciLow: number[]; ciHigh: number[] } {
  const out = { metric: [] as string[], group: [] as string[], mean: [] as number[], ciLow: [] as number[], ciHigh: [] as number[] };
  for (const [name, m] of Object.entries(metrics)) {
    if (!('ciLow' in m)) continue;
    const intervals = [[ALL_GROUPS, m] as const, ...Object.entries(m.byGroupInterval)];
    for (const [g, i] of intervals) {
      out.metric.push(name);
      out.group.push(g);
      out.mean.push(i.mean);
      out.ciLow.push(i.ciLow);
      out.ciHigh.push(i.ciHigh);
    }
  }
  return out;
}

/** Trace entries as columns: agent, day, kind, and the whole entry as JSON. */
export function traceColumns(trace: readonly TraceEntry[]): { agent: BigInt64Array; day: Int32Array; kind: string[]; data: string[] } {
  const n = trace.length;
  const out = { agent: new BigInt64Array(n), day: new Int32Array(n), kind: new Array<string>(n), data: new Array<string>(n) };
  for (let i = 0; i < n; i++) {
    const e = trace[i];
    out.agent[i] = BigInt(e.agent);
    out.day[i] = e.day;
    out.kind[i] = e.kind;
    out.data[i] = JSON.stringify(e);
  }
  return out;
}
