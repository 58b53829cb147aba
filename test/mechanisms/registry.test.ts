// The phone-number registry: fraudulent registrations under holders' identities (at the start and
// daily), their misuse recorded against the holder as an error, and removal after a self-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { binomialSd, cappedGeometric, census, dailyRows, near, scenario, series, total } from './support.ts';

interface Registry {
  agents?: number;
  days: number;
  who?: string;
  initial: number;
  perDay: number;
  misuse: number;
  selfCheck?: number;
}

/** A registry whose misuse is recorded as `fraudCall` (a behaviour nobody does), costing one point. */
function registryScenario(r: Registry): string {
  return scenario({
    agents: r.agents ?? 60_000, days: r.days, sizes: [0.3, 0.4, 0.3], elderShare: 0.2,
    body: `
behaviours: [{ name: fraudCall, kind: offence, ratePerDay: 0 }]
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 0 }]
  rules: [{ when: 'event == "fraudCall"', delta: -1 }]
registry:
  ${r.who === undefined ? '' : `who: ${r.who}`}
  initialFraudulentShare: ${r.initial}
  fraudulentPerDay: ${r.perDay}
  misusePerDay: ${r.misuse}
  misuseEvent: fraudCall
  selfCheckPerDay: ${r.selfCheck ?? 0}
`,
  });
}

test('fraudulent registrations are initial share × holders plus fraudulentPerDay × holders × days', async () => {
  const r = { days: 30, initial: 0.1, perDay: 0.002, misuse: 0 };
  const { plan } = compile(registryScenario(r));
  const people = census(plan).all;
  const holders = people.adults + people.elders;
  const { summary } = await runPlan(plan);
  // day 1: Bernoulli(s) per holder; days 1..D: Bernoulli(q) per holder and day. The cap of three
  // numbers per identity loses at most H·P(three numbers)·q·D ≈ H·(s·(qD)²/2)·qD < 1 registration.
  const expected = holders * (r.initial + r.perDay * r.days);
  const sd = Math.sqrt(binomialSd(holders, r.initial) ** 2 + binomialSd(holders * r.days, r.perDay) ** 2);
  near(total(summary, 'fraudRegistered'), expected, sd, 'fraudulent registrations');
  assert.equal(total(summary, 'fraudRemoved'), 0, 'nobody checks the registry');
});

test('who: [child] makes only children hold numbers', async () => {
  const r = { days: 20, who: '[child]', initial: 0.2, perDay: 0.005, misuse: 0 };
  const { plan } = compile(registryScenario(r));
  const children = census(plan).all.children;
  const { summary } = await runPlan(plan);
  const expected = children * (r.initial + r.perDay * r.days);
  const sd = Math.sqrt(binomialSd(children, r.initial) ** 2 + binomialSd(children * r.days, r.perDay) ** 2);
  near(total(summary, 'fraudRegistered'), expected, sd, 'registrations under children');
});

test('each fraudulent number is misused at misusePerDay from the day after its registration, recorded as an error against the holder', async () => {
  const r = { days: 30, initial: 0.1, perDay: 0.002, misuse: 0.05 };
  const { plan } = compile(registryScenario(r));
  const people = census(plan).all;
  const holders = people.adults + people.elders;
  const { summary } = await runPlan(plan);
  const D = r.days;
  const p = r.misuse;
  // a number registered on day t is exposed on days t+1..D, each misused with probability p:
  // initial numbers (t = 1) give D − 1 number-days, daily ones Σ_{t=1..D} (D − t) = D(D − 1)/2, so
  // E[misuses] = p·H·(s(D − 1) + q·D(D − 1)/2). Var = E[number-days]·p(1 − p) + p²·Var[number-days],
  // Var[number-days] = H·(s(1 − s)(D − 1)² + q(1 − q)·Σ_t (D − t)²).
  let squares = 0;
  for (let t = 1; t <= D; t++) squares += (D - t) ** 2;
  const numberDays = holders * (r.initial * (D - 1) + (r.perDay * D * (D - 1)) / 2);
  const spread = holders * (r.initial * (1 - r.initial) * (D - 1) ** 2 + r.perDay * (1 - r.perDay) * squares);
  const misused = total(summary, 'fraudMisused');
  near(misused, p * numberDays, Math.sqrt(numberDays * p * (1 - p) + p * p * spread), 'misuses');
  // every misuse is an erroneous record of fraudCall: it costs the recorded score one point, never the true one
  assert.equal(total(summary, 'recordedError'), misused);
  assert.equal(total(summary, 'recordedTrue'), 0);
  assert.ok(Math.abs(summary.metrics.meanScore.overall - (1000 - misused / plan.layout.agents)) < 1e-9);
  assert.equal(summary.metrics.meanTrueScore.overall, 1000);
});

test('a self-check removes every fraudulent number, and a removed number is misused no more', async () => {
  const r = { days: 30, initial: 0.3, perDay: 0, misuse: 0.05, selfCheck: 0.1 };
  const { plan } = compile(registryScenario(r));
  const people = census(plan).all;
  const holders = people.adults + people.elders;
  const { summary } = await runPlan(plan);
  const D = r.days;
  const [s, p, c] = [r.initial, r.misuse, r.selfCheck];
  // a holder given a number on day 1 checks on day 1 + W, W ~ Geometric(c), if that is ≤ D:
  // removed = Binomial(H, s·(1 − (1 − c)^(D − 1)))
  const checked = 1 - (1 - c) ** (D - 1);
  near(total(summary, 'fraudRemoved'), holders * s * checked, binomialSd(holders, s * checked), 'numbers removed');
  assert.equal(total(summary, 'fraudRegistered') - total(summary, 'fraudRemoved') > 0, true);
  // misuse falls on days 2..1 + W (on the check day misuse comes first), so K = min(W, D − 1)
  // number-days per number: per holder E[X] = s·p·E[K], E[X²] = s·(p(1 − p)·E[K] + p²·E[K²])
  const k = cappedGeometric(c, D - 1);
  const mean = s * p * k.mean;
  const square = s * (p * (1 - p) * k.mean + p * p * (k.variance + k.mean ** 2));
  near(total(summary, 'fraudMisused'), holders * mean, Math.sqrt(holders * (square - mean * mean)), 'misuses of numbers until their removal');
});

test('misuses are misusePerDay × the number-days of fraudulent numbers held, also when numbers are registered again after a removal', async () => {
  const r = { days: 40, initial: 0.5, perDay: 0.02, misuse: 0.02, selfCheck: 0.2 };
  const { plan } = compile(registryScenario(r));
  const { summary, daily } = await runPlan(plan);
  const rows = dailyRows(daily, plan.groups);
  const registered = series(rows, 'fraudRegistered');
  const removed = series(rows, 'fraudRemoved');
  // on day d the numbers exposed to misuse are those registered before d and not removed before d
  // (a day's misuse comes after its registrations, which wait at least a day, and before its
  // removals); each is misused with probability p that day, whatever its history
  let held = 0;
  let numberDays = 0;
  for (let d = 1; d <= r.days; d++) {
    numberDays += held;
    held += registered[d] - removed[d];
  }
  assert.ok(total(summary, 'fraudRemoved') > 1000 && numberDays > 100_000, 'numbers are removed and registered again');
  near(total(summary, 'fraudMisused'), r.misuse * numberDays, binomialSd(numberDays, r.misuse), 'misuses per number-day');
});
