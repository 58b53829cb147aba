// Gates: demand (a daily rate or a yearly day), face verification that may falsely fail every try,
// and the policy check (own sanction flags, a household member's sanction, a deny condition), with
// wrongful denials told apart from rightful ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { binomialSd, cappedGeometric, census, dailyRows, near, scenario, series, total, watchedOffence } from './support.ts';

const NOTHING = 'behaviours: [{ name: nothing, kind: offence, ratePerDay: 0 }]';

test('attempts are ratePerDay × eligible agents × days, counting only the age classes in who', async () => {
  const days = 30;
  const { plan } = compile(scenario({
    agents: 60_000, days, sizes: [0.3, 0.4, 0.3], elderShare: 0.3,
    body: `${NOTHING}
gates:
  - { name: plane, ratePerDay: 0.02 }
  - { name: school, who: [child], ratePerDay: 0.05 }
`,
  }));
  const people = census(plan).all;
  const { summary } = await runPlan(plan);
  // each eligible agent attempts on each day with probability r, independently: Binomial(E·D, r)
  const grownUps = people.adults + people.elders;
  near(total(summary, 'gate.plane.attempts'), 0.02 * grownUps * days, binomialSd(grownUps * days, 0.02), 'plane attempts (adults and elders)');
  near(total(summary, 'gate.school.attempts'), 0.05 * people.children * days, binomialSd(people.children * days, 0.05), 'school attempts (children)');
  // nothing blocks anyone: every attempt is admitted
  assert.equal(total(summary, 'gate.plane.admitted'), total(summary, 'gate.plane.attempts'));
  assert.equal(total(summary, 'gate.plane.deniedByPolicy'), 0);
});

test('an attempt is denied by verification with probability fnmr^(retries+1), by group through fnmrByGroup', async () => {
  const { plan } = compile(scenario({
    agents: 60_000, days: 20, sizes: [1], groups: '[{ name: a, share: 0.5 }, { name: b, share: 0.5 }]',
    body: `${NOTHING}
gates:
  - { name: phone, ratePerDay: 0.1, fnmr: 0.3, fnmrByGroup: { b: 0.6 }, retries: 1 }
`,
  }));
  const { summary } = await runPlan(plan);
  // two tries: a genuine person is rejected when both falsely fail, 0.3² = 0.09 in a, 0.6² = 0.36 in b;
  // given the attempts, the verification denials are Binomial(attempts, fnmr²)
  for (const [group, share] of [['a', 0.09], ['b', 0.36]] as const) {
    const attempts = total(summary, 'gate.phone.attempts', group);
    const denied = total(summary, 'gate.phone.deniedByVerification', group);
    near(denied, attempts * share, binomialSd(attempts, share), `verification denials in ${group}`);
    assert.equal(total(summary, 'gate.phone.admitted', group) + denied, attempts, 'every other attempt is admitted');
    near(summary.metrics.wrongfulGateDenialsPer1000.byGroup[group], 1000 * share, 1000 * Math.sqrt(share * (1 - share) / attempts), `wrongful denials per 1,000 in ${group}`);
  }
});

test('a sanction flag in blockedBy denies every verified attempt by policy, from the day after the sanction starts', async () => {
  const days = 10;
  const { plan } = compile(scenario({
    agents: 100_000, days, groups: '[{ name: a, share: 0.5 }, { name: b, share: 0.5 }]', // two blocks
    body: `${NOTHING}
sanctions: [{ name: ban, enter: 'group == "b"', exit: 'group == "a"', flags: [noFlights] }]
gates:
  - { name: plane, ratePerDay: 0.2, fnmr: 0.2, blockedBy: [noFlights] }
`,
  }));
  const { daily } = await runPlan(plan);
  const rows = dailyRows(daily, plan.groups);
  const [a, b] = [0, 1];
  const col = (name: string, g: number) => series(rows, `gate.plane.${name}`, g);
  // group b is sanctioned in the react phase of day 1, after the day's gates: day 1 admits everyone
  // verified; from day 2 every verified attempt of b is denied by policy, and rightly (the true state
  // meets the entry condition too); group a is never denied by policy
  for (let d = 1; d <= days; d++) {
    const verified = col('attempts', b)[d] - col('deniedByVerification', b)[d];
    assert.ok(verified > 0);
    assert.equal(col('deniedByPolicy', b)[d], d === 1 ? 0 : verified, `group b, day ${d}: denied by policy`);
    assert.equal(col('admitted', b)[d], d === 1 ? verified : 0, `group b, day ${d}: admitted`);
    assert.equal(col('deniedByPolicyWrongly', b)[d], 0);
    assert.equal(col('deniedByPolicy', a)[d], 0, `group a, day ${d}`);
    assert.equal(col('admitted', a)[d], col('attempts', a)[d] - col('deniedByVerification', a)[d]);
  }
});

/**
 * One offence by everyone at rate r, always detected; tpir 1 records it against the offender (true),
 * fpir 1 against a uniformly drawn other resident (an error). One record makes the agent D and so
 * sanctioned (in the react phase of that day); the score never recovers. Households of one and two
 * hold adults and elders only: everyone is both a possible misattribution target and a gate user.
 */
