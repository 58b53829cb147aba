// Adaptation: drawn offences are dropped under deterrence (general: camera detection; specific: a
// penalty not yet recovered) and drawn lawful speech under chilling (monitoring coverage, flagged
// posts in the region the day before, a household member penalised for a post). Zero turns each off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { binomialSd, cappedGeometric, census, coreColumns, dailyRows, near, scenario, series, total } from './support.ts';

/**
 * Drops after a first event: a unit (agent or household) whose first triggering event falls on day
 * T ~ Geometric(λ) has each of its `members` drop an act on each later day d ∈ (T, D] with
 * probability ρ. K = D − min(T, D) later days; per unit E[X] = m·ρ·E[K] and
 * Var[X] = m·ρ(1 − ρ)·E[K] + m²·ρ²·Var[K] (members share T).
 */
function dropsAfterFirst(units: { members: number; lambda: number }[], days: number, rho: number) {
  let mean = 0;
  let variance = 0;
  for (const { members: m, lambda } of units) {
    const t = cappedGeometric(lambda, days);
    const k = days - t.mean;
    mean += m * rho * k;
    variance += m * rho * (1 - rho) * k + m * m * rho * rho * t.variance;
  }
  return { mean, sd: Math.sqrt(variance) };
}

test('chilling.monitoring c with coverage k chills a share 1 − exp(−c·k) of monitored speech, and no unmonitored speech', async () => {
  const [c, k] = [0.8, 0.5];
  const text = (observedBy: string) => scenario({
    agents: 50_000, days: 20,
    body: `
behaviours:
  - { name: criticism, kind: speech, ratePerDay: 0.1, observedBy: ${observedBy} }
  - { name: post, kind: speech, ratePerDay: 0, observedBy: monitoring }
monitoring: { coverage: ${k}, targets: [post], truePositiveRate: 0 }
adaptation: { chilling: { monitoring: ${c} } }
`,
  });
  const { summary } = await runPlan(compile(text('monitoring')).plan);
  // each drawn post is kept with probability exp(−c·k), independently: chilled ~ Binomial(drawn, 1 − exp(−c·k))
  const share = 1 - Math.exp(-c * k);
  const drawn = total(summary, 'speechDrawn');
  near(total(summary, 'speechChilled'), drawn * share, binomialSd(drawn, share), 'monitored speech chilled');
  near(summary.metrics.chillingEffect.overall, share, Math.sqrt(share * (1 - share) / drawn), 'chilling effect');
  assert.equal(total(summary, 'events'), drawn - total(summary, 'speechChilled'), 'a chilled post does not happen');

  const unmonitored = (await runPlan(compile(text('none')).plan)).summary;
  assert.ok(total(unmonitored, 'speechDrawn') > 10_000);
  assert.equal(total(unmonitored, 'speechChilled'), 0, 'speech nobody monitors is not chilled by monitoring');
});

test('deterrence.general g keeps an offence with probability exp(−g·p_detect), p_detect capped, targeted and ramped by day', async () => {
  const days = 20;
  const g = 2;
  const { plan } = compile(scenario({
    agents: 60_000, days, groups: '[{ name: a, share: 0.5 }, { name: b, share: 0.5 }]',
    regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
behaviours: [{ name: offence, kind: offence, ratePerDay: 0.1, observedBy: cameras }]
cameras: { detectionPerCamera: 0.002, maxDetection: 0.5, rampTo: 2, targeting: { b: 4 }, identification: { tpir: 1 } }
adaptation: { deterrence: { general: ${g} } }
`,
  }));
  const rows = dailyRows((await runPlan(plan)).daily, plan.groups);
  // p_detect on day d = min(0.5, 0.002 × 100 × (1 + (d − 1)/(D − 1)) × targeting): 0.2 → 0.4 in a,
  // 0.8 → 1.6 capped at 0.5 in b. Drawn offences = those that happened + those deterred; given
  // them, deterred_d ~ Binomial(drawn_d, 1 − exp(−g·p_d)), summed over days.
  for (const [group, targeting] of [[0, 1], [1, 4]]) {
    const happened = series(rows, 'events', group);
    const deterred = series(rows, 'offencesDeterred', group);
    let mean = 0;
    let variance = 0;
    for (let d = 1; d <= days; d++) {
      const p = Math.min(0.5, 0.2 * (1 + (d - 1) / (days - 1)) * targeting);
      const share = 1 - Math.exp(-g * p);
      const drawn = happened[d] + deterred[d];
      mean += drawn * share;
      variance += drawn * share * (1 - share);
    }
    near(deterred.reduce((x, y) => x + y, 0), mean, Math.sqrt(variance), `offences deterred in group ${plan.groups[group]}`);
  }
});

test('deterrence.specific s keeps an offence with probability exp(−s) while the recorded score is below the base', async () => {
  const o = { agents: 60_000, days: 30, rate: 0.05, specific: 1 };
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, sizes: [0.3, 0.4, 0.3], elderShare: 0.2,
    regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
behaviours: [{ name: offence, kind: offence, ratePerDay: ${o.rate}, observedBy: cameras }]
cameras: { detectionPerCamera: 0.01, maxDetection: 1, identification: { tpir: 1 } }
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 0 }]
  rules: [{ when: 'event == "offence"', delta: -1 }]
adaptation: { deterrence: { specific: ${o.specific} } }
`,
  }));
  const people = census(plan).all;
  const { summary } = await runPlan(plan);
  // an agent's first offence (day T ~ Geometric(r)) is kept and recorded with certainty, and its
  // score never recovers: on each later day it draws an offence with probability r and drops it
  // with probability 1 − exp(−s); agents are independent
  const agents = people.adults + people.elders;
  const one = dropsAfterFirst([{ members: 1, lambda: o.rate }], o.days, o.rate * (1 - Math.exp(-o.specific)));
  near(total(summary, 'offencesDeterred'), agents * one.mean, Math.sqrt(agents) * one.sd, 'offences deterred');
});

