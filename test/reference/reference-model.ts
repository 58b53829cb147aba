// A deliberately plain reference implementation of the core model: every agent, every day, every
// behaviour, with CEL conditions evaluated directly (memoised by state). It shares nothing with the
// engine's day loop, event skipping, lazy recovery, tabulation or scheduling; it reuses only the
// population (households, layout) and the definition of each agent's propensity level.
import { run } from '@bufbuild/cel';
import { allocateColumns, viewColumns } from '../../src/engine/columns.ts';
import { AGE_CLASSES } from '../../src/engine/layout.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';
import { BlockRunner } from '../../src/engine/runner.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import { dailyProbability, propensityLevelOf } from '../../src/mechanisms/behaviours.ts';
import type { ScenarioSpec } from '../../src/scenario/schema.ts';

export interface ReferenceResult {
  agents: number[];
  events: number[];
  recorded: number[];
  erroneous: number[];
  everSanctioned: number[];
  everWrongful: number[];
  sanctionedClear: number[];
  clear: number[];
  listed: number[];
  scoreSum: number[];
  trueScoreSum: number[];
}

/** mulberry32: a small generator unrelated to the engine's. */
function generator(seed: number): () => number {
  let a = (seed ^ 0x5bd1e995) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Spec = ScenarioSpec & {
  behaviours: { name: string; ratePerDay: number; heterogeneity: number; who: string[]; observedBy: string; list?: string }[];
  cameras?: { detectionPerCamera: number; maxDetection: number; rampTo: number; targeting: Record<string, number>; identification: { tpir: number; fpir: number; fpirByGroup: Record<string, number> } };
  records?: { lists: { name: string; exitPerDay: number; maxDays?: number }[] };
  scoring: { base: number; min: number; max: number; grades: { name: string; min: number }[]; recovery: { pointsPerDay: number }; rules: { when: string; delta: number }[] };
  sanctions: { name: string; enter: string; exit: string }[];
};

export function runReference(plan: SimulationPlan, spec: ScenarioSpec): ReferenceResult {
  const s = spec as Spec;
  const N = plan.layout.agents;
  const buffers = allocateColumns(N);
  new BlockRunner(plan, buffers, 0, plan.layout.blocks, MECHANISMS).populate();
  const table = viewColumns(buffers);
  const household = Uint8Array.from({ length: N }, (_, a) => table.household(a));
  const groupNames = plan.groups;
  const G = groupNames.length;
  const rand = generator(plan.seed * 7919 + 17);

  // static attributes per agent, looked up the slow way
  const region = new Int32Array(N);
  const group = new Int32Array(N);
  for (let seg = 0; seg + 1 < plan.layout.segmentStart.length; seg++) {
    for (let a = plan.layout.segmentStart[seg]; a < plan.layout.segmentStart[seg + 1]; a++) {
      region[a] = plan.layout.segmentRegion[seg];
      group[a] = plan.layout.segmentGroup[seg];
    }
  }
  const age = (a: number) => AGE_CLASSES[household[a] >>> 6];
  const kindOf = (a: number) => spec.population.regions[region[a]].kind;
  const membersOfRegion = (r: number) => [plan.layout.regionStart[r], plan.layout.regionStart[r + 1]];

  const grades = s.scoring.grades;
  const gradeOf = (score: number) => (grades.find((g) => score >= g.min) ?? grades[grades.length - 1]).name;
  const lists = s.records?.lists ?? [];
  // conditions evaluated with CEL itself, memoised by the (finite) state they read
  const cache = new Map<string, boolean>();
  interface State { key: string; vars: Record<string, string | string[]> }
  const holds = (expr: string, state: State, event = ''): boolean => {
    const key = `${expr}\u0000${event}\u0000${state.key}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = run(expr, event === '' ? state.vars : { event, ...state.vars }) === true;
      cache.set(key, v);
    }
    return v;
  };
  const stateOf = (a: number, score: number, onLists: Set<string>): State => {
    const sorted = [...onLists].sort();
    const vars = { group: groupNames[group[a]], regionKind: kindOf(a), ageClass: age(a), grade: gradeOf(score), lists: sorted };
    return { key: `${vars.group}|${vars.regionKind}|${vars.ageClass}|${vars.grade}|${sorted.join(',')}`, vars };
  };

  const score = new Float64Array(N).fill(s.scoring.base);
  const trueScore = new Float64Array(N).fill(s.scoring.base);
  const onList = Array.from({ length: N }, () => new Set<string>());
  const listedSince = Array.from({ length: N }, () => new Map<string, number>());
  const active = Array.from({ length: N }, () => new Set<string>());
  const everSanctioned = new Uint8Array(N);
  const everWrongful = new Uint8Array(N);
  const trueTriggered = new Uint8Array(N);
  const out: ReferenceResult = {
    agents: new Array(G).fill(0), events: new Array(G).fill(0), recorded: new Array(G).fill(0), erroneous: new Array(G).fill(0),
    everSanctioned: new Array(G).fill(0), everWrongful: new Array(G).fill(0), sanctionedClear: new Array(G).fill(0),
    clear: new Array(G).fill(0), listed: new Array(G).fill(0), scoreSum: new Array(G).fill(0), trueScoreSum: new Array(G).fill(0),
  };
  const clamp = (x: number) => Math.min(s.scoring.max, Math.max(s.scoring.min, x));
  const towardsBase = (x: number, k: number) => (x < s.scoring.base ? Math.min(s.scoring.base, x + k) : Math.max(s.scoring.base, x - k));
  const recovered = (day: number) => Math.floor(s.scoring.recovery.pointsPerDay * day + 1e-9);
  // each agent's fixed daily probability of each behaviour (0 when its age class cannot do it)
  const probability = s.behaviours.map((b, bi) => {
    const table = Array.from({ length: 256 }, (_, level) => dailyProbability(b.ratePerDay, b.heterogeneity, level));
    return Float64Array.from({ length: N }, (_, a) => (b.who.includes(age(a)) ? table[propensityLevelOf(plan.seed, bi, a)] : 0));
  });

  for (let day = 1; day <= plan.days; day++) {
    const k = recovered(day) - recovered(day - 1);
    if (k > 0) for (let a = 0; a < N; a++) { score[a] = towardsBase(score[a], k); trueScore[a] = towardsBase(trueScore[a], k); }
    const records: { target: number; event: string; error: boolean; list?: string }[] = [];
    for (let a = 0; a < N; a++) {
      s.behaviours.forEach((b, bi) => {
        if (rand() >= probability[bi][a]) return;
        out.events[group[a]]++;
        if (b.observedBy === 'records') {
          records.push({ target: a, event: b.name, error: false, list: b.list });
        } else if (b.observedBy === 'cameras' && s.cameras) {
          const c = s.cameras;
          const ramp = plan.days > 1 ? 1 + ((c.rampTo - 1) * (day - 1)) / (plan.days - 1) : 1;
          const p = Math.min(c.maxDetection, c.detectionPerCamera * spec.population.regions[region[a]].camerasPer1000 * ramp * (c.targeting[groupNames[group[a]]] ?? 1));
          if (rand() >= p) return;
          const u = rand();
          const fpir = c.identification.fpirByGroup[groupNames[group[a]]] ?? c.identification.fpir;
          if (u < c.identification.tpir) {
            records.push({ target: a, event: b.name, error: false });
          } else if (u < c.identification.tpir + fpir) {
            const [first, end] = membersOfRegion(region[a]);
            // the gallery holds identity photos of adults and elders only
            let t = a;
            while (t === a || age(t) === 'child') t = first + Math.floor(rand() * (end - first));
            records.push({ target: t, event: b.name, error: true });
          }
        }
      });
    }
    for (const r of records) {
      if (r.list !== undefined && !onList[r.target].has(r.list)) {
        onList[r.target].add(r.list);
        listedSince[r.target].set(r.list, day);
      }
    }
    for (const r of records) {
      const a = r.target;
      if (r.error) out.erroneous[group[a]]++;
      out.recorded[group[a]]++;
      const deltaFor = (sc: number) => {
        const state = stateOf(a, sc, onList[a]);
        return s.scoring.rules.reduce((acc, rule) => acc + (holds(rule.when, state, r.event) ? rule.delta : 0), 0);
      };
      const recordedDelta = deltaFor(score[a]);
      if (!r.error) trueScore[a] = clamp(trueScore[a] + deltaFor(trueScore[a]));
      score[a] = clamp(score[a] + recordedDelta);
    }
    for (let a = 0; a < N; a++) {
      for (const l of lists) {
        const since = listedSince[a].get(l.name);
        if (since === undefined || since >= day) continue;
        if (day - since >= (l.maxDays ?? Infinity) || rand() < l.exitPerDay) {
          onList[a].delete(l.name);
          listedSince[a].delete(l.name);
        }
      }
      if (s.sanctions.length === 0) continue;
      const recordedState = stateOf(a, score[a], onList[a]);
      const trueState = stateOf(a, trueScore[a], onList[a]);
      for (const sanction of s.sanctions) {
        const trulyMet = holds(sanction.enter, trueState);
        if (trulyMet) trueTriggered[a] = 1;
        if (!active[a].has(sanction.name)) {
          if (holds(sanction.enter, recordedState)) {
            active[a].add(sanction.name);
            everSanctioned[a] = 1;
            if (!trulyMet) everWrongful[a] = 1;
          }
        } else if (holds(sanction.exit, recordedState)) {
          active[a].delete(sanction.name);
        }
      }
    }
  }
  for (let a = 0; a < N; a++) {
    const g = group[a];
    out.agents[g]++;
    out.everSanctioned[g] += everSanctioned[a];
    out.everWrongful[g] += everWrongful[a];
    if (!trueTriggered[a]) { out.clear[g]++; out.sanctionedClear[g] += everSanctioned[a]; }
    if (onList[a].size > 0) out.listed[g]++;
    out.scoreSum[g] += score[a];
    out.trueScoreSum[g] += trueScore[a];
  }
  return out;
}
