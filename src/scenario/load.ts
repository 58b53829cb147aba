// Loads a scenario file: YAML → schema validation → compiled plan, or every problem located.
import { readFileSync } from 'node:fs';
import type { SimulationPlan } from '../engine/plan.ts';
import { compileScenario, type RunOverrides } from './compile.ts';
import { scenarioSchema, type ScenarioSpec } from './schema.ts';
import { loadYaml, type LocatedError, type YamlSource } from './yaml-load.ts';

export type LoadResult =
  | { ok: true; plan: SimulationPlan; spec: ScenarioSpec; source: YamlSource }
  | { ok: false; errors: LocatedError[] };

export function loadScenarioText(text: string, file: string, overrides: RunOverrides = {}): LoadResult {
  const loaded = loadYaml(text, file, scenarioSchema);
  if (!loaded.ok) return loaded;
  const spec = loaded.value as ScenarioSpec;
  const compiled = compileScenario(spec, loaded.source, overrides);
  if (!compiled.ok) return compiled;
  return { ok: true, plan: compiled.plan, spec, source: loaded.source };
}

export function loadScenarioFile(file: string, overrides: RunOverrides = {}): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: `cannot read the scenario: ${reason}` }] };
  }
  return loadScenarioText(text, file, overrides);
}
