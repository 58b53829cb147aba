// `scoresim schema`: prints the JSON Schema of scenario files.
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/schema.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: # yaml-language-server: $schema=...)')
    .action(() => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    });
}
