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

function round(x: number, k: number): number {
  return (Math.imul((x ^ k) + 0x3b, 0x2c1b3c6d) >>> 23) & 0xff;
}

/** Row offset (0..65535) inside the block of the agent at stratum position `q` (level = q >> 8). */
export function rowOfPosition(q: number, keys: Int32Array): number {
  let l = q >>> 8;
  let r = q & 0xff;
  for (let i = 0; i < 4; i++) {
    const t = r;
    r = l ^ round(r, keys[i]);
    l = t;
  }
  return (l << 8) | r;
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
