#!/usr/bin/env node
// scoresim's command line: one subcommand per file in this folder.
import { Command } from 'commander';
import { registerRun } from './run.ts';
import { registerValidate } from './validate.ts';
import { registerSchema } from './schema.ts';
import { registerExplain } from './explain.ts';
import { registerCompare } from './compare.ts';
import { registerDocs } from './docs.ts';
import { registerReport } from './report.ts';
import { registerOdd } from './odd.ts';
import { registerRuns } from './runs.ts';
import { registerExport } from './export.ts';
import { version } from './version.ts';

const program = new Command()
  .name('scoresim')
  .description('Simulates social-scoring and surveillance regimes on synthetic populations and measures their harms.')
  .version(version())
  .showHelpAfterError();

registerRun(program);
registerValidate(program);
registerSchema(program);
registerExplain(program);
registerCompare(program);
registerDocs(program);
registerReport(program);
registerOdd(program);
registerRuns(program);
registerExport(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // anything that reaches here is scoresim's fault, not the user's: say so, with the details
  process.stderr.write(`scoresim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.stderr.write('scoresim: this is a bug; please report it with the command that caused it.\n');
  process.exitCode = 3;
}
