// The same scenario and seed give the same bytes, whatever the number of workers; another seed
// gives other numbers. Runs span several blocks so cross-block misattributions are exercised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, comparable, runPlan, scenarioText } from '../helpers.ts';
import { simulate } from '../../src/parallel/simulate.ts';
import type { BalancePolicy } from '../../src/parallel/balance.ts';
import { dailyCsv, summarise } from '../../src/metrics/summary.ts';

const OVERRIDES = { agents: 300_000, days: 60 };

test('social-credit-2019 gives identical summary.json and daily.csv with 1, 2 and 4 workers', async () => {
  const { plan } = compile(scenarioText('social-credit-2019'), OVERRIDES);
  assert.ok(plan.layout.blocks >= 4, 'the population spans several blocks');
  const one = await runPlan(plan, 1);
  const two = await runPlan(plan, 2);
  const four = await runPlan(plan, 4);
  assert.equal(two.summary.workers, 2);
  assert.equal(four.summary.workers, 4);
  assert.equal(comparable(two.summary), comparable(one.summary));
  assert.equal(comparable(four.summary), comparable(one.summary));
  assert.equal(two.daily, one.daily);
  assert.equal(four.daily, one.daily);
  // the run is not trivially empty: misattributions crossed blocks and sanctions happened
  assert.ok(one.summary.metrics.erroneousRecordsPerAgent.overall > 0);
  assert.ok(one.summary.metrics.sanctionRate.overall > 0);
});

test('article-2019, with every mechanism on, gives identical outputs and traces with 1, 2 and 4 workers, however the workers split the blocks', async () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 300_000, days: 320 });
  const traced = [5, 70_000, 140_001, 299_999];
  const run = async (workers: number, balance?: BalancePolicy) => {
    const result = await simulate(plan, { workers, trace: traced, balance });
    return { summary: summarise(plan, result.tally, result.workers, 0), daily: dailyCsv(plan, result.tally.counters), trace: JSON.stringify(result.tally.trace) };
  };
  const one = await run(1);
  // the workers' own rebalancing (by their times: it may or may not move blocks), and blocks handed
  // back and forth every third day on a fixed pattern, with everything the mechanisms keep for them
  const splits: [number, BalancePolicy | undefined][] = [[2, undefined], [4, undefined], [2, { mode: 'shuffle', everyDays: 3 }], [4, { mode: 'shuffle', everyDays: 3 }]];
  for (const [workers, balance] of splits) {
    const other = await run(workers, balance);
    const how = `${workers} workers${balance ? `, blocks moved every ${balance.everyDays} days` : ''}`;
    assert.equal(comparable(other.summary), comparable(one.summary), `summary with ${how}`);
    assert.equal(other.daily, one.daily, `daily.csv with ${how}`);
    assert.equal(other.trace, one.trace, `trace with ${how}`);
  }
  // every mechanism did something, so the comparison covers them all
  const c = one.summary.counts;
  for (const name of ['postsFlagged', 'fraudMisused', 'speechChilled', 'offencesDeterred', 'gate.trainTicket.deniedByPolicy', 'breachLeaked', 'perk.heatingDiscount.entered', 'billboardEntered', 'spilloverMembers']) {
    assert.ok(c[name].overall > 0, `${name} happened`);
  }
  assert.ok(one.summary.metrics.wrongfulSanctionRate.overall > 0);
});

test('the same seed twice gives the same bytes; another seed gives different figures', async () => {
  const { plan } = compile(scenarioText('minimal'), { agents: 150_000, days: 90 });
  const a = await runPlan(plan, 1);
  const b = await runPlan(plan, 1);
  assert.equal(comparable(b.summary), comparable(a.summary));
  assert.equal(b.daily, a.daily);
  const other = await runPlan(compile(scenarioText('minimal'), { agents: 150_000, days: 90, seed: 2 }).plan, 1);
  assert.notEqual(other.daily, a.daily);
});

test('with worker threads every day is reported once, in order, with the same events as in one thread', async () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 200_000, days: 40 });
  const progress = async (workers: number) => {
    const days: [number, number][] = [];
    await simulate(plan, { workers, onDay: (day, events) => days.push([day, events]) });
    return days;
  };
  const one = await progress(1);
  assert.deepEqual(one.map(([day]) => day), Array.from({ length: 40 }, (_, i) => i + 1));
  assert.ok(one.every(([, events]) => events > 0));
  assert.deepEqual(await progress(2), one);
  assert.deepEqual(await progress(3), one);
});
