// Growable typed-array buffers reused across days, so the hot loops allocate nothing in steady state,
// and the sparse per-agent structures of a worker's blocks.
import { BLOCK_SIZE } from './layout.ts';

/** The span of values IntList.uniqueWithin takes: one block's agents. */
const SPAN = 1 << 16;
/** uniqueWithin's bitmap, a bit per value of the span: one per thread, all zero between calls. */
const spanBits = new Int32Array(SPAN >>> 5);

/** A list of int32 values that doubles its storage when full and is cleared, not freed, each day. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  /** Appends values [from, to) of another list, in one copy. */
  append(other: IntList, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(this.length + to - from).set(other.data.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Storage for at least n values, the list's values kept: scratch space, or room to write ahead of `length`. */
  reserve(n: number): Int32Array {
    while (this.data.length < n) this.grow();
    return this.data;
  }

  /**
   * Removes repeated values, each value staying where it first appears, for values in
   * [base, base + 2^16) (the agents of one block): one pass that keeps a value if its bit in a bitmap
   * is not yet set and sets it, one that clears the bits again. Repeats are rare in the lists this is
   * for, so neither pass has a branch that guesses wrong.
   */
  uniqueWithin(base: number): void {
    const data = this.data;
    const n = this.length;
    let w = 0;
    for (let r = 0; r < n; r++) {
      const v = data[r];
      const offset = v - base;
      if (offset < 0 || offset >= SPAN) {
        for (let k = 0; k < w; k++) spanBits[(data[k] - base) >>> 5] = 0;
        throw new RangeError(`IntList.uniqueWithin: ${v} is outside [${base}, ${base + SPAN})`);
      }
      const word = spanBits[offset >>> 5];
      data[w] = v;
      w += 1 - ((word >>> (offset & 31)) & 1);
      spanBits[offset >>> 5] = word | (1 << (offset & 31));
    }
    for (let r = 0; r < w; r++) spanBits[(data[r] - base) >>> 5] = 0;
    this.length = w;
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/** Taken day lists a Calendar keeps for reuse (a few: enough for the days scheduled as others pass). */
const SPARE_LISTS = 4;

/**
 * A structure of a worker that holds something for each of its blocks, and can hand the part for a
 * range of blocks to another worker (when the workers rebalance their blocks: see
 * parallel/worker.ts). What `exportBlocks` returns is plain data for postMessage; the receiving
 * worker's structure of the same kind takes it with `importBlocks`, after which it behaves as if
 * it had held those blocks from the start.
 */
export interface BlockState {
  exportBlocks(from: number, to: number): unknown;
  importBlocks(part: unknown): void;
}

/** A Calendar's agents of some blocks: for each day that has any, the day and its agents in order. */
type CalendarPart = { day: number; agents: Int32Array }[];

/**
 * Agents due for attention on a future day, for all the blocks of a worker: one list per day (not per
 * block and day, whose fixed cost per list came to several bytes per agent at national scale). A day's
 * list is split by block when the first of its blocks takes it; each block gets its own agents in the
 * order they were added, as if it had kept a calendar of its own.
 */
export class Calendar implements BlockState {
  /** the agents due on each day, indexed by day (a plain array: looked up once per look scheduled) */
  private readonly days: (IntList | undefined)[] = [];
  private pending = 0;
  /** the day being taken, its agents ordered by block, and where each block's run starts */
  private takenDay = -1;
  private readonly taken = new IntList();
  private readonly starts: Int32Array;
  private readonly fill: Int32Array;
  /** lists of days already taken, cleared for days not yet scheduled: a day's list grows to its size once, not every day */
  private readonly spare: IntList[] = [];

  /** `blocks`: the population's blocks (any of them may come to be this worker's) */
  constructor(blocks: number) {
    this.starts = new Int32Array(blocks + 1);
    this.fill = new Int32Array(blocks);
  }

  add(day: number, agent: number): void {
    let list = this.days[day];
    if (list === undefined) {
      while (this.days.length <= day) this.days.push(undefined);
      list = this.spare.pop() ?? new IntList(64);
      this.days[day] = list;
      this.pending++;
    }
    list.push(agent);
  }

  /** Appends the agents of `block` due on `day` to `out`; returns how many. */
  takeInto(day: number, block: number, out: IntList): number {
    if (day !== this.takenDay) this.take(day);
    const from = this.starts[block];
    const to = this.starts[block + 1];
    for (let k = from; k < to; k++) out.push(this.taken.data[k]);
    return to - from;
  }

  /** Moves the day's list into `taken`, ordered by block (a stable counting sort). */
  private take(day: number): void {
    this.takenDay = day;
    const starts = this.starts;
    starts.fill(0);
    const list = this.days[day];
    this.taken.clear();
    if (list === undefined) return;
    this.days[day] = undefined;
    this.pending--;
    const n = list.length;
    const agents = list.data;
    for (let k = 0; k < n; k++) starts[Math.floor(agents[k] / BLOCK_SIZE) + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    const into = this.taken.reserve(n);
    const fill = this.fill;
    fill.set(starts.subarray(0, fill.length));
    for (let k = 0; k < n; k++) into[fill[Math.floor(agents[k] / BLOCK_SIZE)]++] = agents[k];
    this.taken.length = n;
    list.clear();
    if (this.spare.length < SPARE_LISTS) this.spare.push(list);
  }

  get pendingDays(): number {
    return this.pending;
  }

  /** Removes and returns the agents of blocks [from, to) due on days not yet taken, each day's in order. */
  exportBlocks(from: number, to: number): CalendarPart {
    const part: CalendarPart = [];
    const lo = from * BLOCK_SIZE;
    const hi = to * BLOCK_SIZE;
    for (let day = 0; day < this.days.length; day++) {
      const list = this.days[day];
      if (list === undefined) continue;
      const moved: number[] = [];
      let kept = 0;
      for (let k = 0; k < list.length; k++) {
        const agent = list.data[k];
        if (agent >= lo && agent < hi) moved.push(agent);
        else list.data[kept++] = agent;
      }
      if (moved.length === 0) continue;
      list.length = kept;
      part.push({ day, agents: Int32Array.from(moved) });
      if (kept === 0) {
        this.days[day] = undefined;
        this.pending--;
        if (this.spare.length < SPARE_LISTS) this.spare.push(list);
      }
    }
    return part;
  }

  /** Adds the agents another worker's calendar exported, after those already due on each day. */
  importBlocks(part: unknown): void {
    for (const { day, agents } of part as CalendarPart) for (const agent of agents) this.add(day, agent);
  }
}

/** A BlockMap's maps of some blocks: each block and its map. */
type BlockMapPart = { block: number; map: Map<number, number> }[];

/**
 * A sparse map from (agent, slot) to a number over a worker's blocks: one Map per block, keyed by the
 * agent's row in its block, so that no single Map comes near the engine's limit of 2^24 entries and
 * the keys stay small integers even for a national population. A block's Map is made when the first
 * value of the block is set.
 */
export class BlockMap implements BlockState {
  private readonly maps: (Map<number, number> | undefined)[];

  /** `blocks`: the population's blocks (any of them may come to be this worker's) */
  constructor(blocks: number, private readonly slots = 1) {
    this.maps = new Array<Map<number, number> | undefined>(blocks).fill(undefined);
  }

  private key(agent: number, slot: number): number {
    return (agent % BLOCK_SIZE) * this.slots + slot;
  }

  get(agent: number, slot = 0): number | undefined {
    return this.maps[Math.floor(agent / BLOCK_SIZE)]?.get(this.key(agent, slot));
  }

  set(agent: number, value: number, slot = 0): void {
    const block = Math.floor(agent / BLOCK_SIZE);
    let map = this.maps[block];
    if (map === undefined) {
      map = new Map<number, number>();
      this.maps[block] = map;
    }
    map.set(this.key(agent, slot), value);
  }

  delete(agent: number, slot = 0): void {
    this.maps[Math.floor(agent / BLOCK_SIZE)]?.delete(this.key(agent, slot));
  }

  get size(): number {
    return this.maps.reduce((n, m) => n + (m?.size ?? 0), 0);
  }

  /** Removes and returns the maps of blocks [from, to). */
  exportBlocks(from: number, to: number): BlockMapPart {
    const part: BlockMapPart = [];
    for (let block = from; block < to; block++) {
      const map = this.maps[block];
      if (map === undefined) continue;
      part.push({ block, map });
      this.maps[block] = undefined;
    }
    return part;
  }

  importBlocks(part: unknown): void {
    for (const { block, map } of part as BlockMapPart) this.maps[block] = map;
  }
}
