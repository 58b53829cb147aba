// Records: behaviours known from institutional records are recorded with certainty and place the
// agent on a list, which it leaves by paying (exitPerDay) or when maxDays have passed; a record
// while listed neither lists the agent again nor extends its listing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { cappedGeometric, census, dailyRows, near, scenario, series, total } from './support.ts';

function debtScenario(o: { agents: number; days: number; rate: number; list: string }): string {
  return scenario({
    agents: o.agents, days: o.days, sizes: [0.3, 0.4, 0.3], elderShare: 0.2,
    body: `
behaviours: [{ name: debt, kind: offence, ratePerDay: ${o.rate}, observedBy: records, list: debt }]
records: { lists: [{ name: debt, ${o.list} }] }
`,
  });
}

test('a listing lasts min(Geometric(exitPerDay), maxDays) days: mean (1 − (1 − q)^M)/q, cut by the end of the run', async () => {
  const o = { agents: 60_000, days: 40, rate: 0.01, q: 0.1, maxDays: 8 };
  const { plan } = compile(debtScenario({ ...o, list: `exitPerDay: ${o.q}, maxDays: ${o.maxDays}` }));
  const rows = dailyRows((await runPlan(plan)).daily, plan.groups);
  const entered = series(rows, 'listEntered');
  const listed = series(rows, 'listed');
  // an agent listed on day t (record phase) leaves in the daily phase of day t + min(G, M),
  // G ~ Geometric(q): it is counted as listed on min(G, M) days, min(G, M, D − t + 1) within the run.
  // Given the entries, the stays are independent: sum their means and variances.
  let mean = 0;
  let variance = 0;
  for (let t = 1; t <= o.days; t++) {
    const stay = cappedGeometric(o.q, Math.min(o.maxDays, o.days - t + 1));
    mean += entered[t] * stay.mean;
    variance += entered[t] * stay.variance;
  }
  assert.ok(Math.abs(cappedGeometric(o.q, o.maxDays).mean - (1 - (1 - o.q) ** o.maxDays) / o.q) < 1e-12);
  near(listed.reduce((a, b) => a + b, 0), mean, Math.sqrt(variance), 'listed person-days');
});

test('with maxDays M and a negligible exitPerDay every listing ends exactly M days after it began, however many records come meanwhile', async () => {
  const M = 4;
  const { plan } = compile(debtScenario({ agents: 30_000, days: 30, rate: 0.3, list: `exitPerDay: 1e-9, maxDays: ${M}` }));
  const { summary, daily } = await runPlan(plan);
  const rows = dailyRows(daily, plan.groups);
  const entered = series(rows, 'listEntered');
  const listed = series(rows, 'listed');
  // exits on day d: listed(d − 1) + entered(d) − listed(d)
  for (let d = 1; d <= 30; d++) {
    const exits = (listed[d - 1] ?? 0) + entered[d] - listed[d];
    assert.equal(exits, d > M ? entered[d - M] : 0, `listings ended on day ${d}`);
  }
  // records while listed were made (rate 0.3 over a 4-day listing) but listed nobody again
  assert.ok(total(summary, 'recordedTrue') > 2 * total(summary, 'listEntered'));
});

test('records are certain, and a record while listed does not list again: entries follow E_t = R_t ∧ ¬E_(t−1) with exitPerDay 1', async () => {
  const o = { agents: 60_000, days: 20, rate: 0.3 };
  const { plan } = compile(debtScenario({ ...o, list: 'exitPerDay: 1' }));
  const people = census(plan).all;
  const { summary, daily } = await runPlan(plan);
  assert.equal(total(summary, 'detected'), total(summary, 'events'));
  assert.equal(total(summary, 'recordedTrue'), total(summary, 'events'));
  assert.equal(total(summary, 'recordedError'), 0);
  // listed on day t, an agent leaves in the daily phase of day t + 1, after that day's records:
  // a record on day t + 1 finds it still listed and is not an entry. Per agent the entries are
  // E_t = R_t ∧ ¬E_(t−1), R_t ~ Bernoulli(r); their count's distribution follows by recursion
  // over (entered yesterday, entries so far).
  let dist = [[1], [0]]; // dist[entered yesterday][count]
  for (let t = 1; t <= o.days; t++) {
    const next = [new Array<number>(t + 1).fill(0), new Array<number>(t + 1).fill(0)];
    dist[0].forEach((p, k) => {
      next[0][k] += p * (1 - o.rate);
      next[1][k + 1] += p * o.rate;
    });
    dist[1].forEach((p, k) => (next[0][k] += p));
    dist = next;
  }
  let mean = 0;
  let square = 0;
  for (const row of dist) row.forEach((p, k) => { mean += p * k; square += p * k * k; });
  const agents = people.adults + people.elders;
  near(total(summary, 'listEntered'), agents * mean, Math.sqrt(agents * (square - mean * mean)), 'list entries');
  // everyone listed on day t has left by the end of day t + 1
  const rows = dailyRows(daily, plan.groups);
  assert.deepEqual(series(rows, 'listed'), series(rows, 'listEntered'));
});
