// The yardstick: the core model (bench/core-model.yaml) as the fastest single-threaded plain JS we
// could write, to mark what this machine can do for this model. No framework, no allocation per
// agent or event, xorshift128 inline, typed-array columns.
//
// Agents interact only through misattributed records, so the loop runs agent by agent instead of
// day by day: pass 1 draws each agent's number of offences over the run (binomial, by inversion: no
// logarithm and nothing per quiet day), which of them are recorded, and distinct uniform days for
// those; it keeps the true-record days and sends each erroneous record to its target's inbox; pass 2
// replays each agent's records in day order with exact recovery and sanction entries and exits. The result has the same distribution as the day-by-day model: every quantity an agent's
// path depends on is drawn from the same law, and each day's records are applied together before the
// end-of-day sanction check, as scoresim does.
//
// Usage: node bench/peers/js/bare-loop.mjs --agents N --days D --seed S [--propensity direct|quantised]
// --propensity quantised draws scoresim's 256 equal-probability levels instead of the lognormal
// itself (truncated at its 99.8th percentile, like the other peers); bench/peers.mjs --calibrate uses
// it to measure what that difference does to each metric.
import { parseArgs, report } from './cli.mjs';

const args = parseArgs();
const N = args.agents;
const D = args.days;
if (D > 32767) throw new Error('days must fit in an int16');

// the core model
const RATE = 0.01;
const SIGMA = Math.sqrt(Math.LN2); // lognormal with mean 1 and CV 1
const MU = -Math.LN2 / 2;
const Z_998 = 2.878161739095483; // standard normal 99.8th percentile
const CAP = Math.exp(MU + SIGMA * Z_998);
const P_TRUE = 0.3 * 0.9;
const P_RECORD = 0.3 * (0.9 + 0.05);
const BASE = 1000;
const DELTA = 50;
const ENTER_BELOW = 900;
const EXIT_AT = 950;

let levels;
if (args.propensity === 'quantised') {
  ({ propensityLevels: levels } = await import('../../../dist/engine/traits.js'));
  levels = levels(1);
} else if (args.propensity !== undefined && args.propensity !== 'direct') {
  throw new Error('--propensity must be direct or quantised');
}

const started = performance.now();
const result = run(N, D, args.seed >>> 0, (args.seed / 2 ** 32) >>> 0, levels);
const elapsedSeconds = (performance.now() - started) / 1000;

report('bare-loop', args, elapsedSeconds, {
  eventsPerAgent: result.events / N,
  recordedEventsPerAgent: (result.trueRecords + result.errors) / N,
  erroneousRecordsPerAgent: result.errors / N,
  sanctionRate: result.sanctioned / N,
  wrongfulSanctionRate: result.wrongful / N,
  meanScore: result.scoreSum / N,
}, { scoreVariance: result.scoreSquares / N - (result.scoreSum / N) ** 2, propensity: levels ? 'quantised' : 'direct' });

