// A worker that arrives first at the day's meeting draws the next days' acts while it waits
// (BlockRunner.drawAhead). The acts depend only on the day, the block and what never changes, so a
// run that draws ahead, for some blocks or all of them, ends in the same state as one that does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compile, scenarioText } from '../helpers.ts';
import { allocateColumns, type ColumnBuffers } from '../../src/engine/columns.ts';
import { BlockRunner } from '../../src/engine/runner.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';
import { ActsAhead } from '../../src/engine/ahead.ts';
import { BlockContext } from '../../src/engine/block-context.ts';
import { World } from '../../src/engine/world.ts';

function digest(buffers: ColumnBuffers): string {
  const h = createHash('sha256');
  for (const b of [buffers.flags, buffers.scores, buffers.household]) h.update(new Uint8Array(b));
  return h.digest('hex');
}

/**
 * Runs every block in one runner, drawing ahead after each day's acts and observations and before its
 * records, as a waiting worker does, `ahead(day)` blocks from the next day on (Infinity: as many as
 * the queue holds).
 */
function run(plan: SimulationPlan, ahead: (day: number) => number) {
  const buffers = allocateColumns(plan.layout.agents);
  const traced = [3, 65_535, 65_536, 150_000, plan.layout.agents - 1];
  const runner = new BlockRunner(plan, buffers, 0, plan.layout.blocks, MECHANISMS, traced);
  runner.populate();
  let drawn = 0;
  for (let day = 1; day <= plan.days; day++) {
    const outbox = runner.before(day);
    for (let k = 0; k < ahead(day) && runner.drawAhead(day + 1); k++) drawn++;
    runner.after(day, outbox);
  }
  const tally = runner.tally();
  return { columns: digest(buffers), tally: JSON.stringify({ ...tally, counters: Array.from(tally.counters), trace: undefined }), trace: JSON.stringify(tally.trace), drawn };
}

for (const name of ['article-2019', 'china-observed']) {
  test(`${name}: drawing the next days' acts ahead, for some blocks or all, changes nothing`, () => {
    const { plan } = compile(scenarioText(name), { agents: 200_000, days: 90 });
    assert.ok(plan.layout.blocks >= 3, 'the population spans several blocks');
    const plain = run(plan, () => 0);
    for (const [how, ahead] of [['every block', () => Infinity], ['a day-dependent number of blocks, into the next days', (day: number) => day % 7]] as const) {
      const other = run(plan, ahead);
      assert.ok(other.drawn > 0, `${how}: blocks were drawn ahead`);
      assert.equal(other.columns, plain.columns, `${how}: the agents' columns`);
      assert.equal(other.tally, plain.tally, `${how}: the tally`);
      assert.equal(other.trace, plain.trace, `${how}: the trace`);
    }
  });
}

test('drawAhead goes on into the following days and stops at the last day or the most events it may hold', () => {
  const { plan } = compile(scenarioText('minimal'), { agents: 150_000, days: 5 });
  const runner = new BlockRunner(plan, allocateColumns(plan.layout.agents), 1, plan.layout.blocks, MECHANISMS);
  runner.populate();
  runner.after(1, runner.before(1));
  let drawn = 0;
  while (runner.drawAhead(2)) drawn++;
  // days 2 to 5, each in every block but the first
  assert.equal(drawn, 4 * (plan.layout.blocks - 1));
  assert.equal(runner.drawAhead(2), false);

  const big = compile(scenarioText('article-2019'), { agents: 2_000_000, days: 60 }).plan;
  const busy = new BlockRunner(big, allocateColumns(big.layout.agents), 0, big.layout.blocks, MECHANISMS);
  busy.populate();
  let units = 0;
  while (busy.drawAhead(1)) units++;
  assert.ok(units < 60 * big.layout.blocks, `stopped at ${units} of ${60 * big.layout.blocks} blocks' acts`);
});

/** A stand-in for the act phase: n events, each day × 1,000 + block, drawn in day / 8 ms. */
function drawUnit(ahead: ActsAhead, day: number, block: number, n: number): void {
  for (let k = 0; k < n; k++) {
    ahead.ctx.eventAgent.push(day * 1000 + block);
    ahead.ctx.eventKind.push(k);
    ahead.ctx.eventSegment.push(block);
  }
  ahead.drawn(day, block, day / 8);
}

test('ActsAhead gives each block its own day\'s events, passes over blocks that changed hands and keeps later days across a release', () => {
  const plan = compile(scenarioText('minimal'), { agents: 100_000, days: 30 }).plan;
  const world = new World(plan, allocateColumns(plan.layout.agents), 0, plan.layout.blocks, []);
  const ahead = new ActsAhead(new BlockContext(world));
  // a runner owning blocks [2, 5), on day 3, draws the rest of day 4 and part of day 5
  assert.deepEqual(ahead.next(4, 2, 5, 30), [4, 2]);
  for (const [day, block] of [[4, 2], [4, 3], [4, 4], [5, 2], [5, 3]]) {
    assert.deepEqual(ahead.next(4, 2, 5, 30), [day, block]);
    drawUnit(ahead, day, block, day + block);
  }
  assert.deepEqual(ahead.next(4, 2, 5, 30), [5, 4]);
  assert.equal(ahead.next(4, 2, 5, 5)?.[0], 5);
  // then hands block 2 over and takes block 1: day 4 in its blocks [1, 4) (1 drawn now, 2 passed over)
  const into = new BlockContext(world);
  const take = (day: number, block: number) => {
    into.eventAgent.clear();
    const found = ahead.take(day, block, into);
    return found ? Array.from(into.eventAgent.data.subarray(0, into.eventAgent.length)) : undefined;
  };
  assert.equal(take(4, 1), undefined);
  assert.deepEqual(take(4, 3), Array(7).fill(4003));
  // the time the taken units took to draw (day / 8 ms each here), once
  assert.equal(ahead.takenTime(), 0.5);
  assert.equal(ahead.takenTime(), 0);
  ahead.release(4);
  // day 5 survives the release: block 3's events, not block 2's, and block 1 was never drawn (the
  // next unit follows the last one drawn)
  assert.deepEqual(ahead.next(5, 1, 4, 30), [6, 1]);
  assert.equal(take(5, 1), undefined);
  assert.deepEqual(take(5, 3), Array(8).fill(5003));
  assert.equal(ahead.takenTime(), 0.625, 'times move with their units in a release');
  ahead.release(5);
  assert.equal(ahead.events, 0);
  assert.deepEqual(ahead.next(6, 1, 4, 30), [6, 1]);
  // another day's events of the same block are never taken
  drawUnit(ahead, 7, 1, 3);
  assert.equal(take(6, 1), undefined);
  assert.deepEqual(take(7, 1), Array(3).fill(7001));
});
