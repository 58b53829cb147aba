import { test } from 'node:test';
import assert from 'node:assert/strict';
import { philox4x32, BlockRng, drawBelow, EventDraws, geometricScale, geometricSkip, hash2, LOG_ERROR, tableLog } from '../src/engine/rng.ts';

/** A small linear congruential generator of 32-bit test inputs. */
const lcg = (seed: number) => () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);

const hex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, '0')).join(' ');

test('Philox4x32-10 matches the Random123 known-answer vectors', () => {
  const out = new Uint32Array(4);
  assert.equal(hex(philox4x32(0, 0, 0, 0, 0, 0, out)), '6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  const ones = 0xffffffff;
  assert.equal(hex(philox4x32(ones, ones, ones, ones, ones, ones, out)), '408f276d 41c83b0e a20bc7c6 6d5451fd');
  assert.equal(
    hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out)),
    'd16cfe09 94fdcceb 5001e420 24126ea1',
  );
});

test('a block stream depends only on its key, not on what was drawn before', () => {
  const a = new BlockRng(42);
  const b = new BlockRng(42);
  a.key(2, 10, 3);
  const first = [a.nextU32(), a.nextU32(), a.nextU32()];
  b.key(2, 10, 4);
  b.nextU32();
  b.key(2, 10, 3);
  assert.deepEqual([b.nextU32(), b.nextU32(), b.nextU32()], first);
});

test('different seeds, days and blocks give different streams', () => {
  const draw = (seed: number, day: number, block: number) => new BlockRng(seed).key(2, day, block).nextU32();
  const values = new Set([draw(1, 1, 0), draw(2, 1, 0), draw(1, 2, 0), draw(1, 1, 1)]);
  assert.equal(values.size, 4);
});

test('uniform draws have mean 1/2 and variance 1/12 within sampling error', () => {
  const rng = new BlockRng(7).key(1, 1, 1);
  const n = 200_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1 / 12) < 0.002);
});

test('streams for neighbouring blocks are uncorrelated', () => {
  const a = new BlockRng(9).key(2, 5, 100);
  const b = new BlockRng(9).key(2, 5, 101);
  const n = 50_000;
  let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const x = a.uniform();
    const y = b.uniform();
    sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
  }
  const corr = (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
  assert.ok(Math.abs(corr) < 0.03, `corr ${corr}`);
});

test('hash2 spreads neighbouring agents across the whole 32-bit range', () => {
  const buckets = new Uint32Array(16);
  for (let i = 0; i < 160_000; i++) buckets[hash2(12345, i) >>> 28]++;
  for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 500, `bucket ${count}`);
});

test('an event\'s draws depend only on (seed, stream, day, agent, behaviour, draw), not on order or history', () => {
  const a = new EventDraws(7, 11);
  const b = new EventDraws(7, 11);
  a.key(3);
  b.key(9);
  b.uniform(5, 0, 0);
  b.key(3);
  // the same event asked for in another order, after other days and draws: the same numbers
  const agents = [40, 3, 1_400_000_000, 0, 65_535];
  const first = agents.map((x) => [a.uniform(x, 2, 0), a.uniform(x, 2, 1), a.uniform(x, 2, 2)]);
  const again = [...agents].reverse().map((x) => [b.uniform(x, 2, 0), b.uniform(x, 2, 1), b.uniform(x, 2, 2)]).reverse();
  assert.deepEqual(again, first);
  // another seed, stream, day, behaviour or draw gives another number
  const other = (seed: number, stream: number, day: number) => {
    const d = new EventDraws(seed, stream);
    d.key(day);
    return d;
  };
  const u = a.uniform(40, 2, 0);
  assert.notEqual(other(8, 11, 3).uniform(40, 2, 0), u);
  assert.notEqual(other(7, 17, 3).uniform(40, 2, 0), u);
  assert.notEqual(other(7, 11, 4).uniform(40, 2, 0), u);
  assert.notEqual(a.uniform(40, 3, 0), u);
  assert.notEqual(a.uniform(40, 2, 1), u);
});

