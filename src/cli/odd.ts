// `scoresim odd SCENARIO [--out FILE]`: writes the scenario's ODD description (Markdown) to stdout or
// FILE; a scenario with problems lists each, located, and exits 1.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadScenarioFile } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';
import { oddMarkdown } from '../scenario/odd.ts';

export function registerOdd(program: Command): void {
  program
    .command('odd')
    .description('write the scenario\'s ODD protocol description (Grimm et al. 2020) as Markdown, generated from the scenario and the code')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .action((file: string, options: { out?: string }) => {
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) {
        for (const e of loaded.errors) process.stderr.write(formatLocatedError(e) + '\n');
        process.exitCode = 1;
        return;
      }
      const text = oddMarkdown({ spec: loaded.spec, plan: loaded.plan, source: { file, text: loaded.source.text } });
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(options.out, text);
      process.stdout.write(`wrote ${options.out}\n`);
    });
}
