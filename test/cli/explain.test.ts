// `scoresim explain`: tells a traced agent's story from trace.jsonl, and replays the run to follow
// an agent that was not traced, with the same result as tracing it in the first place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunSummary } from '../../src/metrics/summary.ts';

const root = new URL('../..', import.meta.url).pathname;
const cli = path.join(root, 'dist/cli/main.js');
let tmp = '';
let out = '';

const scoresim = (...args: string[]) => spawnSync(process.execPath, [cli, ...(args[0] === 'run' ? [...args, '--no-store'] : args)], { cwd: root, encoding: 'utf8' });

before(() => {
  if (!existsSync(cli)) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-explain-'));
  out = path.join(tmp, 'run');
  const ran = scoresim('run', 'scenarios/article-2019.yaml', '--agents', '70000', '--days', '200', '--trace', '30', '--workers', '2', '--out', out);
  assert.equal(ran.status, 0, ran.stderr);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('run --trace K writes run.json with the traced agents and trace.jsonl with a day-0 description and a final state for each', () => {
  const record = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { traced: number[]; seed: number; agents: number; scenarioText: string };
  assert.equal(record.traced.length, 30);
  assert.equal(record.agents, 70000);
  assert.match(record.scenarioText, /name: article-2019/);
  const entries = readFileSync(path.join(out, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { agent: number; kind: string; day: number });
  for (const agent of record.traced) {
    const own = entries.filter((e) => e.agent === agent);
    assert.equal(own[0].kind, 'agent', `agent ${agent} starts with its description`);
    assert.equal(own[own.length - 1].kind, 'final', `agent ${agent} ends with its final state`);
    const days = own.map((e) => e.day);
    assert.deepEqual(days, [...days].sort((a, b) => a - b), 'entries are in day order');
  }
  assert.ok(entries.every((e) => record.traced.includes(e.agent)), 'only traced agents appear');
});

test('explain of a wrongfully sanctioned agent names the wrongful sanction and the erroneous record behind it', () => {
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.ok(summary.wrongfullySanctioned.length > 0, 'the run has wrongfully sanctioned agents');
  const agent = summary.wrongfullySanctioned[0];
  const ran = scoresim('explain', out, String(agent));
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stderr, /replaying the run/);
  assert.match(ran.stdout, new RegExp(`^Agent ${agent}: `));
  assert.match(ran.stdout, /imposed — WRONGFUL/);
  assert.match(ran.stdout, /an error\)|by mistake|censor error/, 'the story says which record was an error');
  assert.match(ran.stdout, /This agent was wrongfully sanctioned during the run\./);
});

test('explaining a traced agent by replay gives the same story as its trace', () => {
  const record = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { traced: number[] };
  const agent = record.traced[7];
  const fromTrace = scoresim('explain', out, String(agent));
  assert.equal(fromTrace.status, 0, fromTrace.stderr);
  assert.doesNotMatch(fromTrace.stderr, /replaying/);
  const copy = path.join(tmp, 'copy');
  spawnSync('cp', ['-r', out, copy]);
  rmSync(path.join(copy, 'trace.jsonl'));
  const replayed = scoresim('explain', copy, String(agent));
  assert.equal(replayed.status, 0, replayed.stderr);
  assert.equal(replayed.stdout, fromTrace.stdout);
});

test('explain without an agent lists wrongfully sanctioned and traced agents; a bad agent or folder exits 1', () => {
  const list = scoresim('explain', out);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /wrongfully sanctioned agents \(first \d+\): \d+/);
  assert.match(list.stdout, /traced agents: \d+/);
  const bad = scoresim('explain', out, '70000');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /agent 70000 does not exist: the run has agents 0 to 69999/);
  const missing = scoresim('explain', path.join(tmp, 'nowhere'), '1');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /run\.json not found/);
});
