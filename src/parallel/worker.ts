// A simulation worker thread: owns a range of blocks. The executor asks it to populate, to run the
// days and to tally; during the days the workers meet each other directly (see DayLoop), without
// the main thread.
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ColumnBuffers } from '../engine/columns.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { BlockRunner } from '../engine/runner.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import { abort, aborted, AbortedError, Barrier } from './barrier.ts';
import { overlap, rebalance, shuffle, type BalancePolicy } from './balance.ts';
import { route, sumSignals, type BlockRange } from './partition.ts';

/** What a worker is started with. */
export interface WorkerSetup {
  plan: SimulationPlan;
  buffers: ColumnBuffers;
  ranges: BlockRange[];
  /** this worker's index in ranges */
  index: number;
  traced: number[];
  /** the barrier's control block (see barrier.ts) */
  control: SharedArrayBuffer;
  /** whether a worker waiting at the barrier may spin */
  spin: boolean;
  /** incoming[w]: records from worker w (undefined at this worker's own index) */
  incoming: (MessagePort | undefined)[];
  /** outgoing[w]: records for worker w (undefined at this worker's own index) */
  outgoing: (MessagePort | undefined)[];
  /** each worker's region signals of the day, odd days in the second half: 2 × workers × signal length float64 */
  signals: SharedArrayBuffer;
  /** progress: each worker's last finished day (int32 × workers) */
  done: SharedArrayBuffer;
  /** progress: events[w × (days + 1) + day] (float64) */
  events: SharedArrayBuffer;
  /** how the workers rebalance their blocks */
  balance: BalancePolicy;
  /** each worker's busy seconds over the last window, published for the look; odd looks in the second half (float64 × 2 × workers) */
  busy: SharedArrayBuffer;
  /** each worker's count of handovers sent (int32 × workers), for the receivers to wait on */
  handed: SharedArrayBuffer;
}

/**
 * The day loop of one worker among several. Each day: act and observe in its own blocks, publish the
 * day's region signals (all raised by then: see World.signal), send every other worker the records
 * addressed to its agents (in ascending source block, as route() orders them), meet, sum everyone's
 * signals in worker order for the next day, and apply the records from all workers in worker order.
 * The same steps in the same order as one thread running every block, so the results are the same.
 *
 * A worker that arrives at the meeting before the others draws the acts of its next blocks and days
 * while it waits (BlockRunner.drawAhead), so that a day on which it is early and one on which it is
 * late offset each other.
 *
 * One meeting a day is enough: after it a worker touches only its own agents until the next one (a
 * misattribution reads another worker's agent's age class, which never changes), and the signals of
 * consecutive days go to alternate halves of the signal buffer, so a worker that runs ahead into the
 * next day's acts never overwrites signals another worker has yet to read.
 *
 * Every few days (balance.everyDays) the workers also publish how long their blocks took since the
 * last look, and after the day every worker computes the same new split from the same figures
 * (balance.ts); blocks that change hands are handed over, with the mechanisms' state for them, over
 * the same channels as the records, before the next day starts.
 */
export class DayLoop {
  private readonly barrier: Barrier;
  private readonly signals: Float64Array;
  private readonly done: Int32Array;
  private readonly events: Float64Array;
  private readonly busy: Float64Array;
  private readonly handed: Int32Array;
  /** the current split of the blocks, the same in every worker */
  private ranges: BlockRange[];
  private handovers = 0;

  constructor(private readonly runner: BlockRunner, private readonly setup: WorkerSetup) {
    this.barrier = new Barrier(setup.control, setup.ranges.length, setup.spin);
    this.signals = new Float64Array(setup.signals);
    this.done = new Int32Array(setup.done);
    this.events = new Float64Array(setup.events);
    this.busy = new Float64Array(setup.busy);
    this.handed = new Int32Array(setup.handed);
    this.ranges = setup.ranges.map((r) => ({ ...r }));
  }

