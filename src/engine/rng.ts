// Counter-based randomness: Philox4x32-10 keys a stream by (seed, stream, day, block); a small
// xoshiro128** generator seeded from it produces the draws inside one block. Draws never depend
// on how blocks are spread over threads.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 4294967296;
const TWO_MINUS31 = 2 ** -31;

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers, exact in doubles. */
function mulhi(a: number, b: number): number {
  const ah = a >>> 16;
  const al = a & 0xffff;
  const bh = b >>> 16;
  const bl = b & 0xffff;
  const low = (ah * bl + al * bh) * 65536 + al * bl;
  return (ah * bh + Math.floor(low / TWO32)) >>> 0;
}

/**
 * Philox4x32-10 (Salmon et al. 2011, Random123): the bijection of a 128-bit counter under a 64-bit
 * key. Writes four unsigned 32-bit words into `out`.
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array,
): Uint32Array {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
  return out;
}

/** Splits a user seed (any non-negative integer below 2^53) into the two Philox key words. */
export function seedKey(seed: number): [number, number] {
  const lo = seed % TWO32;
  const hi = Math.floor(seed / TWO32);
  return [lo >>> 0, hi >>> 0];
}

/**
 * xoshiro128** (Blackman and Vigna): a fast generator for the draws inside one (stream, day, block).
 * One instance is reused and re-keyed, so the hot loop allocates nothing.
 */
export class BlockRng {
  private s0 = 1;
  private s1 = 2;
  private s2 = 3;
  private s3 = 4;
  private readonly words = new Uint32Array(4);
  private readonly k0: number;
  private readonly k1: number;

  constructor(seed: number) {
    [this.k0, this.k1] = seedKey(seed);
  }

