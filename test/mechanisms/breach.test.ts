// Breach: on one day stores leak a share of their records. The registry holds every adult and
// elder; logs hold what was written within their retention; the blacklist holds the listed and the
// sanctioned. Exposure is counted as distinct agents and as fields, by group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { binomialSd, census, dailyRows, near, scenario, series, total } from './support.ts';

const NOTHING = 'behaviours: [{ name: nothing, kind: offence, ratePerDay: 0 }]';
const TWO_GROUPS = '[{ name: a, share: 0.5 }, { name: b, share: 0.5 }]';

test('a registry breach of share s leaks each adult and elder with probability s, and no child', async () => {
  const s = 0.3;
  const { plan } = compile(scenario({
    agents: 60_000, days: 10, groups: TWO_GROUPS, sizes: [0.3, 0.4, 0.3], elderShare: 0.2,
    body: `${NOTHING}
breach: { day: 4, stores: [{ store: registry, share: ${s}, fields: [name, idNumber, phone] }] }
`,
  }));
  const people = census(plan).byGroup;
  const { summary } = await runPlan(plan);
  for (const g of plan.groups) {
    const holders = people[g].adults + people[g].elders;
    const leaked = total(summary, 'breachLeaked', g);
    near(leaked, s * holders, binomialSd(holders, s), `registry records leaked in ${g}`);
    // the only store: exposed agents are the leaked records, each exposing three fields
    assert.equal(summary.metrics.breachExposedShare.byGroup[g], leaked / people[g].agents);
    assert.ok(Math.abs(summary.metrics.breachExposedFieldsPerAgent.byGroup[g] - (3 * leaked) / people[g].agents) < 1e-12);
  }
});

test('chat logs leak only the posts written within retentionDays up to the breach day', async () => {
  const o = { agents: 50_000, days: 30, rate: 0.1, share: 0.5, day: 20, retention: 5 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days,
    body: `
behaviours: [{ name: chatter, kind: speech, ratePerDay: ${o.rate}, who: [child, adult, elder], observedBy: monitoring }]
monitoring: { targets: [chatter], truePositiveRate: 0 }
breach: { day: ${o.day}, stores: [{ store: chatLogs, share: ${o.share}, retentionDays: ${o.retention}, fields: [name, messages] }] }
`,
  }));
  const { summary } = await runPlan(plan);
  // posts on days 16..20 are held on the breach day; an agent posts on each with probability r and
  // each post leaks with probability σ: exposed with probability 1 − (1 − rσ)^R, independently.
  // (Keeping the whole run up to the breach would give 1 − (1 − rσ)^20 ≈ 0.64 instead of ≈ 0.23.)
  const p = 1 - (1 - o.rate * o.share) ** o.retention;
  near(summary.metrics.breachExposedShare.overall * o.agents, p * o.agents, binomialSd(o.agents, p), 'agents exposed by chat logs');
  // the leaked records are the posts of those R days that leak: Binomial(N·R, r·σ)
  near(total(summary, 'breachLeaked'), o.agents * o.retention * o.rate * o.share, binomialSd(o.agents * o.retention, o.rate * o.share), 'chat log records leaked');
});

test('verification logs hold the attempts at logged gates only', async () => {
  const o = { agents: 60_000, days: 20, rate: 0.05, day: 15, retention: 10 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, sizes: [0.3, 0.4, 0.3],
    body: `${NOTHING}
gates:
  - { name: plane, ratePerDay: ${o.rate} }
  - { name: school, who: [child], ratePerDay: 0.5, logged: false }
breach: { day: ${o.day}, stores: [{ store: verificationLogs, share: 1, retentionDays: ${o.retention}, fields: [name, face] }] }
`,
  }));
  const people = census(plan).all;
  const { summary } = await runPlan(plan);
  // an adult or elder is exposed when it went through the plane gate on one of days 6..15:
  // probability 1 − (1 − g)^10; children use only the unlogged school gate and are never exposed
  const holders = people.adults + people.elders;
  const p = 1 - (1 - o.rate) ** o.retention;
  near(summary.metrics.breachExposedShare.overall * o.agents, p * holders, binomialSd(holders, p), 'agents exposed by verification logs');
  // and the leaked records are all their plane attempts of those days: Binomial(H·R, g)
  near(total(summary, 'breachLeaked'), holders * o.retention * o.rate, binomialSd(holders * o.retention, o.rate), 'verification records leaked');
});

