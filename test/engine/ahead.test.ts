// A worker that arrives first at the day's meeting draws the next day's acts while it waits
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

function digest(buffers: ColumnBuffers): string {
  const h = createHash('sha256');
  for (const b of [buffers.flags, buffers.scores, buffers.household]) h.update(new Uint8Array(b));
  return h.digest('hex');
}

/**
 * Runs every block in one runner, drawing ahead after each day's acts and observations and before its
 * records, as a waiting worker does, `ahead(day)` blocks of the next day (Infinity: all of them).
 */
function run(plan: SimulationPlan, ahead: (day: number) => number) {
  const buffers = allocateColumns(plan.layout.agents);
  const traced = [3, 65_535, 65_536, 150_000, plan.layout.agents - 1];
  const runner = new BlockRunner(plan, buffers, 0, plan.layout.blocks, MECHANISMS, traced);
  runner.populate();
  let drawn = 0;
  for (let day = 1; day <= plan.days; day++) {
    const outbox = runner.before(day);
    for (let k = 0; k < ahead(day) && day < plan.days && runner.drawAhead(day + 1); k++) drawn++;
    runner.after(day, outbox);
  }
  const tally = runner.tally();
  return { columns: digest(buffers), tally: JSON.stringify({ ...tally, counters: Array.from(tally.counters), trace: undefined }), trace: JSON.stringify(tally.trace), drawn };
}

for (const name of ['article-2019', 'china-observed']) {
  test(`${name}: drawing the next day's acts ahead, for some blocks or all, changes nothing`, () => {
    const { plan } = compile(scenarioText(name), { agents: 200_000, days: 90 });
    assert.ok(plan.layout.blocks >= 3, 'the population spans several blocks');
    const plain = run(plan, () => 0);
    for (const [how, ahead] of [['every block', () => Infinity], ['a day-dependent prefix', (day: number) => day % 4]] as const) {
      const other = run(plan, ahead);
      assert.ok(other.drawn > 0, `${how}: blocks were drawn ahead`);
      assert.equal(other.columns, plain.columns, `${how}: the agents' columns`);
      assert.equal(other.tally, plain.tally, `${how}: the tally`);
      assert.equal(other.trace, plain.trace, `${how}: the trace`);
    }
  });
}

test('drawAhead stops at the last block of the runner', () => {
  const { plan } = compile(scenarioText('minimal'), { agents: 150_000, days: 5 });
  const runner = new BlockRunner(plan, allocateColumns(plan.layout.agents), 1, plan.layout.blocks, MECHANISMS);
  runner.populate();
  runner.after(1, runner.before(1));
  let drawn = 0;
  while (runner.drawAhead(2)) drawn++;
  assert.equal(drawn, plan.layout.blocks - 1);
  assert.equal(runner.drawAhead(2), false);
});
