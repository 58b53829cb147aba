import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockMap, Calendar, IntList } from '../../src/engine/buffers.ts';
import { BLOCK_SIZE } from '../../src/engine/layout.ts';

test('BlockMap keeps agents of different blocks and slots apart, including beyond 2^31', () => {
  const first = 32_000; // a worker of a national population owns blocks far from 0
  const map = new BlockMap(first + 3, 8);
  const a = first * BLOCK_SIZE + 5; // above 2^31: agent × 8 would no longer be a small integer
  const b = (first + 1) * BLOCK_SIZE + 5; // same row, next block
  map.set(a, 10, 0);
  map.set(a, 11, 7);
  map.set(b, 20, 0);
  assert.equal(map.get(a, 0), 10);
  assert.equal(map.get(a, 7), 11);
  assert.equal(map.get(b, 0), 20);
  assert.equal(map.get(b, 7), undefined);
  assert.equal(map.size, 3);
  map.delete(a, 7);
  assert.equal(map.get(a, 7), undefined);
  assert.equal(map.get(a, 0), 10);
  assert.equal(map.size, 2);
});

test('IntList.uniqueWithin agrees with keeping the first of each value, for blocks near 0 and past 2^31', () => {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  for (let c = 0; c < 200; c++) {
    const n = 1 + (next() % 900);
    const span = [10, 1000, 65_536][c % 3];
    const base = [0, 1, 32_000][c % 3] * BLOCK_SIZE;
    const values = Array.from({ length: n }, () => base + (next() % span));
    const list = new IntList(4);
    for (const v of values) list.push(v);
    list.uniqueWithin(base);
    assert.deepEqual([...list.data.subarray(0, list.length)], [...new Set(values)], `case ${c}`);
  }
});

test('Calendar gives each block its own agents due on a day, once, in the order they were added', () => {
  const first = 21_000; // a worker of a national population owns blocks far from 0
  const c = new Calendar(first + 3);
  const start = (b: number) => (first + b) * BLOCK_SIZE;
  c.add(3, start(2) + 7);
  c.add(3, start(0) + BLOCK_SIZE - 1);
  c.add(5, start(0));
  c.add(3, start(2) + 1);
  for (let k = 0; k < 100; k++) c.add(9, start(k % 3) + k); // grows past its first storage
  const take = (day: number, local: number) => {
    const out = new IntList();
    const n = c.takeInto(day, first + local, out);
    assert.equal(n, out.length);
    return [...out.data.subarray(0, out.length)];
  };
  assert.deepEqual(take(3, 0), [start(0) + BLOCK_SIZE - 1]);
  assert.deepEqual(take(3, 1), []);
  assert.deepEqual(take(3, 2), [start(2) + 7, start(2) + 1]);
  assert.equal(c.pendingDays, 2, 'day 3 is gone once taken');
  assert.deepEqual(take(9, 1), Array.from({ length: 33 }, (_, j) => start(1) + 3 * j + 1));
  assert.deepEqual(take(5, 0), [start(0)]);
  assert.deepEqual(take(4, 2), [], 'a day with nothing due');
  // days scheduled after others were taken reuse their lists, emptied
  c.add(12, start(1) + 5);
  c.add(11, start(2) + 6);
  c.add(12, start(1) + 4);
  assert.deepEqual(take(11, 2), [start(2) + 6]);
  assert.deepEqual(take(12, 1), [start(1) + 5, start(1) + 4]);
  assert.equal(c.pendingDays, 0);
});

test('IntList.append copies a range of another list after its own values, growing as needed', () => {
  const source = new IntList(2);
  for (let v = 0; v < 50; v++) source.push(v * 3);
  const list = new IntList(2);
  list.push(-1);
  list.append(source, 10, 40);
  list.append(source, 5, 5); // an empty range adds nothing
  assert.equal(list.length, 31);
  assert.deepEqual(Array.from(list.data.subarray(0, list.length)), [-1, ...Array.from({ length: 30 }, (_, k) => (10 + k) * 3)]);
});

