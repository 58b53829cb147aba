// How many workers a run gets when it is not told: enough agent-days for each worker
// (AGENT_DAYS_PER_WORKER), at least one, at most the machine's cores.
import assert from 'node:assert/strict';
import test from 'node:test';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { AGENT_DAYS_PER_WORKER, defaultWorkers } from '../../src/parallel/simulate.ts';

function plan(agents: number, days = 365) {
  const loaded = loadScenarioFile('scenarios/article-2019.yaml', { agents, days });
  assert.ok(loaded.ok);
  return loaded.plan;
}

test('one worker until the run\'s agent-days fill two, then one per AGENT_DAYS_PER_WORKER up to the cores', () => {
  assert.equal(AGENT_DAYS_PER_WORKER, 250_000_000);
  // npm start's run, a million agents for a year: one worker, however many cores
  assert.equal(defaultWorkers(plan(1_000_000), 2), 1);
  assert.equal(defaultWorkers(plan(1_000_000), 64), 1);
  // a million and a half for a year: two
  assert.equal(defaultWorkers(plan(1_500_000), 2), 2);
  assert.equal(defaultWorkers(plan(1_500_000), 64), 2);
  // ten million for a year: as many as 14, if there are cores
  assert.equal(defaultWorkers(plan(10_000_000), 2), 2);
  assert.equal(defaultWorkers(plan(10_000_000), 64), 14);
  // the days count as much as the agents: ten million for 30 days is one worker's work
  assert.equal(defaultWorkers(plan(10_000_000, 30), 64), 1);
  // never fewer than one, never more than the cores
  assert.equal(defaultWorkers(plan(10, 1), 8), 1);
  assert.equal(defaultWorkers(plan(100_000_000, 365), 1), 1);
});
