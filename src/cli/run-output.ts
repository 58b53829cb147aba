// What a finished run leaves behind, for `run` and `compare` alike: summary.json, daily.csv,
// run.json, trace.jsonl, report.html and a row in the results store; and progress across replicates.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimulationPlan } from '../engine/plan.ts';
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import { replicatesCsv, type ReplicateResult } from '../parallel/replicates.ts';
import type { RunRecord } from '../results/run-record.ts';
import { openStore, StoreLockedError, type StoredRunInput } from '../results/store.ts';
import { createProgress, type Progress } from './progress.ts';
import { writeReport } from './report.ts';
import { version } from './version.ts';

export interface RunOutputs {
  out: string;
  /** the scenario file the run was loaded from */
  file: string;
  plan: SimulationPlan;
  results: ReplicateResult[];
  summary: ReplicatedSummary;
  traced: number[];
  startedAt: Date;
  elapsedSeconds: number;
  parameters: Record<string, unknown>;
  /** results store to save the run in; undefined: not saved */
  db?: string;
  report: boolean;
}

export interface Written {
  files: string[];
  json: string;
  stored?: string;
}

export async function writeRunOutputs(o: RunOutputs): Promise<Written> {
  mkdirSync(o.out, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const target = path.join(o.out, name);
    writeFileSync(target, text);
    files.push(target);
  };
  const json = JSON.stringify(o.summary, null, 2) + '\n';
  write('summary.json', json);
  write('daily.csv', replicatesCsv(o.results));
  const text = readFileSync(o.file, 'utf8');
  const record: RunRecord = {
    scoresim: version(),
    scenario: o.plan.name,
    scenarioFile: path.resolve(o.file),
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    scenarioText: text,
    seed: o.plan.seed,
    agents: o.plan.layout.agents,
    days: o.plan.days,
    workers: o.summary.workers,
    replicates: o.results.length,
    seeds: o.summary.seeds,
    traced: o.traced,
  };
  write('run.json', JSON.stringify(record, null, 2) + '\n');
  if (o.traced.length > 0) write('trace.jsonl', o.results[0].trace.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (o.report) files.push(await writeReport(o.out));
  const stored = o.db === undefined
    ? undefined
    : await storeRun(o.db, { record, summary: o.summary, results: o.results, startedAt: o.startedAt, elapsedSeconds: o.elapsedSeconds, parameters: o.parameters });
  return { files, json, stored };
}

/**
 * Saves a run in the results store, opened only for the save so that other processes can read it
 * the rest of the time. A store held by another process is reported, and the run's files stand.
 */
async function storeRun(db: string, input: StoredRunInput): Promise<string | undefined> {
  try {
    const store = await openStore(db);
    try {
      return await store.saveRun(input);
    } finally {
      await store.close();
    }
  } catch (e) {
    if (!(e instanceof StoreLockedError)) throw e;
    process.stderr.write(`scoresim: the run was not stored: ${e.message}\n`);
    return undefined;
  }
}

/**
 * One progress display for `runs` runs of `days` days each, however many run at once: its position
 * is the days all runs have finished. `day(run, day, events)` reports run `run`'s day.
 */
export function runsProgress(label: string, days: number, runs: number): { day: (run: number, day: number, events: number) => void; stop: () => void } {
  let display: Progress | undefined;
  const reached = new Int32Array(runs);
  let done = 0;
  return {
    day(run, day, events) {
      display ??= createProgress(label, days, process.stderr, runs);
      done += day - reached[run];
      reached[run] = day;
      display.day(done, events);
    },
    stop: () => display?.stop(),
  };
}
