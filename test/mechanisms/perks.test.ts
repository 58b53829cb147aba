// Perks: granted when the recorded state meets the entry condition, withdrawn on the exit
// condition, worth valuePerDay while held; perks for the starting state are granted on day 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { binomialSd, cappedGeometric, census, dailyRows, near, scenario, series, total, watchedOffence } from './support.ts';

test('a perk for the starting grade is held by everyone who qualifies from day 1: valuePerDay × days per agent, perks adding up', async () => {
  const days = 20;
  const { plan } = compile(scenario({
    agents: 100_000, days, groups: '[{ name: a, share: 0.4 }, { name: b, share: 0.6 }]', // two blocks
    body: `
behaviours: [{ name: nothing, kind: offence, ratePerDay: 0 }]
perks:
  - { name: discount, enter: 'grade == "A"', exit: 'grade == "D"', valuePerDay: 2.5 }
  - { name: loan, enter: 'group == "b"', exit: 'group == "a"', valuePerDay: 0.5 }
`,
  }));
  const people = census(plan).byGroup;
  const { summary, daily } = await runPlan(plan);
  // granted in the react phase of day 1 and never withdrawn: held on days 1..D
  const value = summary.metrics.perkValuePerAgent.byGroup;
  assert.equal(value.a, 2.5 * days);
  assert.equal(value.b, (2.5 + 0.5) * days);
  const entered = series(dailyRows(daily, plan.groups), 'perk.loan.entered');
  entered.forEach((n, d) => assert.equal(n, d === 1 ? people.b.agents : 0, `loans granted on day ${d}`));
  assert.equal(total(summary, 'perk.discount.entered'), plan.layout.agents);
  // a perk is not a sanction
  assert.equal(summary.metrics.sanctionRate.overall, 0);
  assert.equal(summary.metrics.activeSanctionRate.overall, 0);
  assert.equal(total(summary, 'sanctionsEntered'), 0);
});

test('a perk withdrawn at the first recorded offence is worth valuePerDay × (days before that offence)', async () => {
  const o = { agents: 50_000, days: 30, rate: 0.03, value: 2 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
${watchedOffence(o.rate)}
perks: [{ name: discount, enter: 'grade == "A"', exit: 'grade == "D"', valuePerDay: ${o.value} }]
`,
  }));
  const { summary } = await runPlan(plan);
  // an agent's first offence falls on day T ~ Geometric(r) and is recorded that day with certainty;
  // the perk is withdrawn in that day's react phase and never comes back (no recovery), so it is
  // held on days 1..T − 1: min(T − 1, D) = min(T, D + 1) − 1 days, independently per agent
  const held = cappedGeometric(o.rate, o.days + 1);
  near(
    summary.metrics.perkValuePerAgent.overall, o.value * (held.mean - 1), o.value * Math.sqrt(held.variance / o.agents),
    'perk value per agent',
  );
  // the perk is granted at the end of day 1 to those whose day-1 offence (if any) left them in A,
  // and withdrawn from them at their first offence within days 2..D
  const granted = 1 - o.rate;
  near(total(summary, 'perk.discount.entered'), o.agents * granted, binomialSd(o.agents, granted), 'perks granted');
  const withdrawn = (1 - o.rate) * (1 - (1 - o.rate) ** (o.days - 1));
  near(total(summary, 'perk.discount.exited'), o.agents * withdrawn, binomialSd(o.agents, withdrawn), 'perks withdrawn');
});
