// Keeps docs/tutorial.md tied to working files: every scenario in docs/tutorial/ loads without a
// problem, the tutorial names each of them (and no missing one), and every YAML block it shows is
// one of those files in full or an excerpt of one, so the text cannot drift from what runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { formatLocatedError } from '../../src/scenario/locate.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDER = join(ROOT, 'docs', 'tutorial');
const TUTORIAL = readFileSync(join(ROOT, 'docs', 'tutorial.md'), 'utf8');

/** The scenario files of the tutorial, by name, with their text (line endings normalised). */
const FILES = new Map(
  readdirSync(FOLDER).filter((f) => f.endsWith('.yaml')).sort().map((f) => [f, readFileSync(join(FOLDER, f), 'utf8').replace(/\r\n/g, '\n')]),
);

interface Block {
  info: string;
  lines: string[];
  /** line number of the opening fence in docs/tutorial.md */
  line: number;
}

/** The fenced code blocks of a Markdown text. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: { fence: string; block: Block } | undefined;
  markdown.replace(/\r\n/g, '\n').split('\n').forEach((text, i) => {
    if (open === undefined) {
      const m = /^(`{3,})\s*(.*)$/.exec(text);
      if (m) open = { fence: m[1], block: { info: m[2].trim(), lines: [], line: i + 1 } };
    } else if (text.trim() === open.fence) {
      blocks.push(open.block);
      open = undefined;
    } else {
      open.block.lines.push(text);
    }
  });
  assert.equal(open, undefined, `docs/tutorial.md: the code block opened on line ${open?.block.line} is never closed`);
  return blocks;
}

/** A block that shows a whole scenario file rather than the part a step adds. */
const isCompleteFile = (b: Block) => /^(name:|# yaml-language-server:)/.test(b.lines[0] ?? '');

/** Whether `lines` occur, in order and next to each other, in `text` (trailing blanks ignored). */
function containsRun(text: string, lines: string[]): boolean {
  const hay = text.split('\n').map((l) => l.trimEnd());
  const needle = lines.map((l) => l.trimEnd());
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((l, k) => hay[i + k] === l)) return true;
  }
  return false;
}

test('every scenario file in docs/tutorial loads without a problem', () => {
  assert.ok(FILES.has('town.yaml'), 'docs/tutorial/town.yaml, the finished scenario, exists');
  for (const [name, text] of FILES) {
    const loaded = loadScenarioText(text, `docs/tutorial/${name}`);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.map(formatLocatedError).join('\n'));
  }
});

test('the tutorial names every file in docs/tutorial, and every file it names exists', () => {
  const named = new Set([...TUTORIAL.matchAll(/(?:^|[\s(`/])tutorial\/([A-Za-z0-9_.-]+\.yaml)/g)].map((m) => m[1]));
  const missing = [...named].filter((f) => !FILES.has(f));
  const unnamed = [...FILES.keys()].filter((f) => !named.has(f));
  assert.deepEqual(missing, [], 'files the tutorial names that docs/tutorial/ lacks');
  assert.deepEqual(unnamed, [], 'files in docs/tutorial/ the tutorial never names');
});

test('every YAML block in the tutorial is a tutorial file in full or an excerpt of one', () => {
  const yaml = fencedBlocks(TUTORIAL).filter((b) => b.info === 'yaml');
  assert.ok(yaml.length >= 6, 'the tutorial shows the YAML of each step');
  const shownInFull = new Set<string>();
  for (const block of yaml) {
    const body = block.lines.join('\n') + '\n';
    if (isCompleteFile(block)) {
      const file = [...FILES].find(([, text]) => text === body)?.[0];
      assert.ok(file !== undefined, `docs/tutorial.md:${block.line}: this complete scenario is not, byte for byte, any file in docs/tutorial/`);
      shownInFull.add(file);
    } else {
      assert.ok(
        [...FILES.values()].some((text) => containsRun(text, block.lines)),
        `docs/tutorial.md:${block.line}: these lines appear in no file in docs/tutorial/:\n${body}`,
      );
    }
  }
  assert.ok(shownInFull.has('town.yaml'), 'the finished scenario, docs/tutorial/town.yaml, is shown in full');
});

test('the excerpt check catches a block that drifted from its file', () => {
  const town = FILES.get('town.yaml')!;
  assert.ok(containsRun(town, ['cameras:', '  detectionPerCamera: 0.002']));
  assert.ok(!containsRun(town, ['cameras:', '  detectionPerCamera: 0.003']));
  assert.ok(!containsRun(town, ['cameras:', '  targeting: { minority: 2 }']), 'lines must be adjacent');
});
