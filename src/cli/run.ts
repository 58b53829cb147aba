// `scoresim run SCENARIO`: simulates a scenario, shows progress, writes summary.json and daily.csv,
// and prints the summary. Exit codes: 0 done, 1 invalid input, 2 refused for lack of memory.
import path from 'node:path';
import type { Command } from 'commander';
import { loadScenarioFile } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';
import { MAX_AGENTS, MAX_DAYS } from '../scenario/schema.ts';
import { workersFor } from '../parallel/simulate.ts';
import { runReplicates } from '../parallel/replicates.ts';
import { runsProgress, writeRunOutputs } from './run-output.ts';
import { admitted, byteSize, integerIn, withinMemory, WORKERS_HELP } from './options.ts';
import { summaryTable } from './table.ts';
import { DEFAULT_DB } from './runs.ts';
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
  replicates?: number;
  db: string;
  store: boolean;
  report: boolean;
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
    .option('--workers <w>', WORKERS_HELP, integerIn(1, 256))
    .option('--out <dir>', 'output folder (default: runs/<scenario>-<timestamp>/)')
    .option('--json', 'print summary.json on stdout instead of the table')
    .option('--max-memory <size>', 'memory the run may use, e.g. 8GiB (default: total memory less 1 GiB)', byteSize)
    .option('--replicates <r>', 'run R replicates with seeds derived from the seed, several at once where cores are idle; report means with 95 % confidence intervals', integerIn(1, 1000))
    .option('--db <file>', 'results store the run is saved in', DEFAULT_DB)
    .option('--no-store', 'do not save the run in the results store')
    .option('--no-report', 'do not write report.html')
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
  const workers = workersFor(plan, o.workers);
  if (!admitted(plan.layout.agents, workers, o.maxMemory)) return 2;
  const out = o.out ?? path.join('runs', `${plan.name}-${timestamp()}`);
  const traced = o.trace === undefined ? [] : sampleAgents(plan.layout.agents, o.trace, plan.seed);
  const replicates = o.replicates ?? 1;
  const startedAt = new Date();
  const started = performance.now();
  const progress = runsProgress(replicates > 1 ? `${plan.name} (${replicates} replicates)` : plan.name, plan.days, replicates);
  const outcome = await withinMemory(
    () => runReplicates(plan, { replicates, workers, memoryLimit: o.maxMemory, trace: traced, onDay: progress.day }),
    () => progress.stop(),
  );
  if (outcome === undefined) return 2;
  const { results, summary } = outcome;
  progress.stop();
  const written = await writeRunOutputs({
    out, file, plan, results, summary, traced, startedAt,
    elapsedSeconds: (performance.now() - started) / 1000,
    parameters: parametersOf(o),
    db: o.store ? o.db : undefined,
    report: o.report,
  });
  const json = written.json;
  if (o.json) {
    process.stdout.write(json);
  } else {
    process.stdout.write(summaryTable(summary) + '\n');
    process.stdout.write(`wrote ${written.files.join(', ')}\n`);
    if (written.stored !== undefined) process.stdout.write(`stored as ${written.stored} in ${o.db}\n`);
    if (summary.wrongfullySanctioned.length > 0) {
      process.stdout.write(`wrongfully sanctioned, for example: agents ${summary.wrongfullySanctioned.slice(0, 5).join(', ')} (scoresim explain ${out} AGENT)\n`);
    }
  }
  return 0;
}

/** The options a run was started with, as stored beside it. */
function parametersOf(o: RunOptions): Record<string, unknown> {
  const { db: _db, store: _store, report: _report, json: _json, out: _out, ...rest } = o;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
