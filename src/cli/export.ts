// `scoresim export RUN_ID --parquet DIR [--db FILE]`: writes one stored run's tables as Parquet files.
import type { Command } from 'commander';
import { UnknownRunError } from '../results/store.ts';
import { DEFAULT_DB, openExistingStore } from './runs.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a stored run\'s tables (runs, daily, metrics, metric_intervals, traces) as Parquet files')
    .argument('<run-id>', 'a run id, as `scoresim runs` lists them')
    .requiredOption('--parquet <dir>', 'folder for the Parquet files (created if missing; files in it are replaced)')
    .option('--db <file>', 'results store (DuckDB file)', DEFAULT_DB)
    .action(async (id: string, options: { parquet: string; db: string }) => {
      process.exitCode = await exportRun(id, options.parquet, options.db);
    });
}

async function exportRun(id: string, dir: string, file: string): Promise<number> {
  const store = await openExistingStore(file);
  if (store === undefined) return 1;
  try {
    const files = await store.exportParquet(id, dir);
    process.stdout.write(`wrote ${files.join(', ')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UnknownRunError) {
      process.stderr.write(`scoresim: ${e.message}${e.newest.length > 0 ? ` (\`scoresim runs --db ${file}\` lists them all)` : ''}\n`);
      return 1;
    }
    throw e;
  } finally {
    await store.close();
  }
}
