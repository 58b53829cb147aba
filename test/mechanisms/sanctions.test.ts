// Sanction effects: the loss of a job or a pet on entry, billboard person-days while active, the
// household members a sanction's householdFlags reach (spill-over), and fixed terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { simulate } from '../../src/parallel/simulate.ts';
import { binomialSd, cappedGeometric, census, dailyRows, near, scenario, series, total, watchedOffence } from './support.ts';

const NOTHING = 'behaviours: [{ name: nothing, kind: offence, ratePerDay: 0 }]';

test('a sanction that removes employment and pet takes them from every sanctioned agent that has them, and only from them', async () => {
  const [employment, pets] = [0.6, 0.3];
  const { plan } = compile(scenario({
    agents: 100_000, days: 5, groups: '[{ name: a, share: 0.5 }, { name: b, share: 0.5 }]', // two blocks
    sizes: [0.3, 0.4, 0.3], elderShare: 0.25, employmentRate: employment, petShare: pets,
    body: `${NOTHING}
sanctions:
  - { name: seizure, enter: 'group == "b"', exit: 'group == "a"', removes: [employment, pet] }
  - { name: warning, enter: 'group == "a"', exit: 'group == "b"' }
`,
  }));
  const people = census(plan).byGroup;
  const { summary } = await runPlan(plan);
  // everyone in b is sanctioned on day 1 and loses the job (adults only have one) and pet it had
  assert.equal(total(summary, 'jobsLost', 'b'), people.b.employed);
  assert.equal(total(summary, 'petsRemoved', 'b'), people.b.pets);
  near(total(summary, 'jobsLost', 'b'), employment * people.b.adults, binomialSd(people.b.adults, employment), 'jobs lost: employmentRate × adults');
  near(total(summary, 'petsRemoved', 'b'), pets * people.b.agents, binomialSd(people.b.agents, pets), 'pets removed: petShare × agents');
  // a sanction without removes takes nothing
  assert.equal(summary.metrics.sanctionRate.byGroup.a, 1);
  assert.equal(total(summary, 'jobsLost', 'a') + total(summary, 'petsRemoved', 'a'), 0);
});

test('billboard exposures are the person-days billboard sanctions are active', async () => {
  const o = { agents: 50_000, days: 30, rate: 0.02 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
${watchedOffence(o.rate)}
sanctions:
  - { name: shame, enter: 'grade == "D"', exit: 'grade == "A"', billboard: true }
  - { name: ban, enter: 'grade == "D"', exit: 'grade == "A"' }
`,
  }));
  const { summary } = await runPlan(plan);
  // an agent's first offence (day T ~ Geometric(r)) is recorded and sanctioned that day, and the
  // score never recovers: on the billboard on days T..D, D + 1 − min(T, D + 1) person-days, per agent
  // independently; the ban, without billboard, adds nothing
  const t = cappedGeometric(o.rate, o.days + 1);
  near(
    summary.metrics.billboardExposures.overall, o.agents * (o.days + 1 - t.mean), Math.sqrt(o.agents * t.variance),
    'billboard person-days',
  );
  assert.equal(total(summary, 'billboardEntered'), total(summary, 'sanction.shame.entered'));
});

test('householdFlags count, per sanction entry, the household members of the ages in spilloverTo besides the agent', async () => {
  const { plan } = compile(scenario({
    agents: 60_000, days: 5, sizes: [0.2, 0.3, 0.2, 0.2, 0.1], elderShare: 0.3,
    body: `${NOTHING}
sanctions:
  - { name: adultBan, enter: 'ageClass == "adult"', exit: 'ageClass != "adult"', householdFlags: [noSchool] }
  - { name: elderBan, enter: 'ageClass == "elder"', exit: 'ageClass != "elder"', householdFlags: [noCare], spilloverTo: [child, adult, elder] }
  - { name: childBan, enter: 'ageClass == "child"', exit: 'ageClass != "child"' }
`,
  }));
  const { households, all } = census(plan);
  const { summary } = await runPlan(plan);
  // each adult reaches the children of its household; each elder every other member; the child
  // ban has no householdFlags and reaches nobody
  const reached = households.reduce((n, h) => n + h.adults * h.children + h.elders * (h.adults + h.elders + h.children - 1), 0);
  assert.equal(total(summary, 'spilloverMembers'), reached);
  assert.equal(total(summary, 'spilloverSanctions'), all.adults + all.elders);
  assert.ok(Math.abs(summary.metrics.spilloverPerSanction.overall - reached / plan.layout.agents) < 1e-12);
});

test('a sanction with termDays ends exactly termDays after it started', async () => {
  const term = 6;
  const { plan } = compile(scenario({
    agents: 60_000, days: 40,
    body: `
behaviours: [{ name: debt, kind: offence, ratePerDay: 0.02, observedBy: records, list: debt }]
records: { lists: [{ name: debt, exitPerDay: 0.5, maxDays: 3 }] }
sanctions: [{ name: ban, enter: '"debt" in lists', exit: 'grade == "D"', termDays: ${term}, billboard: true }]
`,
  }));
  const { daily } = await runPlan(plan);
  const rows = dailyRows(daily, plan.groups);
  const entered = series(rows, 'sanction.ban.entered');
  const exited = series(rows, 'sanction.ban.exited');
  // the exit condition never holds: every sanction started on day t ends on day t + T
  assert.ok(entered.reduce((a, b) => a + b, 0) > 10_000);
  exited.forEach((n, d) => assert.equal(n, d > term ? entered[d - term] : 0, `sanctions ended on day ${d}`));
});

test('a sanction that ends by its exit condition and starts again still lasts termDays from its new start', async () => {
  const term = 10;
  const { plan } = compile(scenario({
    agents: 20_000, days: 80,
    body: `
behaviours: [{ name: debt, kind: offence, ratePerDay: 0.05, observedBy: records, list: debt }]
records: { lists: [{ name: debt, exitPerDay: 0.3 }] }
sanctions: [{ name: ban, enter: '"debt" in lists', exit: '!("debt" in lists)', termDays: ${term} }]
`,
  }));
  const followed = Array.from({ length: 2000 }, (_, i) => i * 10);
  const { tally } = await simulate(plan, { workers: 1, trace: followed });
  // every episode of a followed agent either ends with its listing or exactly T days after it began
  const started = new Map<number, number>();
  let byTerm = 0;
  const early: string[] = [];
  for (const e of tally.trace) {
    if (e.kind !== 'sanction') continue;
    if (e.action === 'enter') started.set(e.agent, e.day);
    else if (e.why === 'term ended') {
      byTerm++;
      if (e.day - started.get(e.agent)! !== term) early.push(`agent ${e.agent}: started day ${started.get(e.agent)}, term ended day ${e.day}`);
    }
  }
  assert.ok(byTerm > 20, 'some sanctions run their full term');
  assert.deepEqual(early.slice(0, 5), [], `${early.length} of ${byTerm} terms ended early`);
});
