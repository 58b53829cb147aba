// The per-block working set handed to each mechanism's step: the block's bounds, its keyed random
// stream, the day's events and records, and the agents touched today. One instance per worker, reused.
import { IntList } from './buffers.ts';
import { BlockRng } from './rng.ts';
import type { World } from './world.ts';

export class BlockContext {
  day = 0;
  /** global block index */
  block = 0;
  /** index of the block among the worker's own blocks */
  local = 0;
  /** first agent of the block */
  start = 0;
  /** one past the last agent of the block */
  end = 0;
  /** segment holding the block's first agent */
  firstSegment = 0;
  readonly rng: BlockRng;
  readonly world: World;

  /** Today's events in this block: agent, event (behaviour index), segment of the agent. */
  readonly eventAgent = new IntList();
  readonly eventKind = new IntList();
  readonly eventSegment = new IntList();
  /**
   * In the adapt and observe phases: where each run of events of one behaviour starts in the lists
   * above, then their length (a run is events k in [eventRuns[r], eventRuns[r + 1])), as found by
   * findEventRuns after act and again after adapt. A step that treats behaviours differently takes a
   * run at a time instead of an event at a time.
   */
  readonly eventRuns = new IntList();

  /** In the record phase: today's records against this block's agents (local first, then delivered). */
  readonly recordTarget = new IntList();
  readonly recordInfo = new IntList();
  readonly recordSource = new IntList();

  /** Agents whose state changed today; the react phase re-evaluates them. */
  readonly touched = new IntList();

  /** Records raised in the observe phase, kept per block across the exchange. */
  readonly pendingTarget = new IntList();
  readonly pendingInfo = new IntList();
  readonly pendingSource = new IntList();
  /** Records for agents of other blocks: (source block, target, info, source agent) quadruples. */
  readonly outbox = new IntList();

  constructor(world: World) {
    this.world = world;
    this.rng = new BlockRng(world.seed);
  }

  /** Finds the runs of events of one behaviour in today's event lists (see eventRuns). */
  findEventRuns(): void {
    const kinds = this.eventKind.data;
    const n = this.eventKind.length;
    const runs = this.eventRuns;
    runs.clear();
    for (let e = 0; e < n; e++) if (e === 0 || kinds[e] !== kinds[e - 1]) runs.push(e);
    runs.push(n);
  }

  /** Records an observation against `target`; the owner of the target's block applies it. */
  emitRecord(target: number, info: number, source: number): void {
    if (target >= this.start && target < this.end) {
      this.pendingTarget.push(target);
      this.pendingInfo.push(info);
      this.pendingSource.push(source);
    } else {
      const out = this.outbox;
      out.push(this.block);
      out.push(target);
      out.push(info);
      out.push(source);
    }
  }
}