test('IntList.uniqueWithin drops repeats, keeps first places, leaves its bitmap clear, and refuses values outside the span', () => {
  const base = 3 * BLOCK_SIZE;
  const list = new IntList(2);
  for (const v of [base + 9, base, base + 9, base + 65535, base + 40, base, base + 41]) list.push(v);
  list.uniqueWithin(base);
  assert.deepEqual(Array.from(list.data.subarray(0, list.length)), [base + 9, base, base + 65535, base + 40, base + 41]);
  // the bits of the first call do not leak into the next: every value of a new list is kept
  const again = new IntList(2);
  for (const v of [base + 40, base + 9, base]) again.push(v);
  again.uniqueWithin(base);
  assert.deepEqual(Array.from(again.data.subarray(0, again.length)), [base + 40, base + 9, base]);
  const outside = new IntList(2);
  outside.push(base + 1);
  outside.push(base + 65536);
  assert.throws(() => outside.uniqueWithin(base), /outside/);
  // and the refused call left no bit behind
  const after = new IntList(2);
  after.push(base + 1);
  after.uniqueWithin(base);
  assert.equal(after.length, 1);
});

test('a Calendar hands over the agents of some blocks: each day\'s in order, as if it had always held them', () => {
  const blocks = 6;
  const at = (b: number, row: number) => b * BLOCK_SIZE + row;
  // what one calendar holding every block gives, against two that split the blocks and hand some over
  const whole = new Calendar(blocks);
  const giver = new Calendar(blocks);
  const taker = new Calendar(blocks);
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const added: [number, number][] = [];
  for (let k = 0; k < 400; k++) {
    const day = 2 + (next() % 10);
    const block = next() % blocks;
    const agent = at(block, next() % 1000);
    added.push([day, agent]);
    whole.add(day, agent);
    (block < 3 ? taker : giver).add(day, agent);
  }
  // blocks 3 and 4 move from the giver to the taker; the giver keeps block 5
  taker.importBlocks(structuredClone(giver.exportBlocks(3, 5)));
  // entries added after the handover go to the new owners
  for (const [day, agent] of [[4, at(3, 17)], [4, at(5, 2)], [11, at(4, 900)]] as const) {
    whole.add(day, agent);
    (Math.floor(agent / BLOCK_SIZE) < 5 ? taker : giver).add(day, agent);
  }
  const take = (c: Calendar, day: number, block: number) => {
    const out = new IntList();
    c.takeInto(day, block, out);
    return [...out.data.subarray(0, out.length)];
  };
  for (let day = 2; day <= 11; day++) {
    for (let block = 0; block < blocks; block++) {
      assert.deepEqual(take(block < 5 ? taker : giver, day, block), take(whole, day, block), `day ${day}, block ${block}`);
      assert.deepEqual(take(block < 5 ? giver : taker, day, block), [], `day ${day}, block ${block} left nothing behind`);
    }
  }
  assert.equal(giver.pendingDays + taker.pendingDays + whole.pendingDays, 0);
  assert.ok(added.some(([, a]) => Math.floor(a / BLOCK_SIZE) === 3), 'some agents of the handed blocks were due');
});

test('a BlockMap hands over the maps of some blocks and keeps the rest', () => {
  const map = new BlockMap(4, 2);
  for (let b = 0; b < 4; b++) map.set(b * BLOCK_SIZE + b, 100 + b, 1);
  const other = new BlockMap(4, 2);
  other.importBlocks(structuredClone(map.exportBlocks(1, 3)));
  assert.deepEqual([0, 1, 2, 3].map((b) => map.get(b * BLOCK_SIZE + b, 1)), [100, undefined, undefined, 103]);
  assert.deepEqual([0, 1, 2, 3].map((b) => other.get(b * BLOCK_SIZE + b, 1)), [undefined, 101, 102, undefined]);
  assert.equal(map.size + other.size, 4);
});
