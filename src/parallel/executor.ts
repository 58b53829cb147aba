// Executors run the block runners: in this thread for one worker, or in worker threads over
// shared memory for several. Both expose the same day protocol, so results do not depend on which.
import { availableParallelism } from 'node:os';
import v8 from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ColumnBuffers } from '../engine/columns.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { BlockRunner, type Tally } from '../engine/runner.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import { SIGNALS } from '../engine/world.ts';
import { abort, AbortedError, createControl } from './barrier.ts';
import { route, sumSignals, type BlockRange } from './partition.ts';
import type { WorkerSetup } from './worker.ts';
import { DEFAULT_BALANCE, type BalancePolicy } from './balance.ts';

// The phases' loops are built from many small calls (column reads, counters, draws, the world's score
// model) that only run fast inlined, and V8 stops inlining into a function once about 920 bytes of
// bytecode have gone into it: the gates' attempt, for one, stayed a call. Twice that budget made
// article-2019 about 3 % faster (docs/performance.md, "Where the time goes"). A process-wide V8
// setting, made before any simulation code is compiled, in this thread and in the workers alike.
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=2000');

/** Called after each day with the day and its behaviour events; throwing from it stops the run. */
export type DayDone = (day: number, events: number) => void;

export interface Executor {
  readonly ranges: readonly BlockRange[];
  populate(): Promise<void>;
  /** Runs the plan's days, reporting each finished day in order. */
  run(dayDone: DayDone): Promise<void>;
  tally(): Promise<Tally[]>;
  close(): Promise<void>;
}

/** Runs every range's blocks in this thread, one range after the other within each phase. */
export class InProcessExecutor implements Executor {
  private readonly runners: BlockRunner[];
  private readonly days: number;

  constructor(plan: SimulationPlan, buffers: ColumnBuffers, readonly ranges: readonly BlockRange[], traced: readonly number[] = []) {
    this.days = plan.days;
    this.runners = ranges.map((r) => new BlockRunner(plan, buffers, r.from, r.to, MECHANISMS, traced));
  }

  async populate(): Promise<void> {
    for (const r of this.runners) r.populate();
  }

  async run(dayDone: DayDone): Promise<void> {
    let signals: Float64Array = new Float64Array(0);
    for (let day = 1; day <= this.days; day++) {
      const outboxes = this.runners.map((r) => r.before(day, signals));
      signals = sumSignals(this.runners.map((r) => r.takeSignals()));
      const inboxes = route(outboxes, this.ranges);
      this.runners.forEach((r, i) => r.after(day, inboxes[i]));
      dayDone(day, this.runners.reduce((n, r) => n + r.eventsLastDay, 0));
    }
  }

  async tally(): Promise<Tally[]> {
    return this.runners.map((r) => r.tally());
  }

  async close(): Promise<void> {}
}

type Reply = { id: number; result?: unknown; error?: string; aborted?: boolean };

function workerUrl(): URL {
  // Running from TypeScript sources (tests, tsx): a shim registers tsx inside the worker first.
  return import.meta.url.endsWith('.ts') ? new URL('./worker-shim.mjs', import.meta.url) : new URL('./worker.js', import.meta.url);
}

/** How often the main thread looks at the workers' progress while they run the days. */
const POLL_MS = 50;

/**
 * Runs each range in a worker thread over the shared columns. The workers run the days on their
 * own, meeting at a barrier in shared memory and passing each other the day's records over direct
 * channels (worker.ts); this thread only follows their progress and can stop them.
 */
export class ThreadExecutor implements Executor {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private readonly control = createControl();
  /** each worker's last finished day */
  private readonly done: Int32Array;
  /** events[w × (days + 1) + day]: worker w's behaviour events on that day */
  private readonly events: Float64Array;
  private readonly days: number;

