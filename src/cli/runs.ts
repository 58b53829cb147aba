// `scoresim runs [--db FILE]`: lists the runs stored in a results store, newest first.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore, StoreLockedError, type ResultsStore, type RunRow } from '../results/store.ts';

/** Where `scoresim run` stores runs unless told otherwise. */
export const DEFAULT_DB = 'runs/scoresim.duckdb';

/**
 * Opens an existing store for a command, or prints why not (missing file, locked) and returns
 * undefined.
 */
export async function openExistingStore(file: string): Promise<ResultsStore | undefined> {
  if (!existsSync(file)) {
    process.stderr.write(`scoresim: no results store at ${file}: runs are stored there by \`scoresim run\`; give another one with --db FILE\n`);
    return undefined;
  }
  try {
    return await openStore(file);
  } catch (e) {
    if (e instanceof StoreLockedError) {
      process.stderr.write(`scoresim: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}

/** The runs as an aligned text table. */
export function runsTable(rows: readonly RunRow[]): string {
  const header = ['id', 'scenario', 'agents', 'days', 'seed', 'replicates', 'started (UTC)', 'elapsed s', 'scoresim'];
  const cells = rows.map((r) => [
    r.id, r.scenario, r.agents.toLocaleString('en-US'), String(r.days), String(r.seed), String(r.replicates),
    r.startedAt.slice(0, 19).replace('T', ' '), r.elapsedSeconds.toFixed(2), r.scoresimVersion,
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const left = new Set([0, 1, 6, 8]);
  const line = (r: string[]) => r.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list the runs stored in a results store, newest first')
    .option('--db <file>', 'results store (DuckDB file)', DEFAULT_DB)
    .option('--json', 'print the list as JSON')
    .action(async (options: { db: string; json?: boolean }) => {
      process.exitCode = await listRuns(options.db, options.json === true);
    });
}

async function listRuns(file: string, json: boolean): Promise<number> {
  const store = await openExistingStore(file);
  if (store === undefined) return 1;
  try {
    const rows = await store.listRuns();
    if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (rows.length === 0) process.stdout.write(`${file} holds no runs yet\n`);
    else process.stdout.write(`${runsTable(rows)}\n${rows.length} run${rows.length === 1 ? '' : 's'} in ${file}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