function run(N, D, seedLo, seedHi, levels) {
  // xorshift128 state, seeded through splitmix32 so that nearby seeds give unrelated streams
  let h = (seedLo ^ Math.imul(seedHi, 0x85ebca6b) ^ 0x9e3779b9) >>> 0;
  const mix = () => {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  let x = mix(), y = mix(), z = mix(), w = mix() | 1;
  let t = 0;
  const U = 2.3283064365386963e-10; // 2^-32

  // pass 1: events, true-record days (grouped by agent), erroneous records keyed target × 2^15 + day
  const trueStart = new Int32Array(N + 1);
  let trueDays = new Int16Array(Math.max(1024, Math.ceil(N * D * RATE * P_TRUE * 1.1)));
  let errKeys = new Float64Array(Math.max(1024, Math.ceil(N * D * RATE * (P_RECORD - P_TRUE) * 1.2)));
  let nTrue = 0;
  let nErr = 0;
  let events = 0;
  const mark = new Int32Array(D + 1);
  let spare = 0;
  let haveSpare = false;
  for (let a = 0; a < N; a++) {
    let m;
    if (levels === undefined) {
      let g;
      if (haveSpare) {
        g = spare;
        haveSpare = false;
      } else {
        let v1, v2, s;
        do {
          t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
          v1 = (w >>> 0) * U * 2 - 1;
          t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
          v2 = (w >>> 0) * U * 2 - 1;
          s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s === 0);
        const f = Math.sqrt(-2 * Math.log(s) / s);
        g = v1 * f;
        spare = v2 * f;
        haveSpare = true;
      }
      m = Math.exp(MU + SIGMA * g);
      if (m > CAP) m = CAP;
    } else {
      t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      m = levels[(w >>> 24) & 255];
    }
    const p = RATE * m < 1 ? RATE * m : 1;
    // the number of offences over the run, K ~ Binomial(D, p), by inversion from (1 − p)^D
    let k = 0;
    if (p >= 1) k = D;
    else if (p > 0) {
      const q = 1 - p;
      let f = 1;
      for (let b = D, power = q; b > 0; b >>>= 1, power *= power) if (b & 1) f *= power;
      t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      let u = (w >>> 0) * U;
      const odds = p / q;
      while (u >= f && k < D) {
        u -= f;
        f *= (odds * (D - k)) / (k + 1);
        k++;
        if (f === 0) break; // only past the far tail: u was within rounding of 1
      }
    }
    events += k;
    // each offence is recorded or not on its own; given K, the offence days are a uniform K-subset
    // of the run, so the recorded ones are drawn as distinct uniform days (mark[day] === stamp: taken)
    const stamp = a + 1;
    const first = nTrue;
    for (let e = 0; e < k; e++) {
      t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      const u = (w >>> 0) * U;
      if (u >= P_RECORD || (u >= P_TRUE && N < 2)) continue;
      let d;
      do {
        t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
        d = 1 + ((((w >>> 0) * U) * D) | 0);
      } while (mark[d] === stamp);
      mark[d] = stamp;
      if (u < P_TRUE) {
        if (nTrue === trueDays.length) trueDays = grow(trueDays);
        // insertion keeps the agent's true-record days ascending
        let i = nTrue++;
        while (i > first && trueDays[i - 1] > d) {
          trueDays[i] = trueDays[i - 1];
          i--;
        }
        trueDays[i] = d;
      } else {
        t = x ^ (x << 11); x = y; y = z; z = w; w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
        let target = Math.floor((w >>> 0) * U * (N - 1));
        if (target >= a) target++;
        if (nErr === errKeys.length) errKeys = grow(errKeys);
        errKeys[nErr++] = target * 32768 + d;
      }
    }
    trueStart[a + 1] = nTrue;
  }
  const inbox = errKeys.subarray(0, nErr).sort();

  // pass 2: each agent's records in day order; scores recover one point a day towards BASE
  let sanctioned = 0;
  let wrongful = 0;
  let scoreSum = 0;
  let scoreSquares = 0;
  let j = 0;
  let nextTarget = nErr > 0 ? Math.floor(inbox[0] / 32768) : -1;
  for (let a = 0; a < N; a++) {
    let i = trueStart[a];
    const iEnd = trueStart[a + 1];
    if (i === iEnd && nextTarget !== a) {
      scoreSum += BASE;
      scoreSquares += BASE * BASE;
      continue;
    }
    let s = BASE;
    let ts = BASE;
    let last = 0;
    let active = false;
    let ever = false;
    let everWrongful = false;
    for (;;) {
      const dTrue = i < iEnd ? trueDays[i] : 0x7fff;
      const dErr = nextTarget === a ? inbox[j] - a * 32768 : 0x7fff;
      const d = dTrue < dErr ? dTrue : dErr;
      if (d === 0x7fff) break;
      // recovery over the quiet days since the last record; an exit on one of them happened
      if (active && s + (d - 1 - last) >= EXIT_AT) active = false;
      s = s + (d - last) < BASE ? s + (d - last) : BASE;
      ts = ts + (d - last) < BASE ? ts + (d - last) : BASE;
      last = d;
      while (i < iEnd && trueDays[i] === d) {
        s = s > DELTA ? s - DELTA : 0;
        ts = ts > DELTA ? ts - DELTA : 0;
        i++;
      }
      while (nextTarget === a && inbox[j] - a * 32768 === d) {
        s = s > DELTA ? s - DELTA : 0;
        j++;
        nextTarget = j < nErr ? Math.floor(inbox[j] / 32768) : -1;
      }
      // end of the day: the sanction is checked once, after all the day's records
      if (active) {
        if (s >= EXIT_AT) active = false;
      } else if (s < ENTER_BELOW) {
        active = true;
        ever = true;
        if (ts >= ENTER_BELOW) everWrongful = true;
      }
    }
    const final = s + (D - last) < BASE ? s + (D - last) : BASE;
    scoreSum += final;
    scoreSquares += final * final;
    if (ever) sanctioned++;
    if (everWrongful) wrongful++;
  }
  return { events, trueRecords: nTrue, errors: nErr, sanctioned, wrongful, scoreSum, scoreSquares };
}

function grow(a) {
  const b = new a.constructor(a.length * 2);
  b.set(a);
  return b;
}