function offenceAndGates(o: { agents: number; days: number; rate: number; tpir: number; fpir: number }): string {
  return scenario({
    agents: o.agents, days: o.days, sizes: [0.4, 0.6],
    regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
${watchedOffence(o.rate, `{ tpir: ${o.tpir}, fpir: ${o.fpir} }`)}
sanctions: [{ name: ban, enter: 'grade == "D"', exit: 'grade == "A"', flags: [noFlights] }]
gates:
  - { name: plane, ratePerDay: 0.1, blockedBy: [noFlights] }
  - { name: bank, ratePerDay: 0.1, deny: 'grade == "D"' }
`,
  });
}

/**
 * Expected policy denials, and their standard deviation, when each of E eligible agents becomes
 * blocked on day T ~ Geometric(λ) (its first record) and a gate of rate g sees the block `lag` days
 * later (1 for a sanction flag, set after the day's gates; 0 for a deny condition on today's grade).
 * Agent i is blocked on K = (D − lag + 1) − min(T, D − lag + 1) days, denied on each with
 * probability g: E[X] = g·E[K], Var[X] = g(1 − g)·E[K] + g²·Var[K].
 */
function blockedDenials(eligible: number, days: number, lambda: number, g: number, lag: number) {
  const cap = days - lag + 1;
  const t = cappedGeometric(lambda, cap);
  const k = cap - t.mean;
  return { mean: eligible * g * k, sd: Math.sqrt(eligible * (g * (1 - g) * k + g * g * t.variance)) };
}

test('a denial resting only on a wrongful sanction or a wrongly met deny condition is counted as deniedByPolicyWrongly', async () => {
  const o = { agents: 50_000, days: 20, rate: 0.02, tpir: 0, fpir: 1 };
  const { plan } = compile(offenceAndGates(o));
  assert.equal(census(plan).all.children, 0);
  const { summary } = await runPlan(plan);
  // every record is a misattribution: an agent's first one arrives when one of the other N − 1
  // residents' daily offences (probability r each) names it (1/(N − 1)): λ = 1 − (1 − r/(N − 1))^(N − 1)
  const lambda = 1 - (1 - o.rate / (o.agents - 1)) ** (o.agents - 1);
  for (const [gate, lag] of [['plane', 1], ['bank', 0]] as const) {
    const expected = blockedDenials(o.agents, o.days, lambda, 0.1, lag);
    const denied = total(summary, `gate.${gate}.deniedByPolicy`);
    near(denied, expected.mean, expected.sd, `${gate}: policy denials`);
    // the true score never moves, so no denial is rightful
    assert.equal(total(summary, `gate.${gate}.deniedByPolicyWrongly`), denied, `${gate}: every policy denial is wrongful`);
  }
  // the deny condition sees today's record, the sanction flag only tomorrow: strictly more denials
  assert.ok(total(summary, 'gate.bank.deniedByPolicy') > total(summary, 'gate.plane.deniedByPolicy'));
});

test('a denial resting on a sanction the true state also meets is rightful', async () => {
  const o = { agents: 50_000, days: 20, rate: 0.02, tpir: 1, fpir: 0 };
  const { summary } = await runPlan(compile(offenceAndGates(o)).plan);
  // every record is the agent's own offence: blocked from its first one, λ = r
  for (const [gate, lag] of [['plane', 1], ['bank', 0]] as const) {
    const expected = blockedDenials(o.agents, o.days, o.rate, 0.1, lag);
    near(total(summary, `gate.${gate}.deniedByPolicy`), expected.mean, expected.sd, `${gate}: policy denials`);
    assert.equal(total(summary, `gate.${gate}.deniedByPolicyWrongly`), 0, `${gate}: no policy denial is wrongful`);
  }
});

test('blockedByHousehold denies the children of a household whose member is under the sanction', async () => {
  const days = 20;
  const g = 0.1;
  const { plan } = compile(scenario({
    agents: 60_000, days, sizes: [0.3, 0.2, 0.3, 0.2], elderShare: 0.3,
    body: `${NOTHING}
sanctions: [{ name: elderBan, enter: 'ageClass == "elder"', exit: 'ageClass != "elder"', householdFlags: [noSchool] }]
gates:
  - { name: school, who: [child], ratePerDay: ${g}, blockedByHousehold: [noSchool] }
`,
  }));
  const withElders = census(plan).households.filter((h) => h.elders > 0).reduce((n, h) => n + h.children, 0);
  const { summary, daily } = await runPlan(plan);
  // elders are sanctioned on day 1 (react phase): the C children of elder households are denied on
  // each of days 2..D they attempt (probability g); children of adult households never are
  const expected = g * (days - 1) * withElders;
  near(total(summary, 'gate.school.deniedByPolicy'), expected, Math.sqrt(expected * (1 - g)), 'children denied by a household sanction');
  assert.equal(series(dailyRows(daily, plan.groups), 'gate.school.deniedByPolicy')[1], 0, 'no denial before the sanction starts');
  assert.equal(total(summary, 'gate.school.deniedByPolicyWrongly'), 0);
});

test('yearlyOnDay makes every eligible agent attempt once on that day of each year, and on no other day', async () => {
  const { plan } = compile(scenario({
    agents: 20_000, days: 400, sizes: [0.5, 0, 0.5],
    body: `${NOTHING}
gates:
  - { name: enrolment, who: [child], yearlyOnDay: 30 }
`,
  }));
  const children = census(plan).all.children;
  const { daily } = await runPlan(plan);
  const attempts = series(dailyRows(daily, plan.groups), 'gate.enrolment.attempts');
  assert.ok(children > 4000);
  attempts.forEach((n, day) => assert.equal(n, day === 30 || day === 395 ? children : 0, `attempts on day ${day}`));
});
