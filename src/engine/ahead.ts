// Acts drawn ahead of their day: what a worker draws while it waits for the others at the day's
// meeting (BlockRunner.drawAhead), kept until before() reaches the block and day they belong to.
import type { BlockContext } from './block-context.ts';
import { IntList } from './buffers.ts';

/**
 * The most events held: 2^19 (6 MiB in three lists, at most 12 MiB as they grow). At 10 M agents on
 * two workers that is about four days of a worker's acts; at 1.4 billion, about 350 blocks' of one
 * day (docs/performance.md, "With workers", on why not more).
 */
export const AHEAD_EVENTS = 2 ** 19;

/**
 * A queue of units, each one block's acts on one day, in the order drawn: by day, then block. Their
 * events lie one unit after another in `ctx`'s event lists (the context the act phase draws into).
 */
export class ActsAhead {
  private readonly day = new IntList();
  private readonly block = new IntList();
  /** where unit u's events start in ctx's lists; one more entry than units, where the next one starts */
  private readonly start = new IntList();
  /** how long each unit took to draw, in microseconds */
  private readonly micros = new IntList();
  /** the first unit not yet taken or passed over */
  private head = 0;
  /** milliseconds the units taken since the last takenTime() took to draw */
  private taken = 0;

  constructor(readonly ctx: BlockContext) {
    this.start.push(0);
  }

  private get units(): number {
    return this.day.length;
  }

  /** Events held (those of units taken today included, until release drops them). */
  get events(): number {
    return this.ctx.eventAgent.length;
  }

  /**
   * The unit to draw next, as [day, block], for a runner owning blocks [from, to) whose next day is
   * `first`: the block after the last unit drawn (or the first block of the following day), none past
   * day `last` or beyond AHEAD_EVENTS held. Blocks a runner no longer owns are left out.
   */
  next(first: number, from: number, to: number, last: number): [number, number] | undefined {
    if (this.events >= AHEAD_EVENTS || from >= to) return undefined;
    let day = first;
    let block = from;
    if (this.head < this.units) {
      const u = this.units - 1;
      day = this.day.data[u];
      block = Math.max(from, this.block.data[u] + 1);
      if (block >= to) {
        day++;
        block = from;
      }
    }
    return day <= last ? [day, block] : undefined;
  }

  /** Closes the unit of `day` and `block` whose events the act phase has just appended to ctx, in `ms` milliseconds. */
  drawn(day: number, block: number, ms: number): void {
    this.day.push(day);
    this.block.push(block);
    this.micros.push(Math.round(ms * 1000));
    this.start.push(this.events);
  }

  /**
   * Appends the events drawn for `day` and `block` to `into`'s event lists and returns true, or returns
   * false when none were drawn. Calls come in order of day and block: units before the one asked for
   * were for blocks that changed hands and are passed over.
   */
  take(day: number, block: number, into: BlockContext): boolean {
    const days = this.day.data;
    const blocks = this.block.data;
    while (this.head < this.units && (days[this.head] < day || (days[this.head] === day && blocks[this.head] < block))) this.head++;
    if (this.head === this.units || days[this.head] !== day || blocks[this.head] !== block) return false;
    const from = this.start.data[this.head];
    const to = this.start.data[this.head + 1];
    into.eventAgent.append(this.ctx.eventAgent, from, to);
    into.eventKind.append(this.ctx.eventKind, from, to);
    into.eventSegment.append(this.ctx.eventSegment, from, to);
    this.taken += this.micros.data[this.head] / 1000;
    this.head++;
    return true;
  }

  /**
   * Milliseconds the units taken since the last call took to draw: work for the days they were taken
   * on, done earlier (a worker's time for its days, balance.ts, counts it on those days).
   */
  takenTime(): number {
    const t = this.taken;
    this.taken = 0;
    return t;
  }

  /** Drops the units of `day` and earlier (the day's acts are done), freeing their room. */
  release(day: number): void {
    while (this.head < this.units && this.day.data[this.head] <= day) this.head++;
    if (this.head === 0) return;
    const a = this.ctx;
    const offset = this.start.data[this.head];
    const kept = this.units - this.head;
    // the events left move to the front of the lists (usually none: a worker seldom draws more than
    // the next day ahead), and the units' positions with them
    for (const list of [a.eventAgent, a.eventKind, a.eventSegment]) {
      list.data.copyWithin(0, offset, list.length);
      list.length -= offset;
    }
    for (const list of [this.day, this.block, this.micros]) {
      list.data.copyWithin(0, this.head, this.head + kept);
      list.length = kept;
    }
    for (let u = 0; u <= kept; u++) this.start.data[u] = this.start.data[this.head + u] - offset;
    this.start.length = kept + 1;
    this.head = 0;
  }
}
