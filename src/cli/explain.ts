// `scoresim explain RUN_DIR [AGENT]`: tells one agent's story from the run's trace, replaying the
// run (same scenario, size and seed: the same bytes) to follow the agent when it was not traced.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { TraceEntry } from '../engine/trace.ts';
import { simulate } from '../parallel/simulate.ts';
import { explainAgent } from '../report/explain.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';
import type { RunSummary } from '../metrics/summary.ts';
import type { RunRecord } from '../results/run-record.ts';
import { integerIn } from './options.ts';

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('tell one agent\'s story from a run: what it did, what was recorded against it and why, its scores and sanctions')
    .argument('<run-dir>', 'a folder written by `scoresim run`')
    .argument('[agent]', 'agent number (without it: list agents worth explaining)', integerIn(0, Number.MAX_SAFE_INTEGER))
    .action(async (dir: string, agent: number | undefined) => {
      process.exitCode = await explain(dir, agent);
    });
}

async function explain(dir: string, agent: number | undefined): Promise<number> {
  const record = readJson<RunRecord>(path.join(dir, 'run.json'));
  if (record === undefined) {
    process.stderr.write(`scoresim: ${path.join(dir, 'run.json')} not found: give a folder written by \`scoresim run\`\n`);
    return 1;
  }
  const summary = readJson<RunSummary>(path.join(dir, 'summary.json'));
  if (agent === undefined) {
    const wrongful = summary?.wrongfullySanctioned ?? [];
    process.stdout.write(`${record.scenario}: ${record.agents.toLocaleString('en-US')} agents, seed ${record.seed}\n`);
    process.stdout.write(wrongful.length ? `wrongfully sanctioned agents (first ${wrongful.length}): ${wrongful.join(', ')}\n` : 'no agent was wrongfully sanctioned\n');
    if (record.traced.length) process.stdout.write(`traced agents: ${record.traced.slice(0, 20).join(', ')}${record.traced.length > 20 ? ', …' : ''}\n`);
    process.stdout.write(`explain one with: scoresim explain ${dir} AGENT\n`);
    return 0;
  }
  if (agent >= record.agents) {
    process.stderr.write(`scoresim: agent ${agent} does not exist: the run has agents 0 to ${record.agents - 1}\n`);
    return 1;
  }
  let entries: TraceEntry[] = [];
  const tracePath = path.join(dir, 'trace.jsonl');
  if (record.traced.includes(agent) && existsSync(tracePath)) {
    entries = readFileSync(tracePath, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as TraceEntry);
  } else {
    const loaded = loadScenarioText(record.scenarioText, record.scenarioFile, { agents: record.agents, days: record.days, seed: record.seed });
    if (!loaded.ok) {
      for (const e of loaded.errors) process.stderr.write(formatLocatedError(e) + '\n');
      return 1;
    }
    process.stderr.write(`agent ${agent} was not traced: replaying the run (same scenario and seed) to follow it…\n`);
    const result = await simulate(loaded.plan, { trace: [agent] });
    entries = result.tally.trace;
  }
  process.stdout.write(explainAgent(agent, entries) + '\n');
  return 0;
}