test('fields exposed per agent add up each leaked store\'s fields; an agent in two stores is exposed once', async () => {
  const o = { agents: 60_000, days: 10, registry: 0.4, chat: 0.5, rate: 0.05 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, sizes: [0.3, 0.4, 0.3],
    body: `
behaviours: [{ name: chatter, kind: speech, ratePerDay: ${o.rate}, who: [child, adult, elder], observedBy: monitoring }]
monitoring: { targets: [chatter], truePositiveRate: 0 }
breach:
  day: ${o.days}
  stores:
    - { store: registry, share: ${o.registry}, fields: [name, idNumber, phone] }
    - { store: chatLogs, share: ${o.chat}, fields: [name, messages] }
`,
  }));
  const people = census(plan).all;
  const { summary } = await runPlan(plan);
  const N = o.agents;
  const H = people.adults + people.elders;
  // chat logs of the whole run (no retention): P_c = 1 − (1 − r·σ)^D for everyone; registry: s for
  // adults and elders, independently. Fields per agent: 3·[registry] + 2·[chat]; exposed: either.
  const pc = 1 - (1 - o.rate * o.chat) ** o.days;
  const s = o.registry;
  const fields = { mean: 3 * s * H + 2 * pc * N, variance: 9 * s * (1 - s) * H + 4 * pc * (1 - pc) * N };
  near(summary.metrics.breachExposedFieldsPerAgent.overall * N, fields.mean, Math.sqrt(fields.variance), 'fields exposed');
  const either = 1 - (1 - s) * (1 - pc);
  const exposed = { mean: either * H + pc * people.children, variance: either * (1 - either) * H + pc * (1 - pc) * people.children };
  near(summary.metrics.breachExposedShare.overall * N, exposed.mean, Math.sqrt(exposed.variance), 'agents exposed');
});

test('the blacklist leaks agents under a sanction entered before the breach day', async () => {
  const share = 0.4;
  const { plan } = compile(scenario({
    agents: 40_000, days: 10, groups: TWO_GROUPS,
    body: `${NOTHING}
sanctions: [{ name: ban, enter: 'group == "b"', exit: 'group == "a"' }]
breach: { day: 5, stores: [{ store: blacklist, share: ${share}, fields: [name] }] }
`,
  }));
  const people = census(plan).byGroup;
  const { summary } = await runPlan(plan);
  // everyone in b is under the sanction from day 1: Binomial(|b|, s) leak; nobody in a is on it
  near(total(summary, 'breachLeaked', 'b'), share * people.b.agents, binomialSd(people.b.agents, share), 'sanctioned agents leaked');
  assert.equal(total(summary, 'breachLeaked', 'a'), 0);
});

test('the blacklist leaks the agents on a list on the breach day', async () => {
  const [share, day] = [0.5, 15];
  const { plan } = compile(scenario({
    agents: 60_000, days: 20,
    body: `
behaviours: [{ name: debt, kind: offence, ratePerDay: 0.02, observedBy: records, list: debt }]
records: { lists: [{ name: debt, exitPerDay: 0.2 }] }
breach: { day: ${day}, stores: [{ store: blacklist, share: ${share}, fields: [name] }] }
`,
  }));
  const { summary, daily } = await runPlan(plan);
  // the list changes before the breach on its day (entries in the record phase, exits earlier in
  // the daily phase), so the blacklist is daily.csv's listed count of that day
  const listed = series(dailyRows(daily, plan.groups), 'listed')[day];
  assert.ok(listed > 1000);
  near(total(summary, 'breachLeaked'), share * listed, binomialSd(listed, share), 'listed agents leaked');
});

test('agents holding only a perk are not on the blacklist', async () => {
  const { plan } = compile(scenario({
    agents: 20_000, days: 10,
    body: `${NOTHING}
perks: [{ name: discount, enter: 'grade == "A"', exit: 'grade == "D"', valuePerDay: 1 }]
breach: { day: 5, stores: [{ store: blacklist, share: 0.5, fields: [name] }] }
`,
  }));
  const { summary } = await runPlan(plan);
  assert.equal(summary.metrics.perkValuePerAgent.overall, 10, 'everyone holds the perk');
  assert.equal(total(summary, 'breachLeaked'), 0, 'nobody is listed or sanctioned');
  assert.equal(summary.metrics.breachExposedShare.overall, 0);
});
