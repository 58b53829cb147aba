// Stratified propensities: inside each block, a keyed 16-bit permutation deals the block's 65,536
// rows into 256 strata of 256 rows, one per propensity level. Every level is then exactly as common
// as it should be, nothing is stored per agent, and the rows of a level can be enumerated directly,
// so events are drawn without thinning against the largest multiplier.
import { hash2 } from './rng.ts';

/** Round keys of the permutation for (trait key, block): four bytes of one hash word each. */
export function strataKeys(traitKey: number, block: number, out: Int32Array): Int32Array {
  for (let r = 0; r < 4; r++) out[r] = hash2(traitKey ^ (r * 0x632be5ab), block) & 0xff;
  return out;
}

/**
 * The permutation's round function of one byte, y = x XOR key: a multiply-shift hash of y. It depends
 * on y alone, so its 256 values are a table and each round is a load.
 */
const ROUND = Uint8Array.from({ length: 256 }, (_, y) => (Math.imul(y + 0x3b, 0x2c1b3c6d) >>> 23) & 0xff);

function round(x: number, k: number): number {
  return ROUND[x ^ k];
}

/** Row offset (0..65535) inside the block of the agent at stratum position `q` (level = q >> 8). */
export function rowOfPosition(q: number, keys: Int32Array): number {
  return rowOfPositionKeyed(q, keys[0], keys[1], keys[2], keys[3]);
}

/**
 * rowOfPosition with the four round keys as arguments: a drawing loop keeps them in registers
 * instead of loading them from the array for every candidate.
 */
export function rowOfPositionKeyed(q: number, k0: number, k1: number, k2: number, k3: number): number {
  const l0 = q >>> 8;
  const r0 = q & 0xff;
  const r1 = l0 ^ ROUND[r0 ^ k0];
  const r2 = r0 ^ ROUND[r1 ^ k1];
  const r3 = r1 ^ ROUND[r2 ^ k2];
  const r4 = r2 ^ ROUND[r3 ^ k3];
  return (r3 << 8) | r4;
}

/** Inverse of rowOfPosition: the stratum position of the agent at row offset `row`. */
export function positionOfRow(row: number, keys: Int32Array): number {
  let l = row >>> 8;
  let r = row & 0xff;
  for (let i = 3; i >= 0; i--) {
    const t = l;
    l = r ^ round(l, keys[i]);
    r = t;
  }
  return (l << 8) | r;
}
