// Splits blocks into contiguous ranges, one per worker; routes cross-block records to the worker
// that owns their target, keeping ascending source-block order; sums the workers' region signals.
import { BLOCK_SIZE } from '../engine/layout.ts';

export interface BlockRange {
  from: number;
  to: number;
}

export function partitionBlocks(blocks: number, workers: number): BlockRange[] {
  const w = Math.max(1, Math.min(workers, blocks));
  return Array.from({ length: w }, (_, i) => ({ from: Math.floor((blocks * i) / w), to: Math.floor((blocks * (i + 1)) / w) }));
}

/** The index of the range (worker) owning `target`'s block. */
function ownerOf(target: number, ranges: readonly BlockRange[]): number {
  const block = Math.floor(target / BLOCK_SIZE);
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid].from <= block) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Routes outboxes (one per worker, in worker order) to inboxes (one per worker). Entries are
 * (source block, target, info, source agent) quadruples; order within each inbox follows the
 * outboxes' order, which is ascending source block.
 */
export function route(outboxes: readonly Int32Array[], ranges: readonly BlockRange[]): Int32Array[] {
  const sizes = new Int32Array(ranges.length);
  for (const out of outboxes) for (let e = 0; e < out.length; e += 4) sizes[ownerOf(out[e + 1], ranges)] += 4;
  const inboxes = Array.from(sizes, (n) => new Int32Array(n));
  const fill = new Int32Array(ranges.length);
  for (const out of outboxes) {
    for (let e = 0; e < out.length; e += 4) {
      const w = ownerOf(out[e + 1], ranges);
      inboxes[w].set(out.subarray(e, e + 4), fill[w]);
      fill[w] += 4;
    }
  }
  return inboxes;
}

/** Adds the workers' region signals element-wise, in worker order (integer counts: exact). */
export function sumSignals(parts: readonly Float64Array[]): Float64Array {
  const total = new Float64Array(parts[0]?.length ?? 0);
  for (const p of parts) for (let i = 0; i < p.length; i++) total[i] += p[i];
  return total;
}
