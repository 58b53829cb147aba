// Turns a validated scenario into the plan the engine runs: cross-references checked, vocabulary
// gathered from the mechanisms, every policy condition tabulated, the layout computed. All
// problems come back located in the scenario file.
import type { CompileContext, ConditionDomain, Mechanism } from '../engine/mechanism.ts';
import { STORES, type SimulationPlan, type StoreName, type StorePlan, type Vocabulary } from '../engine/plan.ts';
import { CORE_COUNTER_NAMES } from '../engine/counters.ts';
import { MAX_STATUSES } from '../engine/columns.ts';
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

function sizeOf(d: DomainDimension): number {
  return d.kind === 'set' ? 1 << d.values.length : d.values.length;
}

export function compileScenario(spec: ScenarioSpec, source: YamlSource | undefined, overrides: RunOverrides = {}): CompileResult {
  const errors: LocatedError[] = [];
  const file = source?.file ?? '(scenario)';
  const at = (path: readonly PropertyKey[], message: string, offset?: number) => {
    const where = source === undefined ? { line: 1, col: 1 } : offset === undefined ? locatePath(source, path) : locateInScalar(source, path, offset);
    errors.push({ file, line: where.line, col: where.col, path: formatPath(path), message });
  };

  const configured = MECHANISMS.filter((m) => spec[m.key] !== undefined);
  const behaviours = spec.behaviours as { name: string; observedBy: string; list?: string; ratePerDay: number }[];
  const keys = new Set(configured.map((m) => m.key));
  behaviours.forEach((b, i) => {
    if (b.observedBy !== 'none' && !keys.has(b.observedBy)) {
      at(['behaviours', i, 'observedBy'], `behaviour "${b.name}" is observed by ${b.observedBy}, but the scenario has no ${b.observedBy} section`);
    }
  });

  const partial: Partial<Vocabulary> = {};
  for (const m of configured) {
    const contribution = m.vocabulary?.(spec[m.key]) ?? {};
    // status flags accumulate: sanctions first, then perks (registry order)
    if (contribution.statusFlags && partial.statusFlags) contribution.statusFlags = [...partial.statusFlags, ...contribution.statusFlags];
    Object.assign(partial, contribution);
  }
  const lists = partial.lists ?? [];
  const eventLists = behaviours.map((b, i) => {
    if (b.list === undefined) return -1;
    const index = lists.indexOf(b.list);
    if (index < 0) at(['behaviours', i, 'list'], `unknown list "${b.list}"; ${lists.length ? `lists are ${lists.join(', ')}` : 'records.lists defines none'}`);
    return index;
  });
  const sanctionNames = partial.sanctions ?? [];
  const perkNames = partial.perks ?? [];
  if (sanctionNames.length + perkNames.length > MAX_STATUSES) {
    at(['perks'], `at most ${MAX_STATUSES} sanctions and perks together; this scenario has ${sanctionNames.length} sanctions and ${perkNames.length} perks`);
  }
  const vocabulary: Vocabulary = {
    events: partial.events ?? [],
    eventObservers: partial.eventObservers ?? [],
    eventKinds: partial.eventKinds ?? [],
    eventLists,
    lists,
    sanctions: sanctionNames,
    perks: perkNames,
    statusFlags: partial.statusFlags ?? [],
    score: partial.score!,
  };
  const configs: Record<string, unknown> = Object.fromEntries(configured.map((m) => [m.key, spec[m.key]]));
  const groups = spec.population.groups.map((g) => g.name);
  const regionKinds = [...new Set(spec.population.regions.map((r) => r.kind))];
  const names: DomainNames = { events: vocabulary.events, groups, regionKinds, grades: vocabulary.score.grades, lists };
  const domains: Record<ConditionDomain, DomainDimension[]> = { agent: agentDimensions(names), event: eventDimensions(names) };

  const days = overrides.days ?? spec.days;
  let prefix: PropertyKey[] = [];
  const ctx: CompileContext = {
    vocabulary,
    configs,
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
    const dims = domains[domain];
    const result = tabulate(expr, { dims }, expect);
    if (result.ok) return result.value.table;
    for (const e of result.errors) at([...prefix, ...path], e.message, e.offset);
    const size = dims.map(sizeOf).reduce((a, b) => a * b, 1);
    return expect === 'bool' ? new Uint8Array(size) : new Float64Array(size);
  }

  const mechanisms = configured.map((m: Mechanism<any, any>) => {
    prefix = [m.key];
    return { key: m.key, plan: m.compile(spec[m.key], ctx) };
  });

  const counterNames: string[] = [...CORE_COUNTER_NAMES];
  const storeParts: Partial<Record<StoreName, StorePlan>> = {};
  for (const m of configured) {
    for (const name of m.counters?.(spec[m.key]) ?? []) if (!counterNames.includes(name)) counterNames.push(name);
    Object.assign(storeParts, m.stores?.(spec[m.key], days) ?? {});
  }
  const stores = STORES.map((name) => storeParts[name] ?? { from: 0, to: -1, share: 0, fields: 0 });

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
      eventsPerAgentDay: behaviours.reduce((n, b) => n + b.ratePerDay, 0),
      groups,
      regionKinds,
      regions: spec.population.regions.map((r) => ({ name: r.name, kind: regionKinds.indexOf(r.kind), camerasPer1000: r.camerasPer1000 })),
      householdSizeCumulative: Float64Array.from(sizes, (s) => (running += s) / total),
      elderHouseholdShare: spec.population.households.elderShare,
      employmentRate: spec.population.employmentRate,
      petShare: spec.population.petShare,
      vocabulary,
      counterNames,
      stores,
      mechanisms,
    },
  };
}
