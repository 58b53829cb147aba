// Runs a compiled plan: admits it against the memory available, allocates the shared columns,
// drives the day protocol over an executor, and returns the merged tally.
import os from 'node:os';
import { allocateColumns } from '../engine/columns.ts';
import { estimateMemory, formatBytes, largestPopulation } from '../engine/memory.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { mergeTally, sortTrace, type Tally } from '../engine/runner.ts';
import { InProcessExecutor, ThreadExecutor, type Executor } from './executor.ts';
import { partitionBlocks } from './partition.ts';
import type { BalancePolicy } from './balance.ts';

export interface SimulateOptions {
  /** worker threads; 1 runs in this thread. Default: defaultWorkers(plan). */
  workers?: number;
  /** bytes the run may use; default: the machine's total memory less 1 GiB */
  memoryLimit?: number;
  /** called after each day with the day and the events of that day */
  onDay?: (day: number, events: number) => void;
  /** agents whose every event, record and status change is traced */
  trace?: readonly number[];
  /** reads the memory the process holds, checked against memoryLimit after every day; default: its resident set size */
  residentBytes?: () => number;
  /** how several workers share the blocks as the run goes on (balance.ts); default: by their measured times, every 8 days */
  balance?: BalancePolicy;
}

export interface SimulationResult {
  tally: Tally;
  workers: number;
  elapsedSeconds: number;
}

/** The run does not fit in memory: nothing was allocated. */
export class AdmissionError extends Error {
  constructor(readonly needed: number, readonly available: number, readonly largest: number, readonly fixed: number) {
    super(
      `refused: this run needs about ${formatBytes(needed)} but ${formatBytes(available)} is available; ` +
      (largest >= 1
        ? `the largest population that fits is about ${largest.toLocaleString('en-US')} agents`
        : `no population fits: the process and its workers alone need about ${formatBytes(fixed)}`),
    );
  }
}

/** The machine's cores: the most workers scoresim starts unless told otherwise. */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Agent-days that keep a worker worth its cost. A second worker costs a start-up (about 0.3 s), a
 * meeting every day, and both cores running at once, each slower than one alone; on the project's
 * 2-core machine two workers finished the flagship scenarios later than one below about 1 to 2
 * million agents for a year, and sooner above (docs/performance.md, "How many workers").
 */
export const AGENT_DAYS_PER_WORKER = 250_000_000;

/**
 * The number of workers a run gets unless told: one per AGENT_DAYS_PER_WORKER of its agents × days,
 * at least one and at most `cores` (so two from 500 million agent-days: 1.37 million agents for a
 * year).
 */
export function defaultWorkers(plan: Pick<SimulationPlan, 'layout' | 'days'>, cores = availableCores()): number {
  const byWork = Math.floor((plan.layout.agents * plan.days) / AGENT_DAYS_PER_WORKER);
  return Math.max(1, Math.min(cores, byWork));
}

/** The workers a run of `plan` gets: `requested`, else defaultWorkers(plan); never more than its blocks. */
export function workersFor(plan: Pick<SimulationPlan, 'layout' | 'days'>, requested?: number): number {
  return partitionBlocks(plan.layout.blocks, requested ?? defaultWorkers(plan)).length;
}

export function defaultMemoryLimit(): number {
  return Math.max(0, os.totalmem() - 2 ** 30);
}

/**
 * The run grew past the memory it may use while it ran (the admission estimate was too low for this
 * scenario): it was stopped at the end of a day, before the machine ran out, and produced nothing.
 */
export class MemoryExceededError extends Error {
  constructor(readonly day: number, readonly used: number, readonly limit: number, readonly estimated: number) {
    super(
      `stopped on day ${day}: the run held ${formatBytes(used)}, more than the ${formatBytes(limit)} it may use ` +
      `(admitted on an estimate of ${formatBytes(estimated)}) and produced no results; ` +
      'run fewer agents or allow the run more memory (--max-memory)',
    );
  }
}

/** Checks, at the end of `day`, that the process holds no more than `limit` bytes; throws MemoryExceededError if it does. */
export function memoryCheck(limit: number, estimated: number, residentBytes: () => number = process.memoryUsage.rss): (day: number) => void {
  return (day) => {
    const used = residentBytes();
    if (used > limit) throw new MemoryExceededError(day, used, limit, estimated);
  };
}

/** Throws AdmissionError when the run would not fit; allocates nothing either way. */
export function admit(agents: number, workers: number, memoryLimit = defaultMemoryLimit()): void {
  const estimate = estimateMemory(agents, workers);
  if (estimate.bytes > memoryLimit) {
    throw new AdmissionError(estimate.bytes, memoryLimit, largestPopulation(memoryLimit, workers), estimate.fixed);
  }
}

export async function simulate(plan: SimulationPlan, options: SimulateOptions = {}): Promise<SimulationResult> {
  const ranges = partitionBlocks(plan.layout.blocks, workersFor(plan, options.workers));
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit();
  admit(plan.layout.agents, ranges.length, memoryLimit);
  const residentBytes = options.residentBytes ?? process.memoryUsage.rss;
  const started = performance.now();
  const buffers = allocateColumns(plan.layout.agents);
  const traced = options.trace ?? [];
  const executor: Executor = ranges.length === 1
    ? new InProcessExecutor(plan, buffers, ranges, traced)
    : new ThreadExecutor(plan, buffers, ranges, traced, options.balance);
  let finished = false;
  try {
    await executor.populate();
    const check = memoryCheck(memoryLimit, estimateMemory(plan.layout.agents, ranges.length).bytes, residentBytes);
    await executor.run((day, events) => {
      check(day);
      options.onDay?.(day, events);
    });
    const tallies = await executor.tally();
    const tally = tallies[0];
    for (let i = 1; i < tallies.length; i++) mergeTally(tally, tallies[i]);
    // the workers' traces, merged, in agent order (each one's entries come in event order)
    tally.trace = sortTrace([...tally.trace]);
    finished = true;
    return { tally, workers: ranges.length, elapsedSeconds: (performance.now() - started) / 1000 };
  } finally {
    // After a finished run the worker threads end while the caller goes on with the results (tearing
    // down their heaps took 0.05-0.1 s at 10 M agents); after a failure they are ended first, so
    // that none outlives the error.
    const closing = executor.close();
    if (finished) closing.catch(() => {});
    else await closing;
  }
}
