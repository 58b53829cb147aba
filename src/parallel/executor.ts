// Executors run the block runners: in this thread for one worker, or in worker threads over
// shared memory for several. Both expose the same day protocol, so results do not depend on which.
import { Worker } from 'node:worker_threads';
import type { ColumnBuffers } from '../engine/columns.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { BlockRunner, type Tally } from '../engine/runner.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import type { BlockRange } from './partition.ts';

export interface Executor {
  readonly ranges: readonly BlockRange[];
  populate(): Promise<void>;
  /** One outbox per worker, in worker order; `signals` are yesterday's population-wide region signals. */
  before(day: number, signals: Float64Array): Promise<Int32Array[]>;
  /** Applies the day's records; resolves to the day's events and each worker's region signals. */
  after(day: number, inboxes: Int32Array[]): Promise<DayResult>;
  tally(): Promise<Tally[]>;
  close(): Promise<void>;
}

export class InProcessExecutor implements Executor {
  private readonly runners: BlockRunner[];

  constructor(plan: SimulationPlan, buffers: ColumnBuffers, readonly ranges: readonly BlockRange[], traced: readonly number[] = []) {
    this.runners = ranges.map((r) => new BlockRunner(plan, buffers, r.from, r.to, MECHANISMS, traced));
  }

  async populate(): Promise<void> {
    for (const r of this.runners) r.populate();
  }

  async before(day: number, signals: Float64Array): Promise<Int32Array[]> {
    return this.runners.map((r) => r.before(day, signals));
  }

  async after(day: number, inboxes: Int32Array[]): Promise<DayResult> {
    this.runners.forEach((r, i) => r.after(day, inboxes[i]));
    return { events: this.runners.reduce((n, r) => n + r.eventsLastDay, 0), signals: this.runners.map((r) => r.takeSignals()) };
  }

  async tally(): Promise<Tally[]> {
    return this.runners.map((r) => r.tally());
  }

  async close(): Promise<void> {}
}

type Reply = { id: number; result?: unknown; error?: string };

export interface DayResult {
  events: number;
  signals: Float64Array[];
}

function workerUrl(): URL {
  // Running from TypeScript sources (tests, tsx): a shim registers tsx inside the worker first.
  return import.meta.url.endsWith('.ts') ? new URL('./worker-shim.mjs', import.meta.url) : new URL('./worker.js', import.meta.url);
}

export class ThreadExecutor implements Executor {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(plan: SimulationPlan, buffers: ColumnBuffers, readonly ranges: readonly BlockRange[], traced: readonly number[] = []) {
    this.workers = ranges.map((range) => {
      const worker = new Worker(workerUrl(), { workerData: { plan, buffers, range, traced } });
      worker.on('message', (reply: Reply) => {
        const p = this.pending.get(reply.id);
        if (p === undefined) return;
        this.pending.delete(reply.id);
        if (reply.error !== undefined) p.reject(new Error(reply.error));
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
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call<T>(w: number, command: string, payload?: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[w].postMessage({ id, command, payload }, transfer);
    });
  }

  private all<T>(command: string, payload?: (w: number) => unknown, transfer?: (w: number) => ArrayBuffer[]): Promise<T[]> {
    return Promise.all(this.workers.map((_, w) => this.call<T>(w, command, payload?.(w), transfer?.(w) ?? [])));
  }

  async populate(): Promise<void> {
    await this.all('populate');
  }

  before(day: number, signals: Float64Array): Promise<Int32Array[]> {
    return this.all<Int32Array>('before', () => ({ day, signals }));
  }

  async after(day: number, inboxes: Int32Array[]): Promise<DayResult> {
    const replies = await this.all<{ events: number; signals: Float64Array }>('after', (w) => ({ day, inbox: inboxes[w] }), (w) => [inboxes[w].buffer as ArrayBuffer]);
    return { events: replies.reduce((a, r) => a + r.events, 0), signals: replies.map((r) => r.signals) };
  }

  tally(): Promise<Tally[]> {
    return this.all<Tally>('tally');
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