  /** Positions the generator at the start of the stream keyed by (stream, day, block, sub). */
  key(stream: number, day: number, block: number, sub = 0): this {
    const w = philox4x32(stream, day, block, sub, this.k0, this.k1, this.words);
    this.s0 = w[0] | 0;
    this.s1 = w[1] | 0;
    this.s2 = w[2] | 0;
    this.s3 = w[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    return this;
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / TWO32;
  }

  /** Uniform double in (0, 1]: safe to take a logarithm of. */
  uniformPositive(): number {
    return (this.nextU32() + 1) / TWO32;
  }

  /**
   * Steps to the next success of independent daily trials with probability p, given
   * scale = geometricScale(p): 1 + a geometric number of failures. Event skipping is built on it.
   */
  skip(scale: number): number {
    return geometricSkip(this.nextU32(), scale);
  }

  /** skip, for a loop that computes skipMargin(scale) once instead of for every step. */
  skipWithin(scale: number, margin: number): number {
    return geometricSkipWithin(this.nextU32(), scale, margin);
  }

  /** Uniform integer in [0, n) for n <= 2^32. */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/**
 * Intervals of [1, 2) in the logarithm table of geometricSkip, and for each its centre's reciprocal
 * and −log of that. 512 intervals keep |r| ≤ 2^−10 in tableLog, so the series r − r²/2 is within
 * 2^−30 / 3 (about 3.1e-10) of the logarithm: a short chain of dependent operations in the loops
 * that draw events, and an error small enough that Math.log rarely has to decide a skip.
 */
const LOG_INTERVALS = 512;
const LOG_RECIPROCAL = new Float64Array(LOG_INTERVALS);
/** LOG_RECIPROCAL × 2^−31: a power of two, so the same products with one multiplication fewer */
const LOG_RECIPROCAL_2_31 = new Float64Array(LOG_INTERVALS);
const LOG_OF_CENTRE = new Float64Array(LOG_INTERVALS);
for (let i = 0; i < LOG_INTERVALS; i++) {
  LOG_RECIPROCAL[i] = 1 / (1 + (i + 0.5) / LOG_INTERVALS);
  LOG_RECIPROCAL_2_31[i] = LOG_RECIPROCAL[i] * TWO_MINUS31;
  LOG_OF_CENTRE[i] = -Math.log(LOG_RECIPROCAL[i]);
}
/**
 * A bound on |table logarithm − Math.log| for geometricSkip: four times what the series (at most
 * 2^−30 / 3 × 1 / (1 − 2^−10), 3.11e-10; 3.10e-10 measured), the table's roundings and ln 2's (about
 * 8e-15 for logarithms down to −22.2) and Math.log's own error (under one ulp, 3.6e-15 here) add up to.
 */
export const LOG_ERROR = 1.3e-9;

/**
 * 1 + floor(Math.log((x + 1) / 2^32) × scale) for a uniform 32-bit x: the geometric skip of BlockRng,
 * exactly as Math.log gives it but computed, nearly always, without calling it. The logarithm comes
 * from a table of 512 intervals and a series of degree 2 (error below 3.2e-10); when the product lies
 * so close to an integer that an error that small could move its floor (a share of about
 * 2.6e-9 × |scale| of draws: one in 1.5 million at a daily rate of 0.004, one in 4,000 at 10^−5), Math.log
 * decides. Math.log was a fifth of the time spent drawing events.
 */
export function geometricSkip(x: number, scale: number): number {
  return geometricSkipWithin(x, scale, skipMargin(scale));
}

/** The most |log(m / 2^32)| can be for m in [1, 2^32): 32 ln 2. */
const LOG_RANGE = 32 * Math.LN2;

/**
 * geometricSkip's margin around integers for a scale: the table logarithm's error times the scale,
 * plus the rounding of that product (4e-16 of |t|, taken at its largest, |scale| × 32 ln 2, so that
 * it too is computed once per scale and not for every draw).
 */
export function skipMargin(scale: number): number {
  return Math.abs(scale) * (LOG_ERROR + LOG_RANGE * 4e-16);
}

/** geometricSkip given margin = skipMargin(scale). */
export function geometricSkipWithin(x: number, scale: number, scaleMargin: number): number {
  // x + 1 = 2^32 is outside the table (whose m is below 2^32), and certain events (scale 0) go to Math.log too
  if (x !== 0xffffffff) {
    const t = tableLog(x + 1) * scale;
    const k = Math.floor(t);
    // NaN and infinities fail both tests and go to Math.log as well
    if (t - k > scaleMargin && t - k < 1 - scaleMargin) return 1 + k;
  }
  return exactSkip(x, scale);
}

/**
 * The skip as Math.log gives it: geometricSkip's rare case, kept out of it so that the drawing loops
 * that inline geometricSkip stay within the engine's budget for inlining.
 */
function exactSkip(x: number, scale: number): number {
  return 1 + Math.floor(Math.log((x + 1) / TWO32) * scale);
}

/** log(m / 2^32) for an integer m in [1, 2^32): table and series, within LOG_ERROR / 2 of Math.log. */
export function tableLog(m: number): number {
  const zeros = Math.clz32(m);
  const normal = (m << zeros) >>> 0; // m × 2^zeros, in [2^31, 2^32)
  const i = (normal >>> 22) & (LOG_INTERVALS - 1);
  const r = normal * LOG_RECIPROCAL_2_31[i] - 1;
  const series = r * (1 + r * (-1 / 2));
  // m / 2^32 = (normal / 2^31) × 2^−(zeros + 1)
  return LOG_OF_CENTRE[i] + series - (zeros + 1) * Math.LN2;
}

/**
 * 1 when the 32-bit draw x is below bound (an integer up to 2^32), else 0, without a branch: for a
 * comparison whose outcome is random, which a branch would guess wrong often. (x − bound) / 2^32 + 1
 * lies in (0, 1) exactly when x < bound, and ToInt32 truncates it to 0 there. A uniform draw
 * x / 2^32 is below p exactly when x is below ceil(p × 2^32).
 */
export function drawBelow(x: number, bound: number): number {
  return 1 - (((x - bound) / TWO32 + 1) | 0);
}

/** The scale BlockRng.skip needs for success probability p: 1 / ln(1 − p), and 0 (every step) for p ≥ 1. */
export function geometricScale(p: number): number {
  return p >= 1 ? 0 : 1 / Math.log1p(-p);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A 32-bit avalanche hash (murmur3's finaliser) of two words: used for per-agent fixed traits. */
export function hash2(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A keyed 32-bit bijection with close to ideal avalanche: three multiply-xorshift rounds, with the
 * shifts and multipliers of "triple32" from Chris Wellons' hash prospector
 * (github.com/skeeto/hash-prospector, measured bias 0.021).
 */
function mix32(x: number): number {
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x >>> 0;
}

/** Behaviours and draws per event that EventDraws keys (the behaviours schema allows 32). */
const EVENT_KINDS = 32;
const EVENT_DRAWS = 4;
/** Philox's fourth counter word for event keys, apart from every BlockRng key (which use 0..). */
const EVENT_COUNTER = 0x45564e54;

/**
 * Draws that belong to an event rather than to a position in a stream. Draw i of the event of
 * behaviour `kind` by `agent` on a day is a bijection of the agent under a key of its own (Philox of
 * seed, stream, day, behaviour); an agent does a behaviour at most once a day, so every event has
 * numbers of its own. Two runs on the same seed that keep or drop different events (two policies
 * compared on common random numbers) still give every event they share the same numbers, whatever
 * the order of the events and whatever happened before; a stream would shift every later draw.
 */
export class EventDraws {
  private readonly keys = new Int32Array(EVENT_KINDS * EVENT_DRAWS);
  private readonly words = new Uint32Array(4);
  private readonly k0: number;
  private readonly k1: number;
  private day = -1;

  constructor(seed: number, private readonly stream: number) {
    [this.k0, this.k1] = seedKey(seed);
  }

  /** Keys the draws for `day` (a no-op when already keyed for it). */
  key(day: number): void {
    if (day === this.day) return;
    for (let kind = 0; kind < EVENT_KINDS; kind++) {
      const w = philox4x32(this.stream, day, kind, EVENT_COUNTER, this.k0, this.k1, this.words);
      for (let i = 0; i < EVENT_DRAWS; i++) this.keys[kind * EVENT_DRAWS + i] = w[i] | 0;
    }
    this.day = day;
  }

  /** Uniform double in [0, 1): draw `i` (0..3) of today's event of behaviour `kind` by `agent`. */
  uniform(agent: number, kind: number, i: number): number {
    return this.u32(agent, kind, i) / TWO32;
  }

  /** The same draw as an unsigned 32-bit integer (uniform × 2^32), for drawBelow. */
  u32(agent: number, kind: number, i: number): number {
    return mix32(agent ^ this.keys[kind * EVENT_DRAWS + i]);
  }
}

/** Stream identifiers: one per source of randomness, fixed forever so old seeds reproduce. */
export const Stream = {
  population: 1,
  behaviour: 2,
  observation: 3,
  daily: 4,
  traits: 5,
  replicates: 6,
} as const;

/**
 * The seed of replicate r of a run: r = 0 is the run's own seed (so one replicate is the plain run);
 * the others come from Philox keyed by the run seed, 53 bits each, distinct streams.
 */
export function replicateSeed(seed: number, r: number): number {
  if (r === 0) return seed;
  const [k0, k1] = seedKey(seed);
  const w = philox4x32(Stream.replicates, r, 0, 0, k0, k1, new Uint32Array(4));
  return w[0] * 2 ** 21 + (w[1] >>> 11);
}
