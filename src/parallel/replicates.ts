// Runs a plan R times with seeds derived from its seed (replicate 0 is the plan's own seed) and
// summarises the replicates with confidence intervals.
import type { SimulationPlan } from '../engine/plan.ts';
import { replicateSeed } from '../engine/rng.ts';
import type { TraceEntry } from '../engine/trace.ts';
import { dailyCsv, summarise, type RunSummary } from '../metrics/summary.ts';
import { summariseReplicates, type ReplicatedSummary } from '../metrics/replicates.ts';
import { simulate, type SimulateOptions } from './simulate.ts';

export interface ReplicateResult {
  replicate: number;
  seed: number;
  summary: RunSummary;
  /** daily.csv text of this replicate */
  daily: string;
  /** traces of the followed agents (replicate 0 only) */
  trace: TraceEntry[];
}

export interface ReplicatesOptions extends Omit<SimulateOptions, 'onDay'> {
  replicates?: number;
  onDay?: (replicate: number, day: number, events: number) => void;
}

export async function runReplicates(plan: SimulationPlan, options: ReplicatesOptions = {}): Promise<{ results: ReplicateResult[]; summary: ReplicatedSummary }> {
  const count = options.replicates ?? 1;
  const results: ReplicateResult[] = [];
  const started = performance.now();
  for (let r = 0; r < count; r++) {
    const seed = replicateSeed(plan.seed, r);
    const replicatePlan = { ...plan, seed };
    const result = await simulate(replicatePlan, {
      ...options,
      trace: r === 0 ? options.trace : [],
      onDay: (day, events) => options.onDay?.(r, day, events),
    });
    results.push({
      replicate: r,
      seed,
      summary: summarise(replicatePlan, result.tally, result.workers, result.elapsedSeconds),
      daily: dailyCsv(replicatePlan, result.tally.counters),
      trace: result.tally.trace,
    });
  }
  const summary = summariseReplicates(results.map((x) => x.summary), results.map((x) => x.seed), (performance.now() - started) / 1000);
  return { results, summary };
}

/** The daily series of all replicates in one CSV: with several, a leading replicate column. */
export function replicatesCsv(results: readonly ReplicateResult[]): string {
  if (results.length === 1) return results[0].daily;
  const [header] = results[0].daily.split('\n', 1);
  const lines = [`replicate,${header}`];
  for (const r of results) {
    const rows = r.daily.trimEnd().split('\n').slice(1);
    for (const row of rows) lines.push(`${r.replicate},${row}`);
  }
  return lines.join('\n') + '\n';
}
