// `scoresim report RUN_DIR [--out FILE] [--band LO,HI]`: writes the run's self-contained HTML report
// (RUN_DIR/report.html by default) and prints its path. Exit codes: 0 written, 1 unreadable run folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import type { RunRecord } from '../results/run-record.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { DEFAULT_BAND } from '../metrics/statistics.ts';
import { parseBand } from './options.ts';

interface ReportOptions {
  out?: string;
  band?: [number, number];
}

/** A problem with the run folder, said in words for the user. */
export class RunFolderError extends Error {}

function readRunFile(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new RunFolderError(`${file} not found: give a folder written by \`scoresim run\``);
  return readFileSync(file, 'utf8');
}

/**
 * Renders the report of the run in runDir and writes it to `out` (default runDir/report.html);
 * returns the path written. Throws RunFolderError when summary.json, daily.csv or run.json is missing.
 * The charting modules load only here, so commands that draw nothing do not pay for them.
 */
export async function writeReport(runDir: string, band: [number, number] = DEFAULT_BAND, out = path.join(runDir, 'report.html')): Promise<string> {
  const { renderReport } = await import('../report/html.ts');
  const summary = JSON.parse(readRunFile(runDir, 'summary.json')) as ReplicatedSummary;
  const dailyCsv = readRunFile(runDir, 'daily.csv');
  const record = JSON.parse(readRunFile(runDir, 'run.json')) as RunRecord;
  // a run written before replicates existed has no replicate fields
  summary.replicates ??= 1;
  summary.seeds ??= [summary.seed];
  record.replicates ??= 1;
  record.seeds ??= [record.seed];
  const loaded = loadScenarioText(record.scenarioText ?? '', record.scenarioFile ?? 'scenario.yaml', { agents: record.agents, days: record.days, seed: record.seed });
  const html = renderReport({ summary, dailyCsv, record, spec: loaded.ok ? loaded.spec : undefined, band });
  writeFileSync(out, html);
  return out;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report of a run (charts, key findings with intervals, methods)')
    .argument('<run-dir>', 'a folder written by `scoresim run`')
    .option('--out <file>', 'where to write the report (default: RUN_DIR/report.html)')
    .option('--band <lo,hi>', 'disparate-impact ratios inside this band are read as parity (default: 0.8,1.25)', parseBand)
    .action(async (dir: string, options: ReportOptions) => {
      process.exitCode = await report(dir, options);
    });
}

async function report(dir: string, o: ReportOptions): Promise<number> {
  try {
    process.stdout.write(`${await writeReport(dir, o.band, o.out)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof RunFolderError) && !(e instanceof SyntaxError)) throw e;
    process.stderr.write(`scoresim: ${e.message}\n`);
    return 1;
  }
}
