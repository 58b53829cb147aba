// Small builders shared by tests: scenario texts, loading without a file, and running a plan.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../src/scenario/load.ts';
import type { RunOverrides } from '../src/scenario/compile.ts';
import type { SimulationPlan } from '../src/engine/plan.ts';
import { simulate } from '../src/parallel/simulate.ts';
import { summarise, dailyCsv, type RunSummary } from '../src/metrics/summary.ts';
import type { ScenarioSpec } from '../src/scenario/schema.ts';

export const scenarioPath = (name: string) => new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname;
export const scenarioText = (name: string) => readFileSync(scenarioPath(name), 'utf8');

export function compile(text: string, overrides: RunOverrides = {}): { plan: SimulationPlan; spec: ScenarioSpec } {
  const loaded = loadScenarioText(text, 'test.yaml', overrides);
  if (!loaded.ok) assert.fail(loaded.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return { plan: loaded.plan, spec: loaded.spec };
}

export interface RunOutput {
  summary: RunSummary;
  daily: string;
}

export async function runPlan(plan: SimulationPlan, workers = 1): Promise<RunOutput> {
  const result = await simulate(plan, { workers });
  return { summary: summarise(plan, result.tally, result.workers, result.elapsedSeconds), daily: dailyCsv(plan, result.tally.counters) };
}

/** The summary without the fields that legitimately differ between equivalent runs. */
export function comparable(s: RunSummary): string {
  const { elapsedSeconds: _e, workers: _w, ...rest } = s;
  return JSON.stringify(rest);
}

/** A scenario with one offence observed by cameras in one region, for analytic checks. */
export function oneOffence(o: { agents: number; days: number; rate: number; detection: number; tpir: number; fpir: number; recovery?: number; heterogeneity?: number }): string {
  return `
name: analytic
agents: ${o.agents}
days: ${o.days}
population:
  groups: [{ name: all, share: 1 }]
  households: { sizeShares: [0.3, 0.4, 0.3] }
  regions: [{ name: here, share: 1, camerasPer1000: 100 }]
behaviours:
  - { name: offence, kind: offence, ratePerDay: ${o.rate}, who: [child, adult, elder], heterogeneity: ${o.heterogeneity ?? 0}, observedBy: cameras }
cameras:
  detectionPerCamera: ${o.detection / 100}
  maxDetection: 1
  identification: { tpir: ${o.tpir}, fpir: ${o.fpir} }
scoring:
  base: 1000
  min: 0
  max: 2000
  grades: [{ name: A, min: 0 }]
  recovery: { pointsPerDay: ${o.recovery ?? 0} }
  rules: [{ when: 'event == "offence"', delta: -1 }]
`;
}