  run(): void {
    const { index, balance } = this.setup;
    const days = this.setup.plan.days;
    const stride = days + 1;
    const W = this.ranges.length;
    const S = this.signals.length / (2 * W);
    const looking = balance.mode !== 'off' && W > 1;
    let signals: Float64Array = new Float64Array(0);
    let windowStart = performance.now();
    let waited = 0;
    for (let day = 1; day <= days; day++) {
      const outbox = this.runner.before(day, signals);
      const half = (day & 1) * W * S;
      this.signals.set(this.runner.takeSignals(), half + index * S);
      const parts = route([outbox], this.ranges); // by the worker owning each record's target, order kept
      // Copied, never transferred: detaching any ArrayBuffer in an isolate makes V8 check for
      // detachment on every typed-array access from then on, which slowed every phase of the
      // workers by 10-15 % (docs/performance.md, "How the cost grows").
      for (let w = 0; w < W; w++) {
        if (w !== index) this.setup.outgoing[w]!.postMessage(parts[w]);
      }
      const look = looking && day % balance.everyDays === 0 && day < days;
      const arrived = performance.now();
      // this worker's time for its blocks since the last look (meetings and handovers left out), read
      // by every worker after the meeting; alternate looks use alternate halves, as the signals do days
      const busyAt = ((day / balance.everyDays) & 1) * W;
      if (look) {
        // the acts of these days drawn ahead count here, where they are used, and not in the waits
        // they were drawn in: a worker that fills its waits with them is faster, not busier
        this.busy[busyAt + index] = (arrived - windowStart - waited + this.runner.aheadTime()) / 1000;
        windowStart = arrived;
        waited = 0;
      }
      // a worker that arrives first draws the next days' acts while it waits (BlockRunner.drawAhead):
      // the others' lateness, which no split of the blocks can follow day by day, is then not lost
      // (on the last day there is nothing to draw: drawAhead returns false)
      const meeting = this.barrier.arrive();
      while (!this.barrier.passed(meeting) && this.runner.drawAhead(day + 1));
      this.barrier.waitFor(meeting);
      waited += performance.now() - arrived;
      signals = sumSignals(this.ranges.map((_, w) => this.signals.subarray(half + w * S, half + (w + 1) * S)));
      const received = parts.map((own, w) => (w === index ? own : receive(this.setup.incoming[w]!)));
      this.runner.after(day, concat(received));
      this.events[index * stride + day] = this.runner.eventsLastDay;
      Atomics.store(this.done, index, day);
      if (look) {
        const next = balance.mode === 'shuffle'
          ? shuffle(this.ranges, day / balance.everyDays)
          : rebalance(this.ranges, Array.from(this.busy.subarray(busyAt, busyAt + W)));
        if (next.some((r, w) => r.from !== this.ranges[w].from || r.to !== this.ranges[w].to)) {
          const started = performance.now();
          this.handOver(next);
          waited += performance.now() - started;
        }
      }
    }
  }

  /**
   * Moves to the split `next` between days: sends each other worker the state of the blocks it gains
   * from this one, then takes the state of the blocks this one gains from each of the others.
   */
  private handOver(next: BlockRange[]): void {
    const { index } = this.setup;
    const W = next.length;
    const mine = this.ranges[index];
    this.handovers++;
    for (let w = 0; w < W; w++) {
      if (w === index) continue;
      const moving = overlap(mine, next[w]);
      if (moving.from >= moving.to) continue;
      this.setup.outgoing[w]!.postMessage({ ...moving, parts: this.runner.exportBlocks(moving.from, moving.to) });
    }
    Atomics.store(this.handed, index, this.handovers);
    Atomics.notify(this.handed, index);
    for (let w = 0; w < W; w++) {
      if (w === index) continue;
      const coming = overlap(this.ranges[w], next[index]);
      if (coming.from >= coming.to) continue;
      while (Atomics.load(this.handed, w) < this.handovers) {
        if (aborted(this.setup.control)) throw new AbortedError();
        Atomics.wait(this.handed, w, this.handovers - 1, 50);
      }
      const m = receiveMessageOnPort(this.setup.incoming[w]!);
      if (m === undefined) throw new Error('scoresim: blocks handed over by another worker did not arrive');
      const given = m.message as BlockRange & { parts: unknown[] };
      if (given.from !== coming.from || given.to !== coming.to) {
        throw new Error(`scoresim: a worker received blocks ${given.from}-${given.to} where it expected ${coming.from}-${coming.to}`);
      }
      this.runner.importBlocks(given.parts);
    }
    this.ranges = next;
    this.runner.own(next[index].from, next[index].to);
  }
}

function receive(port: MessagePort): Int32Array {
  const m = receiveMessageOnPort(port);
  if (m === undefined) throw new Error('scoresim: a worker\'s records for the day did not arrive');
  return m.message as Int32Array;
}

function concat(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

if (parentPort !== null && workerData !== null && (workerData as WorkerSetup).control !== undefined) {
  const setup = workerData as WorkerSetup;
  const range = setup.ranges[setup.index];
  const runner = new BlockRunner(setup.plan, setup.buffers, range.from, range.to, MECHANISMS, setup.traced);
  const loop = new DayLoop(runner, setup);
  const port = parentPort;
  port.on('message', (message: { id: number; command: string }) => {
    const { id, command } = message;
    try {
      switch (command) {
        case 'populate':
          runner.populate();
          port.postMessage({ id });
          break;
        case 'run':
          loop.run();
          port.postMessage({ id });
          break;
        case 'tally':
          port.postMessage({ id, result: runner.tally() });
          break;
        default:
          port.postMessage({ id, error: `unknown command ${command}` });
      }
    } catch (e) {
      // a failing worker releases the others from the barrier, so that the run ends instead of hanging
      if (!(e instanceof AbortedError)) abort(setup.control);
      port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e), aborted: e instanceof AbortedError });
    }
  });
}
