// Builders shared by the results tests: a real run of scenarios/minimal.yaml (20,000 agents × 30 days)
// with its record, as `scoresim run` would hand it to the store.
import { createHash } from 'node:crypto';
import { compile, scenarioText } from '../helpers.ts';
import { runReplicates, type ReplicateResult } from '../../src/parallel/replicates.ts';
import type { ReplicatedSummary } from '../../src/metrics/replicates.ts';
import type { RunRecord } from '../../src/results/run-record.ts';
import type { StoredRunInput } from '../../src/results/store.ts';

export interface TinyRun {
  record: RunRecord;
  summary: ReplicatedSummary;
  results: ReplicateResult[];
}

/** minimal.yaml at 20,000 agents × 30 days, `replicates` replicates, following 40 agents (replicate 0) unless told not to. */
export async function tinyRun(replicates: number, seed = 1, trace = true): Promise<TinyRun> {
  const text = scenarioText('minimal');
  const { plan } = compile(text, { agents: 20_000, days: 30, seed });
  const traced = trace ? Array.from({ length: 40 }, (_, i) => i * 500 + 7) : [];
  const { results, summary } = await runReplicates(plan, { replicates, workers: 1, trace: traced });
  const record: RunRecord = {
    scoresim: '0.0.0-test',
    scenario: plan.name,
    scenarioFile: 'scenarios/minimal.yaml',
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    scenarioText: text,
    seed: plan.seed,
    agents: plan.layout.agents,
    days: plan.days,
    workers: summary.workers,
    replicates,
    seeds: summary.seeds,
    traced,
  };
  return { record, summary, results };
}

/** The run as saveRun's input, started at `startedAt`. */
export function inputOf(run: TinyRun, startedAt: Date): StoredRunInput {
  return { ...run, startedAt, elapsedSeconds: 0.25, parameters: { agents: 20_000, days: 30, replicates: run.record.replicates } };
}
