import { test } from 'node:test';
import assert from 'node:assert/strict';
import { philox4x32, BlockRng, hash2 } from '../src/engine/rng.ts';

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
