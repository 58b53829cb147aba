// Analytic expectations on small populations: with one offence at rate r, detection p, correct
// identification q and misattribution f, mean true records per agent after D days is r·p·q·D and
// erroneous records r·p·f·D (misattributions land on other agents of the same region).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, oneOffence, runPlan } from '../helpers.ts';

async function recordsPerAgent(o: Parameters<typeof oneOffence>[0]) {
  const { summary } = await runPlan(compile(oneOffence(o)).plan, 1);
  const m = summary.metrics;
  return {
    events: m.eventsPerAgent.overall,
    recorded: m.recordedEventsPerAgent.overall,
    erroneous: m.erroneousRecordsPerAgent.overall,
  };
}

/** |observed − expected| within k standard errors of a per-agent Poisson count with mean `expected`. */
function near(observed: number, expected: number, agents: number, what: string, k = 4): void {
  const se = Math.sqrt(expected / agents);
  assert.ok(Math.abs(observed - expected) <= k * se, `${what}: observed ${observed}, expected ${expected} ± ${k} × ${se.toPrecision(3)}`);
}

test('mean recorded events per agent after D days is r·p·q·D with no misattribution', async () => {
  const o = { agents: 200_000, days: 100, rate: 0.02, detection: 0.4, tpir: 0.8, fpir: 0 };
  const r = await recordsPerAgent(o);
  near(r.events, o.rate * o.days, o.agents, 'events per agent');
  near(r.recorded, o.rate * o.detection * o.tpir * o.days, o.agents, 'recorded per agent');
  assert.equal(r.erroneous, 0);
});

test('misattributions add r·p·f·D erroneous records per agent, and true records stay r·p·q·D', async () => {
  const o = { agents: 200_000, days: 100, rate: 0.02, detection: 0.5, tpir: 0.6, fpir: 0.3 };
  const r = await recordsPerAgent(o);
  near(r.erroneous, o.rate * o.detection * o.fpir * o.days, o.agents, 'erroneous per agent');
  near(r.recorded - r.erroneous, o.rate * o.detection * o.tpir * o.days, o.agents, 'true records per agent');
});

test('heterogeneity changes who offends, not how much the population offends on average', async () => {
  const o = { agents: 200_000, days: 100, rate: 0.01, detection: 1, tpir: 1, fpir: 0, heterogeneity: 2 };
  const r = await recordsPerAgent(o);
  // with heterogeneity the per-agent counts are overdispersed: widen the band accordingly
  near(r.events, o.rate * o.days, o.agents, 'events per agent', 4 * Math.sqrt(1 + o.rate * o.days * 4));
});

test('with rate 0 nothing happens, and with detection 0 nothing is recorded', async () => {
  const none = await recordsPerAgent({ agents: 70_000, days: 30, rate: 0, detection: 1, tpir: 1, fpir: 0 });
  assert.deepEqual(none, { events: 0, recorded: 0, erroneous: 0 });
  const unseen = await recordsPerAgent({ agents: 70_000, days: 30, rate: 0.05, detection: 0, tpir: 1, fpir: 0 });
  assert.ok(unseen.events > 1);
  assert.equal(unseen.recorded, 0);
});
