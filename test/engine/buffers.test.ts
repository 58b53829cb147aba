import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockMap, Calendar, IntList } from '../../src/engine/buffers.ts';
import { BLOCK_SIZE } from '../../src/engine/layout.ts';

test('BlockMap keeps agents of different blocks and slots apart, including beyond 2^31', () => {
  const first = 32_000; // a worker of a national population owns blocks far from 0
  const map = new BlockMap(first, 3, 8);
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

test('IntList.sortUnique sorts, removes repeats, and leaves an ascending list as it is', () => {
  const list = new IntList(2);
  for (const v of [5, 3, 5, 1, 3, 9]) list.push(v);
  list.sortUnique();
  assert.deepEqual([...list.data.subarray(0, list.length)], [1, 3, 5, 9]);
  list.sortUnique();
  assert.deepEqual([...list.data.subarray(0, list.length)], [1, 3, 5, 9]);
  const repeats = new IntList();
  for (const v of [1, 2, 2, 3]) repeats.push(v); // ascending but not strictly: repeats must still go
  repeats.sortUnique();
  assert.deepEqual([...repeats.data.subarray(0, repeats.length)], [1, 2, 3]);
});

test('Calendar returns each day\'s entries once', () => {
  const c = new Calendar();
  c.add(3, 7);
  c.add(3, 8);
  c.add(5, 9);
  assert.deepEqual([...c.take(3)!.data.subarray(0, 2)], [7, 8]);
  assert.equal(c.take(3), undefined);
  assert.equal(c.pendingDays, 1);
});
