// Turns a validated scenario into the plan the engine runs: cross-references checked, vocabulary
// gathered from the mechanisms, every policy condition tabulated, the layout computed. All
// problems come back located in the scenario file.
import type { CompileContext, ConditionDomain, Mechanism } from '../engine/mechanism.ts';
import type { SimulationPlan, Vocabulary } from '../engine/plan.ts';
import { createLayout } from '../engine/layout.ts';
import { agentDimensions, eventDimensions, type DomainDimension, type DomainNames } from '../engine/domains.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import { tabulate } from '../policy/tabulate.ts';
import type { ScenarioSpec } from './schema.ts';
import { formatPath, locateInScalar, locatePath, type LocatedError, type YamlSource } from './locate.ts';

export interface RunOverrides {
  agents?: number;
  days?: number;
  seed?: number;
}

export type CompileResult = { ok: true; plan: SimulationPlan } | { ok: false; errors: LocatedError[] };

/** Dimensions named in the expression (a whole-word match; a name inside a string literal only widens the table). */
function referenced(expr: string, dims: DomainDimension[]): DomainDimension[] {
  return dims.filter((d) => new RegExp(`(^|[^A-Za-z0-9_])${d.name}([^A-Za-z0-9_]|$)`).test(expr));
}

function sizeOf(d: DomainDimension): number {
  return d.kind === 'set' ? 1 << d.values.length : d.values.length;
}

/** Expands a table over a subset of dimensions to the full domain (row-major, last dimension fastest). */
function broadcast<T extends Uint8Array | Float64Array>(sub: T, subDims: DomainDimension[], full: DomainDimension[], make: (n: number) => T): T {
  const sizes = full.map(sizeOf);
  const total = sizes.reduce((a, b) => a * b, 1);
  const out = make(total);
  const subStride = new Map<string, number>();
  let stride = 1;
  for (let i = subDims.length - 1; i >= 0; i--) {
    subStride.set(subDims[i].name, stride);
    stride *= sizeOf(subDims[i]);
  }
  const strides = full.map((d) => subStride.get(d.name) ?? 0);
  const codes = new Array<number>(full.length).fill(0);
  for (let index = 0; index < total; index++) {
    let s = 0;
    for (let i = 0; i < full.length; i++) s += codes[i] * strides[i];
    out[index] = sub[s];
    for (let i = full.length - 1; i >= 0; i--) {
      if (++codes[i] < sizes[i]) break;
      codes[i] = 0;
    }
  }
  return out;
}

export function compileScenario(spec: ScenarioSpec, source: YamlSource | undefined, overrides: RunOverrides = {}): CompileResult {
  const errors: LocatedError[] = [];
  const file = source?.file ?? '(scenario)';
  const at = (path: readonly PropertyKey[], message: string, offset?: number) => {
    const where = source === undefined ? { line: 1, col: 1 } : offset === undefined ? locatePath(source, path) : locateInScalar(source, path, offset);
    errors.push({ file, line: where.line, col: where.col, path: formatPath(path), message });
  };

  const configured = MECHANISMS.filter((m) => spec[m.key] !== undefined);
  const behaviours = spec.behaviours as { name: string; observedBy: string; list?: string }[];
  const keys = new Set(configured.map((m) => m.key));
  behaviours.forEach((b, i) => {
    if (b.observedBy !== 'none' && !keys.has(b.observedBy)) {
      at(['behaviours', i, 'observedBy'], `behaviour "${b.name}" is observed by ${b.observedBy}, but the scenario has no ${b.observedBy} section`);
    }
  });

  const partial: Partial<Vocabulary> = {};
  for (const m of configured) Object.assign(partial, m.vocabulary?.(spec[m.key]) ?? {});
  const lists = partial.lists ?? [];
  const eventLists = behaviours.map((b, i) => {
    if (b.list === undefined) return -1;
    const index = lists.indexOf(b.list);
    if (index < 0) at(['behaviours', i, 'list'], `unknown list "${b.list}"; ${lists.length ? `lists are ${lists.join(', ')}` : 'records.lists defines none'}`);
    return index;
  });
  const vocabulary: Vocabulary = {
    events: partial.events ?? [],
    eventObservers: partial.eventObservers ?? [],
    eventLists,
    lists,
    score: partial.score!,
  };
  const groups = spec.population.groups.map((g) => g.name);
  const regionKinds = [...new Set(spec.population.regions.map((r) => r.kind))];
  const names: DomainNames = { events: vocabulary.events, groups, regionKinds, grades: vocabulary.score.grades, lists };
  const domains: Record<ConditionDomain, DomainDimension[]> = { agent: agentDimensions(names), event: eventDimensions(names) };

  const days = overrides.days ?? spec.days;
  let prefix: PropertyKey[] = [];
  const ctx: CompileContext = {
    vocabulary,
    groups,
    regionKinds,
    days,
    condition(expr, path, domain) {
      return table(expr, path, domain, 'bool') as Uint8Array;
    },
    number(expr, path, domain) {
      return table(expr, path, domain, 'number') as Float64Array;
    },
    problem(path, message) {
      at([...prefix, ...path], message);
    },
  };
  function table(expr: string, path: readonly PropertyKey[], domain: ConditionDomain, expect: 'bool' | 'number'): Uint8Array | Float64Array {
    const full = domains[domain];
    const dims = referenced(expr, full);
    const result = tabulate(expr, { dims }, expect);
    const make = expect === 'bool' ? (n: number) => new Uint8Array(n) : (n: number) => new Float64Array(n);
    if (!result.ok) {
      for (const e of result.errors) at([...prefix, ...path], e.message, e.offset);
      return make(full.map(sizeOf).reduce((a, b) => a * b, 1));
    }
    return broadcast(result.value.table, dims, full, make as (n: number) => Uint8Array | Float64Array);
  }

  const mechanisms = configured.map((m: Mechanism<any, any>) => {
    prefix = [m.key];
    return { key: m.key, plan: m.compile(spec[m.key], ctx) };
  });

  const agents = overrides.agents ?? spec.agents;
  const regionNames = spec.population.regions.map((r) => r.name);
  const layout = createLayout({
    agents,
    groupShares: spec.population.groups.map((g) => g.share),
    groupHomes: spec.population.groups.map((g) => g.concentratedIn.map((r) => regionNames.indexOf(r))),
    regionShares: spec.population.regions.map((r) => r.share),
    segregation: spec.population.segregation,
  });
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors };
  }
  const sizes = spec.population.households.sizeShares;
  const total = sizes.reduce((a, b) => a + b, 0);
  let running = 0;
  return {
    ok: true,
    plan: {
      name: spec.name,
      seed: overrides.seed ?? spec.seed,
      days,
      layout,
      groups,
      regionKinds,
      regions: spec.population.regions.map((r) => ({ name: r.name, kind: regionKinds.indexOf(r.kind), camerasPer1000: r.camerasPer1000 })),
      householdSizeCumulative: Float64Array.from(sizes, (s) => (running += s) / total),
      elderHouseholdShare: spec.population.households.elderShare,
      vocabulary,
      mechanisms,
    },
  };
}