  constructor(
    plan: SimulationPlan, buffers: ColumnBuffers, readonly ranges: readonly BlockRange[], traced: readonly number[] = [],
    balance: BalancePolicy = DEFAULT_BALANCE,
  ) {
    this.days = plan.days;
    const W = ranges.length;
    const busy = new SharedArrayBuffer(2 * W * Float64Array.BYTES_PER_ELEMENT);
    const handed = new SharedArrayBuffer(W * Int32Array.BYTES_PER_ELEMENT);
    const doneBuffer = new SharedArrayBuffer(W * Int32Array.BYTES_PER_ELEMENT);
    this.done = new Int32Array(doneBuffer);
    const events = new SharedArrayBuffer(W * (plan.days + 1) * Float64Array.BYTES_PER_ELEMENT);
    this.events = new Float64Array(events);
    const signalLength = plan.regions.length * SIGNALS;
    const signals = new SharedArrayBuffer(2 * W * signalLength * Float64Array.BYTES_PER_ELEMENT);
    // channel[from][to] carries the records worker `from` raises against agents of worker `to`
    const channel = Array.from({ length: W }, (_, from) => Array.from({ length: W }, (_, to) => (from === to ? undefined : new MessageChannel())));
    // spinning at the barrier only pays when every worker has a core to itself
    const spin = W <= availableParallelism();
    // With a worker on every core, V8's background compiler threads take turns with the workers on
    // the same cores; compiling on each worker's own thread made the core model at 10^7 agents about
    // 3 % faster on 2 workers (docs/performance.md). A process-wide V8 setting, kept for the process.
    if (W >= availableParallelism()) v8.setFlagsFromString('--no-concurrent-recompilation');
    this.workers = ranges.map((_, index) => {
      const outgoing = channel[index].map((c) => c?.port1);
      const incoming = channel.map((row) => row[index]?.port2);
      const setup: WorkerSetup = {
        plan, buffers, ranges: [...ranges], index, traced: [...traced], control: this.control, spin,
        incoming, outgoing, signals, done: doneBuffer, events, balance, busy, handed,
      };
      const ports = [...outgoing, ...incoming].filter((p): p is MessagePort => p !== undefined);
      const worker = new Worker(workerUrl(), { workerData: setup, transferList: ports });
      worker.on('message', (reply: Reply) => {
        const p = this.pending.get(reply.id);
        if (p === undefined) return;
        this.pending.delete(reply.id);
        if (reply.error !== undefined) p.reject(reply.aborted ? new AbortedError() : new Error(reply.error));
        else p.resolve(reply.result);
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a simulation worker stopped with exit code ${code}`));
      });
      return worker;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    abort(this.control);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call<T>(w: number, command: string): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[w].postMessage({ id, command });
    });
  }

  private all<T>(command: string): Promise<T[]> {
    return Promise.all(this.workers.map((_, w) => this.call<T>(w, command)));
  }

  async populate(): Promise<void> {
    await this.all('populate');
  }

  async run(dayDone: DayDone): Promise<void> {
    const days = this.days;
    const W = this.workers.length;
    let reported = 0;
    let stopped: unknown;
    // reports the days every worker has finished, in order; a dayDone that throws stops the workers
    const report = () => {
      let finished = days;
      for (let w = 0; w < W; w++) finished = Math.min(finished, Atomics.load(this.done, w));
      while (stopped === undefined && reported < finished) {
        const day = ++reported;
        let n = 0;
        for (let w = 0; w < W; w++) n += this.events[w * (days + 1) + day];
        try {
          dayDone(day, n);
        } catch (e) {
          stopped = e;
          abort(this.control);
        }
      }
    };
    const timer = setInterval(report, POLL_MS);
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await Promise.allSettled(this.workers.map((_, w) => this.call(w, 'run')));
    } finally {
      clearInterval(timer);
    }
    if (stopped !== undefined) throw stopped;
    // the worker that failed first, not those the abort then released from the barrier
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    const failure = failures.find((e) => !(e instanceof AbortedError)) ?? failures[0];
    if (failure !== undefined) throw failure;
    report();
    if (stopped !== undefined) throw stopped;
  }

  tally(): Promise<Tally[]> {
    return this.all<Tally>('tally');
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
