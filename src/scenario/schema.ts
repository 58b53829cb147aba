// The scenario schema: the single source of truth for scenario files. The core (size, time, seed,
// population) is defined here; each mechanism contributes the schema of its own key.
import { z } from 'zod';
import { MECHANISMS } from '../mechanisms/index.ts';
import { NAME, PROBABILITY } from '../mechanisms/common.ts';
import { MAX_AGENTS } from '../engine/columns.ts';

/** Largest population a scenario may ask for: what the agent table can hold (see engine/columns.ts). */
export { MAX_AGENTS };
export const MAX_DAYS = 3650;

const share = z.number().gt(0).max(1);

export const populationSchema = z.strictObject({
  groups: z.array(z.strictObject({
    name: NAME.describe('Synthetic group label, used to measure disparate impact (e.g. majority, minority).'),
    share: share.describe('Share of the population in this group; shares add up to 1.'),
    concentratedIn: z.array(z.string()).default([]).describe('Regions this group is concentrated in (see segregation).'),
  })).min(1).max(16).describe('Groups with their population shares.'),
  employmentRate: PROBABILITY.default(0).describe('Share of adults with a job at the start (a sanction may remove it). Default 0.'),
  petShare: PROBABILITY.default(0).describe('Share of agents keeping a pet at the start (a sanction may remove it). Default 0.'),
  segregation: PROBABILITY.default(0).describe('0: every group spread over regions like the whole population; 1: groups with concentratedIn live only there. Default 0.'),
  households: z.strictObject({
    sizeShares: z.array(z.number().min(0)).min(1).max(12).describe('Share of households of size 1, 2, 3, ...; adds up to 1. Members after the first two are children.'),
    elderShare: PROBABILITY.default(0.2).describe('Share of households whose first two members are elders. Default 0.2.'),
  }),
  regions: z.array(z.strictObject({
    name: NAME.describe('Region name.'),
    kind: NAME.default('urban').describe('Region kind used in policy conditions as regionKind (e.g. urban, rural). Default urban.'),
    share: share.describe('Share of the population living here (before segregation moves groups); shares add up to 1.'),
    camerasPer1000: z.number().min(0).default(0).describe('Surveillance cameras per 1,000 residents on the first day. Default 0.'),
  })).min(1).max(1000).describe('Regions with their urbanisation and camera density.'),
});

function mechanismShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const m of MECHANISMS) shape[m.key] = m.required ? m.schema : m.schema.optional();
  return shape;
}

/** Run cross-field checks even when other parts of the file have problems, so all are reported at once. */
const ALWAYS = { when: () => true } as unknown as Parameters<typeof z.superRefine>[1];

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const objects = (x: unknown): Loose[] => (Array.isArray(x) ? x.filter(isObject) : []);
const numbers = (xs: unknown[]): number[] | undefined => (xs.every((x) => typeof x === 'number') ? (xs as number[]) : undefined);

/** Checks across fields of the population; defensive, since it also runs on a partly invalid file. */
function crossChecks(s: unknown, ctx: z.RefinementCtx): void {
  if (!isObject(s) || !isObject(s.population)) return;
  const p = s.population;
  const groups = Array.isArray(p.groups) ? p.groups : [];
  const regionList = Array.isArray(p.regions) ? p.regions : [];
  const groupShares = numbers(groups.map((g) => (isObject(g) ? g.share : undefined)));
  if (groupShares) checkShares(ctx, groupShares, ['population', 'groups'], 'group shares');
  const regionShares = numbers(regionList.map((r) => (isObject(r) ? r.share : undefined)));
  if (regionShares) checkShares(ctx, regionShares, ['population', 'regions'], 'region shares');
  const sizes = isObject(p.households) && Array.isArray(p.households.sizeShares) ? numbers(p.households.sizeShares) : undefined;
  if (sizes) checkShares(ctx, sizes, ['population', 'households', 'sizeShares'], 'household size shares');
  const names = (xs: unknown[]) => xs.map((x) => (isObject(x) && typeof x.name === 'string' ? x.name : ''));
  checkUnique(ctx, names(groups), ['population', 'groups'], 'group');
  checkUnique(ctx, names(regionList), ['population', 'regions'], 'region');
  const regions = names(regionList);
  objects(groups).forEach((g) => {
    const i = groups.indexOf(g);
    if (!Array.isArray(g.concentratedIn)) return;
    g.concentratedIn.forEach((r, j) => {
      if (typeof r === 'string' && !regions.includes(r)) {
        ctx.addIssue({ code: 'custom', path: ['population', 'groups', i, 'concentratedIn', j], message: `unknown region "${r}"; regions are ${regions.join(', ')}` });
      }
    });
  });
}

function checkShares(ctx: z.RefinementCtx, values: number[], path: PropertyKey[], what: string): void {
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.length > 0 && Math.abs(sum - 1) > 1e-6) {
    ctx.addIssue({ code: 'custom', path, message: `${what} add up to ${+sum.toFixed(6)}; they must add up to 1` });
  }
}

function checkUnique(ctx: z.RefinementCtx, names: string[], path: PropertyKey[], what: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '') return;
    if (seen.has(n)) ctx.addIssue({ code: 'custom', path: [...path, i, 'name'], message: `duplicate ${what} name "${n}"` });
    seen.add(n);
  });
}

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and contain only letters, digits, _, . and -').max(80).describe('Scenario name, used in run folder names.'),
  description: z.string().optional().describe('What the scenario represents.'),
  agents: z.number().int().min(1).max(MAX_AGENTS).default(100_000).describe('Population size (overridden by --agents). Default 100,000.'),
  days: z.number().int().min(1).max(MAX_DAYS).default(365).describe('Days simulated (overridden by --days). Default 365.'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).describe('Random seed (overridden by --seed). Default 1.'),
  population: populationSchema,
  ...mechanismShape(),
}).check(z.superRefine((s: unknown, ctx) => crossChecks(s, ctx), ALWAYS));

export type ScenarioSpec = z.output<typeof scenarioSchema> & Record<string, unknown>;

/** The JSON Schema of scenario files, for editors (yaml-language-server) and docs. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    title: 'scoresim scenario',
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
