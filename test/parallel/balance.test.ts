// How the workers' split of the blocks follows their measured times (balance.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlap, rebalance, shuffle } from '../../src/parallel/balance.ts';
import type { BlockRange } from '../../src/parallel/partition.ts';

const even = (blocks: number, workers: number): BlockRange[] =>
  Array.from({ length: workers }, (_, w) => ({ from: Math.floor((blocks * w) / workers), to: Math.floor((blocks * (w + 1)) / workers) }));

function assertSplit(ranges: BlockRange[], blocks: number, workers: number): void {
  assert.equal(ranges.length, workers);
  assert.equal(ranges[0].from, 0);
  assert.equal(ranges[workers - 1].to, blocks);
  for (let w = 0; w < workers; w++) {
    assert.ok(ranges[w].to > ranges[w].from, `worker ${w} keeps a block`);
    if (w > 0) assert.equal(ranges[w].from, ranges[w - 1].to, 'contiguous, in order');
  }
}

test('equal times leave the split alone, and so does a difference too small to gain from', () => {
  assert.deepEqual(rebalance(even(154, 2), [1, 1]), even(154, 2));
  assert.deepEqual(rebalance(even(154, 2), [1, 1.02]), even(154, 2));
  assert.deepEqual(rebalance(even(154, 3), [2, 2, 2]), even(154, 3));
});

test('a slower worker gives blocks to a faster one, half of the way to the split by speed', () => {
  // worker 1 takes 1.5 times as long for the same number of blocks: by speed it should hold 40 %
  const next = rebalance(even(100, 2), [1, 1.5]);
  assertSplit(next, 100, 2);
  assert.deepEqual(next, [{ from: 0, to: 55 }, { from: 55, to: 100 }]);
  // and the other way round
  assert.deepEqual(rebalance(even(100, 2), [1.5, 1]), [{ from: 0, to: 45 }, { from: 45, to: 100 }]);
  // repeated looks with the same speeds converge on the split by speed, then stop moving
  let ranges = even(100, 2);
  for (let look = 0; look < 20; look++) {
    const perBlock = [1, 1.5];
    ranges = rebalance(ranges, ranges.map((r, w) => (r.to - r.from) * perBlock[w]));
  }
  assert.ok(Math.abs(ranges[0].to - 60) <= 1, `settles near 60 blocks for the faster worker (got ${ranges[0].to})`);
});

test('with more workers every boundary moves towards the split by speed, each worker keeping a block', () => {
  const next = rebalance(even(12, 4), [1, 1, 1, 30]);
  assertSplit(next, 12, 4);
  assert.ok(next[3].to - next[3].from < 3, 'the slow worker holds fewer blocks');
  // a worker that is extremely slow still keeps one block
  let ranges = even(8, 4);
  for (let look = 0; look < 10; look++) ranges = rebalance(ranges, ranges.map((r, w) => (r.to - r.from) * (w === 0 ? 1000 : 1)));
  assertSplit(ranges, 8, 4);
  assert.equal(ranges[0].to - ranges[0].from, 1);
});

test('times that cannot be trusted leave the split alone', () => {
  for (const busy of [[0, 1], [1, Number.NaN], [1, Infinity], [-1, 1], [1]]) {
    assert.deepEqual(rebalance(even(10, 2), busy), even(10, 2), String(busy));
  }
});

test('the test pattern moves boundaries around every look while keeping a valid split', () => {
  let moved = 0;
  let ranges = even(5, 4);
  for (let look = 1; look <= 30; look++) {
    const next = shuffle(ranges, look);
    assertSplit(next, 5, 4);
    if (next.some((r, w) => r.from !== ranges[w].from)) moved++;
    ranges = next;
  }
  assert.ok(moved >= 20, `blocks changed hands at most looks (${moved} of 30)`);
});

test('overlap is the blocks two ranges share, empty when they share none', () => {
  assert.deepEqual(overlap({ from: 0, to: 10 }, { from: 6, to: 20 }), { from: 6, to: 10 });
  const none = overlap({ from: 0, to: 5 }, { from: 5, to: 9 });
  assert.ok(none.from >= none.to);
});
