// Region signals leave a worker with the day's records (the workers meet once a day), so they may be
// raised only in the phases before the exchange; one raised later is refused instead of reaching the
// other workers a day late. Nor in the act phase, which a waiting worker runs days ahead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, scenarioText } from '../helpers.ts';
import { allocateColumns } from '../../src/engine/columns.ts';
import type { Mechanism } from '../../src/engine/mechanism.ts';
import { BlockRunner } from '../../src/engine/runner.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';

/** The scenario's mechanisms, with `key` also raising a region signal in `when` on `day`. */
function signalling(key: string, when: string, day: number): Mechanism<any, any>[] {
  return MECHANISMS.map((m) => m.key !== key ? m : {
    ...m,
    create(plan, world, simulation) {
      const inner = m.create(plan, world, simulation);
      return {
        step(phase, ctx) {
          inner.step(phase, ctx);
          if (phase === when && ctx.day === day) world.signal(0, 0);
        },
      };
    },
  });
}

test('a region signal raised after the exchange is refused, naming the day', () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 100_000, days: 5 });
  const runner = new BlockRunner(plan, allocateColumns(plan.layout.agents), 0, plan.layout.blocks, signalling('perks', 'react', 3));
  runner.populate();
  let flagged = 0;
  for (let day = 1; day <= 2; day++) {
    const outbox = runner.before(day);
    // monitoring's flagged posts, raised in observe, are taken with the records and pass
    flagged += runner.takeSignals().reduce((n, x) => n + x, 0);
    runner.after(day, outbox);
  }
  assert.ok(flagged > 0, 'monitoring raised signals before the exchange');
  const outbox = runner.before(3);
  runner.takeSignals();
  assert.throws(() => runner.after(3, outbox), /raised a region signal on day 3 after the exchange/);
});

test('a region signal raised in the act phase is refused, whenever the acts are drawn', () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 100_000, days: 5 });
  const runner = new BlockRunner(plan, allocateColumns(plan.layout.agents), 0, plan.layout.blocks, signalling('behaviours', 'act', 2));
  runner.populate();
  runner.before(1);
  assert.throws(() => runner.drawAhead(2), /in the act phase/);
  const other = new BlockRunner(plan, allocateColumns(plan.layout.agents), 0, plan.layout.blocks, signalling('behaviours', 'act', 2));
  other.populate();
  other.after(1, other.before(1));
  assert.throws(() => other.before(2), /in the act phase/);
});