test('event draws over neighbouring agents are uniform and uncorrelated across agents, draws and days', () => {
  const n = 200_000;
  const d = new EventDraws(2019, 11);
  d.key(100);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const bins = new Float64Array(100);
  for (let agent = 0; agent < n; agent++) {
    x0[agent] = d.uniform(agent, 0, 0);
    x1[agent] = d.uniform(agent, 0, 1);
    bins[Math.floor(x0[agent] * 100)]++;
  }
  d.key(101);
  const next = Float64Array.from({ length: n }, (_, agent) => d.uniform(agent, 0, 0));
  const mean = x0.reduce((s, v) => s + v, 0) / n;
  assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  // chi-square with 99 degrees of freedom: mean 99, sd 14; 160 is beyond 4 sd
  const expected = n / 100;
  const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 160, `chi-square ${chi2}`);
  const corr = (p: Float64Array, q: Float64Array, lag = 0) => {
    let s = 0;
    for (let i = 0; i + lag < p.length; i++) s += (p[i] - 0.5) * (q[i + lag] - 0.5);
    return s / (p.length - lag) * 12;
  };
  const bound = 4 / Math.sqrt(n);
  assert.ok(Math.abs(corr(x0, x0, 1)) < bound, 'neighbouring agents');
  assert.ok(Math.abs(corr(x0, x1)) < bound, 'two draws of one event');
  assert.ok(Math.abs(corr(x0, next)) < bound, 'one agent on consecutive days');
});

test('tableLog stays within a quarter of LOG_ERROR of Math.log, at the ends of every binade and at random', () => {
  const next = lcg(7);
  const ms = [1, 2, 3, 0xfffffffe, 0xffffffff];
  for (let b = 1; b < 32; b++) ms.push(2 ** b - 1, 2 ** b, 2 ** b + 1);
  for (let i = 0; i < 300_000; i++) ms.push(1 + (next() % 0xffffffff), 1 + (next() >>> (next() % 32)));
  let worst = 0;
  for (const m of ms) worst = Math.max(worst, Math.abs(tableLog(m) - Math.log(m / 2 ** 32)));
  assert.ok(worst <= LOG_ERROR / 4, `worst error ${worst}`);
  assert.ok(worst > 0, 'the table is an approximation: some error shows');
});

test('geometricSkip gives exactly 1 + floor(Math.log(u) × scale), at every rate, also next to each boundary between skips', () => {
  const next = lcg(11);
  const exact = (x: number, scale: number) => 1 + Math.floor(Math.log((x + 1) / 2 ** 32) * scale);
  for (const p of [0, 1e-9, 6.7e-6, 1.5e-5, 1e-4, 1e-3, 0.004, 0.01, 0.3, 0.5, 0.99, 0.999999, 1]) {
    const scale = geometricScale(p);
    const xs = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    for (let i = 0; i < 100_000; i++) xs.push(next());
    // the draws on either side of the step from skip k to k + 1, for k up to 10^5
    if (Number.isFinite(scale) && scale !== 0) {
      for (let k = 1; k < 1e5; k = Math.ceil(k * 1.05)) {
        const x0 = Math.round(Math.exp(k / scale) * 2 ** 32) - 1;
        for (let d = -2; d <= 2; d++) if (x0 + d >= 0 && x0 + d <= 0xffffffff) xs.push(x0 + d);
      }
    }
    for (const x of xs) assert.equal(geometricSkip(x, scale), exact(x, scale), `p ${p}, x ${x}`);
  }
});


test('drawBelow(x, ceil(p × 2^32)) is 1 exactly when x / 2^32 < p, at random and at the bound', () => {
  const next = lcg(13);
  const ps = [0, 2 ** -32, 1e-9, 0.1, 0.7, 0.5, 1 - 2 ** -32, 1];
  for (let i = 0; i < 200; i++) ps.push(next() / 2 ** 32);
  for (const p of ps) {
    const bound = Math.ceil(p * 2 ** 32);
    const xs = [0, 1, 0xfffffffe, 0xffffffff, bound - 2, bound - 1, bound, bound + 1];
    for (let i = 0; i < 2000; i++) xs.push(next());
    for (const x of xs) {
      if (x < 0 || x > 0xffffffff) continue;
      assert.equal(drawBelow(x, bound), x / 2 ** 32 < p ? 1 : 0, `p ${p}, x ${x}`);
    }
  }
});
