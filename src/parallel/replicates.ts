// Runs a plan R times with seeds derived from its seed (replicate 0 is the plan's own seed) and
// summarises the replicates with confidence intervals. Replicates that leave cores idle run
// several at once (replicateSlots), in lanes (lane.ts); the results are the same whatever the
// number at once, since each replicate is a run of its own seed.
import type { SimulationPlan } from '../engine/plan.ts';
import { estimateRunsAtOnce } from '../engine/memory.ts';
import { replicateSeed } from '../engine/rng.ts';
import type { TraceEntry } from '../engine/trace.ts';
import { dailyCsv, summarise, type RunSummary } from '../metrics/summary.ts';
import { summariseReplicates, type ReplicatedSummary } from '../metrics/replicates.ts';
import { Lane } from './lane.ts';
import { admit, availableCores, defaultMemoryLimit, memoryCheck, simulate, workersFor, type SimulateOptions } from './simulate.ts';

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
  /** replicates run at once; default replicateSlots(...) */
  atOnce?: number;
  onDay?: (replicate: number, day: number, events: number) => void;
}

export interface Replicated {
  results: ReplicateResult[];
  summary: ReplicatedSummary;
}

/** One plan's replicates among several sets run together (compare runs two). */
export interface ReplicateSet {
  plan: SimulationPlan;
  onDay?: (replicate: number, day: number, events: number) => void;
}

/**
 * Expected behaviour events of one run below which a replicate runs no faster beside another than
 * alone: a lane costs a thread, its modules and its own compiling, and two runs at once each run
 * slower than one alone, the more so the less work a run does per agent it holds in memory. On the
 * project's 2-core machine (docs/performance.md, "Replicates at once"), four replicates two at once
 * against one after the other: article-2019 at 300,000 agents for a year (4.5 M events) 1.1–1.2×
 * faster, at 1 million (15 M) 1.37×; social-credit-2019 at 1 million (5.7 M) 1.13×; but at 3.0 to
 * 3.7 M events or fewer even or slower (article-2019 at 200,000, social-credit-2019 at 500,000, the
 * core model at 1 million, china-observed at 700,000 and 1 million: 0.94×).
 */
export const EVENTS_PER_LANE = 4_000_000;

/**
 * How many of `runs` runs of `workers` workers each to run at once: as many as the cores hold side
 * by side and the memory holds, at least one; one at a time when a run has too few events to gain
 * from it (EVENTS_PER_LANE) or already uses all the cores.
 */
export function replicateSlots(
  runs: number, plan: Pick<SimulationPlan, 'layout' | 'days' | 'eventsPerAgentDay'>, workers: number, memoryLimit = defaultMemoryLimit(), cores = availableCores(),
): number {
  const agents = plan.layout.agents;
  if (agents * plan.days * plan.eventsPerAgentDay < EVENTS_PER_LANE) return 1;
  let atOnce = Math.min(runs, Math.floor(cores / workers));
  while (atOnce > 1 && estimateRunsAtOnce(agents, workers, atOnce) > memoryLimit) atOnce--;
  return Math.max(1, atOnce);
}

/**
 * Runs every set's replicates (replicate r of each on replicateSeed(set's seed, r)), options.atOnce
 * at a time, and summarises each set. With one at a time they run in this thread as simulate()
 * runs them; with more, in as many lanes (lane.ts). The first failure stops the runs still going at
 * the end of their day and is thrown.
 */
export async function runReplicateSets(sets: readonly ReplicateSet[], options: Omit<ReplicatesOptions, 'onDay'> = {}): Promise<Replicated[]> {
  const count = options.replicates ?? 1;
  const tasks = sets.flatMap((_, s) => Array.from({ length: count }, (_, r) => ({ s, r })));
  const first = sets[0].plan;
  const agents = first.layout.agents;
  const workers = workersFor(first, options.workers);
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit();
  const atOnce = Math.min(tasks.length, options.atOnce ?? replicateSlots(tasks.length, first, workers, memoryLimit));
  const results: ReplicateResult[][] = sets.map(() => []);
  const elapsed = sets.map(() => 0);
  const started = performance.now();
  let next = 0;
  let failure: { error: unknown } | undefined;
  // with lanes, the memory of all runs together is checked here, after every day any of them ends
  const check = memoryCheck(memoryLimit, estimateRunsAtOnce(agents, workers, atOnce), options.residentBytes);
  const stop = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const lanes: Lane[] = [];
  if (atOnce > 1) {
    admit(agents, workers, memoryLimit);
    for (let i = 0; i < atOnce; i++) lanes.push(new Lane(stop));
  }
  const lane = async (index: number) => {
    while (failure === undefined && next < tasks.length) {
      const { s, r } = tasks[next++];
      const { plan, onDay } = sets[s];
      const seed = replicateSeed(plan.seed, r);
      const replicatePlan = { ...plan, seed };
      const trace = r === 0 ? options.trace ?? [] : [];
      try {
        const result = lanes.length === 0
          ? await simulate(replicatePlan, { ...options, trace, onDay: (day, events) => onDay?.(r, day, events) })
          : await lanes[index].run(replicatePlan, workers, trace, memoryLimit, (day, events) => {
            check(day);
            onDay?.(r, day, events);
          });
        results[s][r] = {
          replicate: r,
          seed,
          summary: summarise(replicatePlan, result.tally, result.workers, result.elapsedSeconds),
          daily: dailyCsv(replicatePlan, result.tally.counters),
          trace: result.tally.trace,
        };
        elapsed[s] = (performance.now() - started) / 1000;
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          Atomics.store(new Int32Array(stop), 0, 1);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: atOnce }, (_, i) => lane(i)));
  } finally {
    await Promise.all(lanes.map((l) => l.close()));
  }
  if (failure !== undefined) throw failure.error;
  return results.map((list, s) => ({
    results: list,
    summary: summariseReplicates(list.map((x) => x.summary), list.map((x) => x.seed), elapsed[s]),
  }));
}

export async function runReplicates(plan: SimulationPlan, options: ReplicatesOptions = {}): Promise<Replicated> {
  const [set] = await runReplicateSets([{ plan, onDay: options.onDay }], options);
  return set;
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
