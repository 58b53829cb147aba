// Builders and arithmetic shared by the mechanism tests: a scenario text from a few parts, a census
// of the generated population, the daily series, run totals, and the tolerance check.
import assert from 'node:assert/strict';
import { allocateColumns, FLAG_EMPLOYED, FLAG_PET } from '../../src/engine/columns.ts';
import { AGE_ADULT, AGE_CHILD, AGE_ELDER } from '../../src/engine/layout.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';
import { BlockRunner } from '../../src/engine/runner.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import type { RunSummary } from '../../src/metrics/summary.ts';
import { DAILY_COLUMNS } from '../../src/metrics/summary.ts';

export interface ScenarioParts {
  agents: number;
  days: number;
  seed?: number;
  /** YAML flow list of groups; default one group `all` */
  groups?: string;
  /** YAML flow list of regions; default one urban region `here` without cameras */
  regions?: string;
  segregation?: number;
  /** household size shares; default [0, 0, 1]: two adults (or elders) and a child */
  sizes?: number[];
  elderShare?: number;
  employmentRate?: number;
  petShare?: number;
  /** everything after `population`: behaviours, scoring (SCORING when left out) and mechanisms */
  body: string;
}

/** A score of 1000 points, grade A from the base up and D below it: any penalty makes an agent D. */
export const SCORING = `
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 1000 }, { name: D, min: 0 }]
`;

/**
 * One offence anyone may commit, which cameras always see (detection 1 at 100 cameras per 1,000
 * residents) and identify as given, costing one point: the A grade is lost at the first record.
 */
export function watchedOffence(rate: number | string, identification = '{ tpir: 1 }'): string {
  return `
behaviours: [{ name: offence, kind: offence, ratePerDay: ${rate}, who: [child, adult, elder], observedBy: cameras }]
cameras: { detectionPerCamera: 0.01, maxDetection: 1, identification: ${identification} }
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 1000 }, { name: D, min: 0 }]
  rules: [{ when: 'event == "offence"', delta: -1 }]`;
}

export function scenario(p: ScenarioParts): string {
  return `
name: mechanism
agents: ${p.agents}
days: ${p.days}
seed: ${p.seed ?? 7}
population:
  groups: ${p.groups ?? '[{ name: all, share: 1 }]'}
  segregation: ${p.segregation ?? 0}
  employmentRate: ${p.employmentRate ?? 0}
  petShare: ${p.petShare ?? 0}
  households: { sizeShares: ${JSON.stringify(p.sizes ?? [0, 0, 1])}, elderShare: ${p.elderShare ?? 0} }
  regions: ${p.regions ?? '[{ name: here, share: 1 }]'}
${p.body.includes('scoring:') ? p.body : p.body + SCORING}
`;
}

export interface GroupCensus {
  agents: number;
  children: number;
  adults: number;
  elders: number;
  employed: number;
  pets: number;
}

export interface Census {
  byGroup: Record<string, GroupCensus>;
  all: GroupCensus;
  /** one entry per household: its group and the number of members of each age class */
  households: { group: string; children: number; adults: number; elders: number }[];
}

/** The population a plan generates (the run generates the very same one from its seed). */
export function census(plan: SimulationPlan): Census {
  const runner = new BlockRunner(plan, allocateColumns(plan.layout.agents), 0, plan.layout.blocks, MECHANISMS);
  runner.populate();
  const w = runner.world;
  const cols = w.columns;
  const empty = (): GroupCensus => ({ agents: 0, children: 0, adults: 0, elders: 0, employed: 0, pets: 0 });
  const byGroup: Record<string, GroupCensus> = Object.fromEntries(plan.groups.map((g) => [g, empty()]));
  const all = empty();
  const households: Census['households'] = [];
  for (let a = 0; a < plan.layout.agents; a++) {
    const group = plan.groups[w.segmentGroup[w.segmentOf(a)]];
    const age = cols.household(a) >>> 6;
    if ((cols.household(a) & 15) === 0) households.push({ group, children: 0, adults: 0, elders: 0 });
    const h = households[households.length - 1];
    for (const c of [byGroup[group], all]) {
      c.agents++;
      if (age === AGE_CHILD) c.children++;
      if (age === AGE_ADULT) c.adults++;
      if (age === AGE_ELDER) c.elders++;
      if (cols.flags(a) & FLAG_EMPLOYED) c.employed++;
      if (cols.flags(a) & FLAG_PET) c.pets++;
    }
    if (age === AGE_CHILD) h.children++;
    if (age === AGE_ADULT) h.adults++;
    if (age === AGE_ELDER) h.elders++;
  }
  return { byGroup, all, households };
}

export type DailyRow = Record<string, number> & { group: number };

/** daily.csv as rows of numbers (the group column holds the group's index in `groups`). */
export function dailyRows(csv: string, groups: readonly string[]): DailyRow[] {
  const [head, ...lines] = csv.trim().split('\n');
  const columns = head.split(',');
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, c === 'group' ? groups.indexOf(values[i]) : Number(values[i])])) as DailyRow;
  });
}

/** A daily column as an array indexed by day (index 0 unused), for one group or summed over all. */
export function series(rows: readonly DailyRow[], column: string, group?: number): number[] {
  assert.ok(rows.length > 0 && column in rows[0], `daily.csv has no column ${column}`);
  const days = Math.max(...rows.map((r) => r.day));
  const out = new Array<number>(days + 1).fill(0);
  for (const r of rows) if (group === undefined || r.group === group) out[r.day] += r[column];
  return out;
}

/** The core columns of daily.csv (those every run has), for comparing runs with different mechanisms. */
export function coreColumns(csv: string): string {
  return csv.trim().split('\n').map((line) => line.split(',').slice(0, DAILY_COLUMNS.length).join(',')).join('\n');
}

/** The run total of a counter, overall or for one group; fails when the counter does not exist. */
export function total(summary: RunSummary, counter: string, group?: string): number {
  const c = summary.counts[counter];
  assert.ok(c !== undefined, `no counter ${counter}; counters are ${Object.keys(summary.counts).join(', ')}`);
  return group === undefined ? c.overall : c.byGroup[group];
}

/** Asserts |observed − expected| ≤ k·se; se must be positive, so the check can fail. */
export function near(observed: number, expected: number, se: number, what: string, k = 4): void {
  assert.ok(se > 0 && Number.isFinite(se), `${what}: the standard error must be positive (got ${se})`);
  assert.ok(
    Math.abs(observed - expected) <= k * se,
    `${what}: observed ${observed}, expected ${expected.toPrecision(6)} ± ${k} × ${se.toPrecision(3)} (off by ${((observed - expected) / se).toFixed(1)} SE)`,
  );
}

/** Standard deviation of a binomial count. */
export const binomialSd = (n: number, p: number) => Math.sqrt(n * p * (1 - p));

/**
 * Mean and variance of min(G, cap) where G is geometric on 1, 2, ... with success probability p
 * (the day of the first success when each day succeeds with probability p): P(G ≥ k) = (1 − p)^(k−1),
 * so E[min] = Σ_{k=1..cap} (1 − p)^(k−1) and E[min²] = Σ_{k=1..cap} (2k − 1)(1 − p)^(k−1).
 */
export function cappedGeometric(p: number, cap: number): { mean: number; variance: number } {
  let mean = 0;
  let square = 0;
  let survive = 1;
  for (let k = 1; k <= cap; k++) {
    mean += survive;
    square += (2 * k - 1) * survive;
    survive *= 1 - p;
  }
  return { mean, variance: square - mean * mean };
}
