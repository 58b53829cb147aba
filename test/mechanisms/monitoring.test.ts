// Online monitoring: posts are scanned with the coverage, targeted speech is flagged at the true-
// positive rate and other posts at the false-positive rate; a flag is a record against the poster,
// an error when the post was not targeted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { census, near, scenario, total } from './support.ts';

const o = { agents: 60_000, days: 20, coverage: 0.6, tpr: 0.7, fpr: 0.1, criticism: 0.05, chatter: 0.1, gossip: 0.05 };

// criticism (targeted) and chatter (not targeted) are posts; gossip is speech nobody monitors.
// Each flag costs 5 points: the true score moves only for flags on targeted posts.
const text = (coverage: number, gossip: number) => scenario({
  agents: o.agents, days: o.days, sizes: [0.3, 0.4, 0.3], elderShare: 0.2,
  body: `
behaviours:
  - { name: criticism, kind: speech, ratePerDay: ${o.criticism}, observedBy: monitoring }
  - { name: chatter, kind: speech, ratePerDay: ${o.chatter}, observedBy: monitoring }
  - { name: gossip, kind: speech, ratePerDay: ${gossip} }
monitoring: { coverage: ${coverage}, targets: [criticism], truePositiveRate: ${o.tpr}, falsePositiveRate: ${o.fpr} }
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 0 }]
  rules: [{ when: 'event in ["criticism", "chatter"]', delta: -5 }]
`,
});

/**
 * Sum over E·D agent-days of independent Bernoulli indicators, one per behaviour with probability
 * p_i: mean E·D·Σp_i and standard deviation √(E·D·Σp_i(1 − p_i)).
 */
function bernoulliSum(agentDays: number, ps: number[]) {
  return { mean: agentDays * ps.reduce((a, p) => a + p, 0), sd: Math.sqrt(agentDays * ps.reduce((a, p) => a + p * (1 - p), 0)) };
}

test('posts are scanned with probability coverage, unmonitored speech never; flags follow tpr on targeted and fpr on other posts', async () => {
  const { plan } = compile(text(o.coverage, o.gossip));
  const people = census(plan).all;
  const agentDays = (people.adults + people.elders) * o.days; // speech defaults to adults and elders
  const { summary } = await runPlan(plan);
  // a post of behaviour i on an agent-day: probability r_i; scanned: k·r_i; flagged: k·r_i·(tpr or fpr)
  const k = o.coverage;
  const scanned = bernoulliSum(agentDays, [k * o.criticism, k * o.chatter]);
  near(total(summary, 'postsScanned'), scanned.mean, scanned.sd, 'posts scanned');
  const flagged = bernoulliSum(agentDays, [k * o.criticism * o.tpr, k * o.chatter * o.fpr]);
  near(total(summary, 'postsFlagged'), flagged.mean, flagged.sd, 'posts flagged');
  const wrongly = bernoulliSum(agentDays, [k * o.chatter * o.fpr]);
  near(total(summary, 'postsFlaggedWrongly'), wrongly.mean, wrongly.sd, 'non-targeted posts flagged');
});

test('a flag on a non-targeted post is an erroneous record; a flag on targeted speech is a true one', async () => {
  const { plan } = compile(text(o.coverage, o.gossip));
  const { summary } = await runPlan(plan);
  const flagged = total(summary, 'postsFlagged');
  const wrongly = total(summary, 'postsFlaggedWrongly');
  assert.ok(wrongly > 0 && flagged > wrongly);
  assert.equal(total(summary, 'recordedError'), wrongly);
  assert.equal(total(summary, 'recordedTrue'), flagged - wrongly);
  // each flag costs 5 recorded points; the true score loses them only for targeted posts
  const n = plan.layout.agents;
  assert.ok(Math.abs(summary.metrics.meanScore.overall - (1000 - (5 * flagged) / n)) < 1e-9);
  assert.ok(Math.abs(summary.metrics.meanTrueScore.overall - (1000 - (5 * (flagged - wrongly)) / n)) < 1e-9);
});

test('full coverage scans every monitored post', async () => {
  const { plan } = compile(text(1, 0));
  const { summary } = await runPlan(plan);
  // with gossip silenced every event is a monitored post
  assert.equal(total(summary, 'postsScanned'), total(summary, 'events'));
});
