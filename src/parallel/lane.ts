// A lane: a worker thread that runs whole simulations, one after another, for replicates that run
// several at once. A lane stays up for all the replicates it runs, so each of them after the first
// finds its code compiled and warm (a fresh thread for every run of article-2019 at 300,000 agents
// took about twice as long as the run itself in this thread). The thread runs simulate() as this
// thread would; the memory the process holds is checked here, in the thread that started the lanes.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { SimulationPlan } from '../engine/plan.ts';
import { AbortedError } from './barrier.ts';
import { simulate, type SimulationResult } from './simulate.ts';

interface LaneJob {
  plan: SimulationPlan;
  workers: number;
  trace: readonly number[];
  memoryLimit?: number;
}

type LaneReply = { day: number; events: number } | { result: SimulationResult } | { error: string; stopped: boolean };

function laneUrl(): URL {
  // from the TypeScript sources (tests, tsx), the shim registers tsx in the thread first
  return import.meta.url.endsWith('.ts') ? new URL('./worker-shim.mjs', import.meta.url) : new URL('./lane.js', import.meta.url);
}

/**
 * One lane, seen from the thread that started it. `stop` is shared by the lanes of one set of
 * replicates: once it is set, each lane's current run ends at its next day.
 */
export class Lane {
  private readonly worker: Worker;
  private job: { resolve: (r: SimulationResult) => void; reject: (e: Error) => void; onDay: (day: number, events: number) => void } | undefined;

  constructor(stop: SharedArrayBuffer) {
    this.worker = new Worker(laneUrl(), { workerData: { lane: true, stop } });
    this.worker.on('message', (reply: LaneReply) => {
      const job = this.job;
      if (job === undefined) return;
      if ('day' in reply) {
        try {
          job.onDay(reply.day, reply.events);
        } catch (e) {
          this.settle();
          job.reject(e as Error);
        }
      } else if ('result' in reply) {
        this.settle();
        job.resolve(reply.result);
      } else {
        this.settle();
        job.reject(reply.stopped ? new AbortedError() : new Error(reply.error));
      }
    });
    this.worker.on('error', (e) => {
      const job = this.job;
      this.settle();
      job?.reject(e);
    });
    this.worker.on('exit', (code) => {
      const job = this.job;
      this.settle();
      job?.reject(new Error(`a replicate's thread stopped with exit code ${code}`));
    });
  }

  private settle(): void {
    this.job = undefined;
  }

  /**
   * Runs `plan` on `workers` workers in the lane's thread; `onDay` is called here after each of its
   * days, and throwing from it ends the run (the lane's thread goes on to its next day until the
   * stop flag tells it otherwise).
   */
  run(plan: SimulationPlan, workers: number, trace: readonly number[], memoryLimit: number | undefined, onDay: (day: number, events: number) => void): Promise<SimulationResult> {
    return new Promise((resolve, reject) => {
      this.job = { resolve, reject, onDay };
      const job: LaneJob = { plan, workers, trace: [...trace], memoryLimit };
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

// The thread side: runs each job it is sent, reporting its days, its result or its error.
if (parentPort !== null && (workerData as { lane?: boolean } | null)?.lane === true) {
  const port = parentPort;
  const stop = new Int32Array((workerData as { stop: SharedArrayBuffer }).stop);
  port.on('message', async (job: LaneJob) => {
    const reply = (r: LaneReply) => port.postMessage(r);
    try {
      const result = await simulate(job.plan, {
        workers: job.workers,
        trace: job.trace,
        memoryLimit: job.memoryLimit,
        // the process's memory is checked by the thread that started the lanes, which sees every run
        residentBytes: () => 0,
        onDay: (day, events) => {
          if (Atomics.load(stop, 0) !== 0) throw new AbortedError();
          reply({ day, events });
        },
      });
      reply({ result });
    } catch (e) {
      reply({ error: e instanceof Error ? e.message : String(e), stopped: e instanceof AbortedError });
    }
  });
}
