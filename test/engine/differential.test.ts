// The fast engine against the plain reference model (test/reference): over many seeds, every
// compared metric agrees in distribution (two-sample test on per-seed values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan } from '../helpers.ts';
import { runReference, type ReferenceResult } from '../reference/reference-model.ts';
import type { RunSummary } from '../../src/metrics/summary.ts';

const SCENARIO = `
name: differential
agents: 6000
days: 90
population:
  groups:
    - { name: majority, share: 0.7 }
    - { name: minority, share: 0.3, concentratedIn: [east] }
  segregation: 0.7
  households: { sizeShares: [0.25, 0.35, 0.25, 0.15], elderShare: 0.3 }
  regions:
    - { name: east, kind: urban, share: 0.5, camerasPer1000: 150 }
    - { name: west, kind: rural, share: 0.5, camerasPer1000: 50 }
behaviours:
  - { name: jaywalking, kind: offence, ratePerDay: 0.03, heterogeneity: 1.5, observedBy: cameras }
  - { name: debt, kind: offence, ratePerDay: 0.002, heterogeneity: 0.5, observedBy: records, list: courtDebt }
  - { name: volunteering, kind: reward, ratePerDay: 0.02, who: [adult, elder, child], observedBy: records }
cameras:
  detectionPerCamera: 0.004
  rampTo: 1.5
  targeting: { minority: 2 }
  identification: { tpir: 0.8, fpir: 0.05, fpirByGroup: { minority: 0.15 } }
records:
  lists: [{ name: courtDebt, exitPerDay: 0.03, maxDays: 40 }]
scoring:
  base: 1000
  min: 800
  max: 1100
  grades:
    - { name: A, min: 1000 }
    - { name: B, min: 970 }
    - { name: C, min: 940 }
    - { name: D, min: 800 }
  recovery: { pointsPerDay: 0.7 }
  rules:
    - { when: 'event == "jaywalking"', delta: -15 }
    - { when: 'event == "jaywalking" && grade in ["C", "D"]', delta: -10 }
    - { when: 'event == "debt"', delta: -30 }
    - { when: 'event == "volunteering" && regionKind == "rural"', delta: 3 }
    - { when: 'event == "volunteering" && regionKind == "urban"', delta: 1 }
sanctions:
  - { name: ban, enter: '"courtDebt" in lists', exit: '!("courtDebt" in lists)' }
  - { name: warning, enter: 'grade == "D" || (grade == "C" && "courtDebt" in lists)', exit: 'grade in ["A", "B"]' }
`;

const SEEDS = Array.from({ length: 16 }, (_, i) => 1000 + i);

type Extract = (groupIndex: number) => number;

function fromEngine(s: RunSummary, groups: string[]): Record<string, Extract> {
  const m = (name: string) => (g: number) => s.metrics[name].byGroup[groups[g]];
  return {
    eventsPerAgent: m('eventsPerAgent'),
    recordedEventsPerAgent: m('recordedEventsPerAgent'),
    erroneousRecordsPerAgent: m('erroneousRecordsPerAgent'),
    sanctionRate: m('sanctionRate'),
    wrongfulSanctionRate: m('wrongfulSanctionRate'),
    sanctionFalsePositiveRate: m('sanctionFalsePositiveRate'),
    listedRate: m('listedRate'),
    meanScore: m('meanScore'),
    meanTrueScore: m('meanTrueScore'),
  };
}

function fromReference(r: ReferenceResult): Record<string, Extract> {
  const per = (x: number[]) => (g: number) => x[g] / r.agents[g];
  return {
    eventsPerAgent: per(r.events),
    recordedEventsPerAgent: per(r.recorded),
    erroneousRecordsPerAgent: per(r.erroneous),
    sanctionRate: per(r.everSanctioned),
    wrongfulSanctionRate: per(r.everWrongful),
    sanctionFalsePositiveRate: (g) => r.sanctionedClear[g] / r.clear[g],
    listedRate: per(r.listed),
    meanScore: per(r.scoreSum),
    meanTrueScore: per(r.trueScoreSum),
  };
}

const meanVar = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)] as const;
};

test('the engine agrees in distribution with the per-agent-per-day reference model', async () => {
  const engine: Record<string, number[]>[] = [{}, {}];
  const reference: Record<string, number[]>[] = [{}, {}];
  let groups: string[] = [];
  for (const seed of SEEDS) {
    const { plan, spec } = compile(SCENARIO, { seed });
    groups = plan.groups;
    const e = fromEngine((await runPlan(plan)).summary, groups);
    const r = fromReference(runReference(plan, spec));
    for (const [name, f] of Object.entries(e)) for (let g = 0; g < 2; g++) (engine[g][name] ??= []).push(f(g));
    for (const [name, f] of Object.entries(r)) for (let g = 0; g < 2; g++) (reference[g][name] ??= []).push(f(g));
  }
  const report: string[] = [];
  let failures = 0;
  for (let g = 0; g < 2; g++) {
    for (const name of Object.keys(engine[g])) {
      const [me, ve] = meanVar(engine[g][name]);
      const [mr, vr] = meanVar(reference[g][name]);
      const se = Math.sqrt(ve / SEEDS.length + vr / SEEDS.length);
      const z = se === 0 ? (me === mr ? 0 : Infinity) : (me - mr) / se;
      const line = `${groups[g]}.${name}: engine ${me.toPrecision(5)} reference ${mr.toPrecision(5)} z=${z.toFixed(2)}`;
      report.push(line);
      if (Math.abs(z) > 4) failures++;
    }
  }
  assert.equal(failures, 0, report.join('\n'));
  // the comparison must have teeth: sanctions, wrongful sanctions and listings actually happen
  const [sanctioned] = meanVar(engine[1].sanctionRate);
  const [wrongful] = meanVar(engine[1].wrongfulSanctionRate);
  const [listed] = meanVar(engine[0].listedRate);
  assert.ok(sanctioned > 0.05 && wrongful > 0.005 && listed > 0.01, report.join('\n'));
});
