// How many workers a run gets when it is not told: enough behaviour events a day for each worker
// (EVENTS_PER_WORKER_DAY), at least one, at most the machine's cores.
import assert from 'node:assert/strict';
import test from 'node:test';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { defaultWorkers, EVENTS_PER_WORKER_DAY } from '../../src/parallel/simulate.ts';

function plan(file: string, agents: number) {
  const loaded = loadScenarioFile(file, { agents, days: 1 });
  assert.ok(loaded.ok);
  return loaded.plan;
}

test('a plan expects the sum of its behaviours\' daily rates per agent and day', () => {
  // article-2019: jaywalking, littering, unpaid debt, phone scams, criticism, ordinary posts, volunteering
  const rates = 0.004 + 0.002 + 0.0000067 + 0.00001 + 0.005 + 0.02 + 0.01;
  assert.ok(Math.abs(plan('scenarios/article-2019.yaml', 1000).eventsPerAgentDay - rates) < 1e-12);
  assert.equal(plan('bench/core-model.yaml', 1000).eventsPerAgentDay, 0.01);
});

test('one worker until the day\'s expected events fill two, then one per EVENTS_PER_WORKER_DAY up to the cores', () => {
  assert.equal(EVENTS_PER_WORKER_DAY, 30_000);
  // the flagship at npm start's size: about 41,000 events a day, one worker even on many cores
  assert.equal(defaultWorkers(plan('scenarios/article-2019.yaml', 1_000_000), 2), 1);
  assert.equal(defaultWorkers(plan('scenarios/article-2019.yaml', 1_000_000), 64), 1);
  // twice as many agents: about 82,000 a day, two workers
  assert.equal(defaultWorkers(plan('scenarios/article-2019.yaml', 2_000_000), 2), 2);
  assert.equal(defaultWorkers(plan('scenarios/article-2019.yaml', 2_000_000), 64), 2);
  // the core model: 40,000 a day at 4 M agents (one worker), 100,000 at 10 M (three, if there are cores)
  assert.equal(defaultWorkers(plan('bench/core-model.yaml', 4_000_000), 2), 1);
  assert.equal(defaultWorkers(plan('bench/core-model.yaml', 10_000_000), 2), 2);
  assert.equal(defaultWorkers(plan('bench/core-model.yaml', 10_000_000), 64), 3);
  // never fewer than one, never more than the cores
  assert.equal(defaultWorkers({ layout: { agents: 10 } as never, eventsPerAgentDay: 0 }, 8), 1);
  assert.equal(defaultWorkers({ layout: { agents: 1e9 } as never, eventsPerAgentDay: 1 }, 8), 8);
  assert.equal(defaultWorkers({ layout: { agents: 1e9 } as never, eventsPerAgentDay: 1 }, 1), 1);
});
