// `scoresim run SCENARIO`: simulates a scenario, shows progress, writes summary.json and daily.csv,
// and prints the summary. Exit codes: 0 done, 1 invalid input, 2 refused for lack of memory.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadScenarioFile } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';
import { MAX_AGENTS, MAX_DAYS } from '../scenario/schema.ts';
import { AdmissionError, admit, defaultWorkers, simulate } from '../parallel/simulate.ts';
import { dailyCsv, summarise } from '../metrics/summary.ts';
import { partitionBlocks } from '../parallel/partition.ts';
import { byteSize, integerIn } from './options.ts';
import { createProgress } from './progress.ts';
import { summaryTable } from './table.ts';
import { version } from './version.ts';
import { hash2 } from '../engine/rng.ts';

interface RunOptions {
  agents?: number;
  days?: number;
  seed?: number;
  workers?: number;
  out?: string;
  json?: boolean;
  maxMemory?: number;
  trace?: number;
}

/** What `explain` and later tools need to find or replay a run: written as run.json. */
export interface RunRecord {
  scoresim: string;
  scenario: string;
  scenarioFile: string;
  scenarioSha256: string;
  scenarioText: string;
  seed: number;
  agents: number;
  days: number;
  workers: number;
  traced: number[];
}

/** K agents spread evenly over the population, each at a seed-dependent place in its stretch. */
export function sampleAgents(agents: number, k: number, seed: number): number[] {
  const n = Math.min(k, agents);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * agents) / n);
    const to = Math.floor(((i + 1) * agents) / n);
    out.push(from + (hash2(seed >>> 0, i) % Math.max(1, to - from)));
  }
  return out;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\..*$/, '').replace(/:/g, '-');
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario and write summary.json and daily.csv')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--agents <n>', 'population size (default: the scenario\'s)', integerIn(1, MAX_AGENTS))
    .option('--days <d>', 'days to simulate (default: the scenario\'s)', integerIn(1, MAX_DAYS))
    .option('--seed <s>', 'random seed (default: the scenario\'s)', integerIn(0, Number.MAX_SAFE_INTEGER))
    .option('--workers <w>', 'worker threads (default: the number of cores)', integerIn(1, 256))
    .option('--out <dir>', 'output folder (default: runs/<scenario>-<timestamp>/)')
    .option('--json', 'print summary.json on stdout instead of the table')
    .option('--max-memory <size>', 'memory the run may use, e.g. 8GiB (default: total memory less 1 GiB)', byteSize)
    .option('--trace <k>', 'follow K sampled agents and write their every event, record, gate attempt and sanction to trace.jsonl', integerIn(1, 100_000))
    .action(async (file: string, options: RunOptions) => {
      process.exitCode = await run(file, options);
    });
}

async function run(file: string, o: RunOptions): Promise<number> {
  const loaded = loadScenarioFile(file, { agents: o.agents, days: o.days, seed: o.seed });
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(formatLocatedError(e) + '\n');
    return 1;
  }
  const plan = loaded.plan;
  const workers = partitionBlocks(plan.layout.blocks, o.workers ?? defaultWorkers()).length;
  try {
    admit(plan.layout.agents, workers, o.maxMemory);
  } catch (e) {
    if (e instanceof AdmissionError) {
      process.stderr.write(`scoresim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const out = o.out ?? path.join('runs', `${plan.name}-${timestamp()}`);
  const traced = o.trace === undefined ? [] : sampleAgents(plan.layout.agents, o.trace, plan.seed);
  const progress = createProgress(plan.name, plan.days);
  const result = await simulate(plan, { workers, memoryLimit: o.maxMemory, trace: traced, onDay: (day, events) => progress.day(day, events) });
  progress.stop();
  const summary = summarise(plan, result.tally, result.workers, result.elapsedSeconds);
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(summary, null, 2) + '\n';
  writeFileSync(path.join(out, 'summary.json'), json);
  writeFileSync(path.join(out, 'daily.csv'), dailyCsv(plan, result.tally.counters));
  const text = readFileSync(file, 'utf8');
  const record: RunRecord = {
    scoresim: version(),
    scenario: plan.name,
    scenarioFile: path.resolve(file),
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    scenarioText: text,
    seed: plan.seed,
    agents: plan.layout.agents,
    days: plan.days,
    workers: result.workers,
    traced,
  };
  writeFileSync(path.join(out, 'run.json'), JSON.stringify(record, null, 2) + '\n');
  if (traced.length > 0) writeFileSync(path.join(out, 'trace.jsonl'), result.tally.trace.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (o.json) {
    process.stdout.write(json);
  } else {
    process.stdout.write(summaryTable(summary) + '\n');
    process.stdout.write(`wrote ${['summary.json', 'daily.csv', 'run.json', ...(traced.length ? ['trace.jsonl'] : [])].map((f) => path.join(out, f)).join(', ')}\n`);
    if (summary.wrongfullySanctioned.length > 0) {
      process.stdout.write(`wrongfully sanctioned, for example: agents ${summary.wrongfullySanctioned.slice(0, 5).join(', ')} (scoresim explain ${out} AGENT)\n`);
    }
  }
  return 0;
}
