// `scoresim docs [--out DIR] [--check]`: writes the generated scenario reference and JSON Schema, or
// checks that the copies in DIR are current (exit 1 naming each stale file).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { scenarioReferenceMarkdown, scenarioSchemaJson } from '../scenario/reference.ts';

/** The generated documentation files: name within the docs folder and full text. */
export function generatedDocs(): { name: string; text: string }[] {
  return [
    { name: 'scenario-reference.md', text: scenarioReferenceMarkdown() },
    { name: 'scenario.schema.json', text: scenarioSchemaJson() },
  ];
}

/** Writes every generated file into `dir` (created if missing); returns the paths written. */
export function writeDocs(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return generatedDocs().map(({ name, text }) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** The paths in `dir` that are missing or differ from what `writeDocs(dir)` would write. */
export function staleDocs(dir: string): string[] {
  const stale: string[] = [];
  for (const { name, text } of generatedDocs()) {
    const path = join(dir, name);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) stale.push(path);
  }
  return stale;
}

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('write the scenario reference (Markdown) and the JSON Schema of scenario files, generated from the code')
    .option('--out <dir>', 'folder to write into', 'docs')
    .option('--check', 'write nothing; exit 1 naming each file in the folder that is missing or out of date')
    .action((options: { out: string; check?: boolean }) => {
      const command = options.out === 'docs' ? 'scoresim docs' : `scoresim docs --out ${options.out}`;
      if (options.check === true) {
        const stale = staleDocs(options.out);
        for (const path of stale) process.stderr.write(`${path} is missing or out of date; run: ${command}\n`);
        if (stale.length === 0) process.stdout.write(`${options.out}: generated docs are up to date\n`);
        process.exitCode = stale.length === 0 ? 0 : 1;
        return;
      }
      for (const path of writeDocs(options.out)) process.stdout.write(`wrote ${path}\n`);
    });
}