test('chilling.household h keeps speech with probability exp(−h) once a member of the household has been penalised for a post', async () => {
  const o = { agents: 60_000, days: 30, rumour: 0.02, chatter: 0.2, household: 1.5 };
  // the adults' rumours are offences (never chilled) that the censor always flags; only children
  // speak (chatter), and their posts are never flagged, so a child is chilled by its parents alone
  const { plan } = compile(scenario({
    agents: o.agents, days: o.days, sizes: [0, 0, 1],
    body: `
behaviours:
  - { name: rumour, kind: offence, ratePerDay: ${o.rumour}, observedBy: monitoring }
  - { name: chatter, kind: speech, ratePerDay: ${o.chatter}, who: [child], observedBy: monitoring }
monitoring: { coverage: 1, targets: [rumour], truePositiveRate: 1, falsePositiveRate: 0 }
adaptation: { chilling: { household: ${o.household} } }
`,
  }));
  const households = census(plan).households.filter((h) => h.children > 0);
  const { summary } = await runPlan(plan);
  // a household is penalised from the day T after its first rumour, T ~ Geometric(1 − (1 − r)^adults);
  // its children's chatter on each later day is drawn with probability c and chilled with 1 − exp(−h)
  const expected = dropsAfterFirst(
    households.map((h) => ({ members: h.children, lambda: 1 - (1 - o.rumour) ** (h.adults + h.elders) })),
    o.days, o.chatter * (1 - Math.exp(-o.household)),
  );
  near(total(summary, 'speechChilled'), expected.mean, expected.sd, 'chatter chilled by a penalised parent');
});

test('chilling.region ρ keeps speech with probability exp(−ρ × flagged posts per 1,000 residents of the region the day before)', async () => {
  const [days, rho] = [20, 0.1];
  // each group lives in a region of its own, so daily.csv's group rows are region rows
  const { plan } = compile(scenario({
    agents: 60_000, days, segregation: 1,
    groups: '[{ name: a, share: 0.25, concentratedIn: [east] }, { name: b, share: 0.75, concentratedIn: [west] }]',
    regions: '[{ name: east, share: 0.25 }, { name: west, share: 0.75 }]',
    body: `
behaviours:
  - { name: rumour, kind: offence, ratePerDay: 0.01, observedBy: monitoring }
  - { name: chatter, kind: speech, ratePerDay: 0.2, who: [child, adult, elder] }
monitoring: { coverage: 1, targets: [rumour], truePositiveRate: 1 }
adaptation: { chilling: { region: ${rho} } }
`,
  }));
  const people = census(plan).byGroup;
  const rows = dailyRows((await runPlan(plan)).daily, plan.groups);
  plan.groups.forEach((name, g) => {
    const flagged = series(rows, 'postsFlagged', g);
    const drawn = series(rows, 'speechDrawn', g);
    const chilled = series(rows, 'speechChilled', g);
    assert.equal(chilled[1], 0, 'nothing was flagged before day 1');
    let mean = 0;
    let variance = 0;
    for (let d = 2; d <= days; d++) {
      const share = 1 - Math.exp(-rho * 1000 * flagged[d - 1] / people[name].agents);
      mean += drawn[d] * share;
      variance += drawn[d] * share * (1 - share);
    }
    near(chilled.reduce((x, y) => x + y, 0), mean, Math.sqrt(variance), `speech chilled in the region of group ${name}`);
  });
});

test('an adaptation section with every parameter zero changes nothing: the same daily.csv core columns as without it', async () => {
  const text = (adaptation: string) => scenario({
    agents: 40_000, days: 30, sizes: [0.3, 0.4, 0.3], regions: '[{ name: here, share: 1, camerasPer1000: 100 }]',
    body: `
behaviours:
  - { name: offence, kind: offence, ratePerDay: 0.05, heterogeneity: 1, observedBy: cameras }
  - { name: criticism, kind: speech, ratePerDay: 0.05, observedBy: monitoring }
cameras: { detectionPerCamera: 0.004, identification: { tpir: 0.8, fpir: 0.1 } }
monitoring: { coverage: 0.7, targets: [criticism], truePositiveRate: 0.5 }
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 1000 }, { name: D, min: 0 }]
  recovery: { pointsPerDay: 0.5 }
  rules: [{ when: 'event in ["offence", "criticism"]', delta: -3 }]
sanctions: [{ name: ban, enter: 'grade == "D"', exit: 'grade == "A"' }]
${adaptation}
`,
  });
  const without = await runPlan(compile(text('')).plan);
  const empty = await runPlan(compile(text('adaptation: {}')).plan);
  const zeros = await runPlan(compile(text('adaptation: { deterrence: { general: 0, specific: 0 }, chilling: { monitoring: 0, region: 0, household: 0 } }')).plan);
  assert.ok(total(without.summary, 'sanctionsEntered') > 0 && total(without.summary, 'postsFlagged') > 0);
  assert.equal(coreColumns(empty.daily), coreColumns(without.daily));
  assert.equal(coreColumns(zeros.daily), coreColumns(without.daily));
  assert.equal(total(zeros.summary, 'offencesDeterred') + total(zeros.summary, 'speechChilled'), 0);
  // the comparison is sensitive: a little chilling changes the core columns
  const chilled = await runPlan(compile(text('adaptation: { chilling: { monitoring: 0.05 } }')).plan);
  assert.notEqual(coreColumns(chilled.daily), coreColumns(without.daily));
});
