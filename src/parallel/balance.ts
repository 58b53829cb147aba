// How the workers share the blocks as a run goes on. The split starts even; every few days the
// workers compare how long each took for its blocks (the time at the day's meeting left out) and,
// when one is clearly slower, move the boundary between ranges so that each gets blocks in
// proportion to its speed. A virtual machine's cores do not run at one speed: for minutes at a
// time one can be a fifth slower than the other, and with a fixed split the faster worker waits at
// every meeting for the slower one (docs/performance.md, "With workers" under "How the cost grows").
//
// Which worker owns a block changes nothing in the results: each block's draws are keyed by the
// block, not the worker, and a block's state moves with it (BlockRunner.exportBlocks).
import type { BlockRange } from './partition.ts';

/** How the workers rebalance: `measured` by their times; `shuffle` moves boundaries on a fixed pattern (tests). */
export interface BalancePolicy {
  mode: 'measured' | 'shuffle' | 'off';
  /** days between two looks at the workers' times */
  everyDays: number;
}

export const DEFAULT_BALANCE: BalancePolicy = { mode: 'measured', everyDays: 8 };

/** A move is made only when it should shorten the slowest worker's time by at least this share. */
const MIN_GAIN = 0.02;
/** Each look moves a boundary half of the way to where the times say it should be, damping the noise of one window. */
const DAMPING = 0.5;

/**
 * The ranges for the next days, given each worker's busy time over the last window (seconds, in
 * worker order). Every worker computes this from the same numbers, so all agree. Ranges stay
 * contiguous and in order, cover the same blocks, and keep at least one block each.
 */
export function rebalance(ranges: readonly BlockRange[], busy: readonly number[]): BlockRange[] {
  const W = ranges.length;
  if (W < 2 || busy.length !== W || busy.some((t) => !(t > 0) || !Number.isFinite(t))) return [...ranges];
  const first = ranges[0].from;
  const total = ranges[W - 1].to - first;
  const speed = ranges.map((r, w) => (r.to - r.from) / busy[w]);
  const sum = speed.reduce((a, b) => a + b, 0);
  // the slowest worker's time now, against everyone's time with the blocks split by speed
  const slowest = Math.max(...busy);
  if (slowest - total / sum < MIN_GAIN * slowest) return [...ranges];
  const bounds = [first];
  let share = 0;
  for (let w = 0; w < W - 1; w++) {
    share += speed[w];
    const ideal = first + (total * share) / sum;
    const old = ranges[w].to;
    let to = Math.round(old + DAMPING * (ideal - old));
    // at least one block for this worker and for each after it
    to = Math.max(bounds[w] + 1, Math.min(to, first + total - (W - 1 - w)));
    bounds.push(to);
  }
  bounds.push(first + total);
  return ranges.map((_, w) => ({ from: bounds[w], to: bounds[w + 1] }));
}

/** Boundaries on a fixed pattern, for tests: blocks change hands at most looks, in both directions. */
export function shuffle(ranges: readonly BlockRange[], look: number): BlockRange[] {
  const W = ranges.length;
  const first = ranges[0].from;
  const total = ranges[W - 1].to - first;
  if (W < 2 || total < W) return [...ranges];
  const bounds = [first];
  for (let w = 0; w < W - 1; w++) {
    const room = first + total - (W - 1 - w) - (bounds[w] + 1) + 1;
    bounds.push(bounds[w] + 1 + ((look * 7919 + w * 104729) % room));
  }
  bounds.push(first + total);
  return ranges.map((_, w) => ({ from: bounds[w], to: bounds[w + 1] }));
}

/** The blocks of `a` that are also in `b` (ranges are contiguous, so this is one range, maybe empty). */
export function overlap(a: BlockRange, b: BlockRange): BlockRange {
  return { from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
}
