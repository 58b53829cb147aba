// `scoresim validate FILE...`: checks scenario files and lists every problem, located.
import type { Command } from 'commander';
import { loadScenarioFile } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario files; exit 0 when all are valid, 1 listing every problem as FILE:LINE:COL: key.path: message')
    .argument('<files...>', 'scenario files (YAML)')
    .action((files: string[]) => {
      let failed = false;
      for (const file of files) {
        const result = loadScenarioFile(file);
        if (result.ok) {
          process.stdout.write(`${file}: ok\n`);
        } else {
          failed = true;
          for (const e of result.errors) process.stderr.write(formatLocatedError(e) + '\n');
        }
      }
      process.exitCode = failed ? 1 : 0;
    });
}
