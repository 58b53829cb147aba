// Specifies the HTML report on real runs: one file, every chart by its data-chart id, nothing that
// loads from anywhere, values with their intervals, the boundary statement, Methods and provenance;
// charts without data say so; `scoresim report` writes RUN_DIR/report.html and prints its path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_IDS, renderReport } from '../../src/report/html.ts';
import { withInterval } from '../../src/report/format.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { ReplicatedMetric, ReplicatedSummary } from '../../src/metrics/replicates.ts';
import type { RunRecord } from '../../src/results/run-record.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

let tmp = '';
const article = () => path.join(tmp, 'article');
const minimal = () => path.join(tmp, 'minimal');

function scoresim(...args: string[]): string {
  return execFileSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

interface Run { summary: ReplicatedSummary; dailyCsv: string; record: RunRecord }
function readRun(dir: string): Run {
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { summary: JSON.parse(read('summary.json')), dailyCsv: read('daily.csv'), record: JSON.parse(read('run.json')) };
}
function render(run: Run, band?: [number, number]): string {
  const loaded = loadScenarioText(run.record.scenarioText, run.record.scenarioFile);
  assert.ok(loaded.ok, 'the scenario in run.json loads');
  return renderReport({ ...run, spec: loaded.spec, band });
}

/** The markup of the figure with this data-chart id (figures do not nest figures with data-chart). */
function figure(html: string, id: string): string {
  const start = html.indexOf(`data-chart="${id}"`);
  assert.ok(start >= 0, `figure ${id} is present`);
  const end = html.indexOf('</figcaption>', start);
  return html.slice(html.lastIndexOf('<figure', start), end);
}

before(() => {
  if (!existsSync(MAIN)) execSync('npm run build', { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoresim-report-'));
  scoresim('run', 'scenarios/article-2019.yaml', '--agents', '30000', '--days', '320', '--replicates', '2', '--out', article());
  scoresim('run', 'scenarios/minimal.yaml', '--agents', '5000', '--days', '60', '--out', minimal());
});

after(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('report of article-2019 with 2 replicates', () => {
  let run: Run;
  let html = '';
  before(() => {
    run = readRun(article());
    html = render(run);
  });

  test('is one HTML document with inline CSS and no script', () => {
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.equal(html.match(/<\/html>/g)?.length, 1);
    assert.match(html, /<style>[^]*<\/style>/);
    assert.doesNotMatch(html, /<script|<link|<iframe|<img|<object|<embed/i);
  });

  test('refers to nothing outside itself: no URL, no src, no url(), no @import, in-page links only', () => {
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /\ssrc\s*=/i);
    assert.doesNotMatch(html, /url\s*\(/i);
    assert.doesNotMatch(html, /@import|@font-face/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) {
      assert.match(href, /^#/, `href ${href} stays in the page`);
      assert.ok(html.includes(`id="${href.slice(1)}"`), `href ${href} has a target`);
    }
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  test('has every chart as a figure with its data-chart id, an SVG and a caption', () => {
    for (const id of CHART_IDS) {
      assert.equal(html.split(`data-chart="${id}"`).length - 1, 1, `one figure ${id}`);
      const f = figure(html, id);
      assert.match(f, /<svg[^>]*data-plot/, `${id} has a chart`);
      assert.doesNotMatch(f, /data-empty/, `${id} is not empty`);
      assert.match(f, /<figcaption><strong>/, `${id} has a caption`);
    }
  });

  test('states the boundary: synthetic population, biometrics as probabilities, no link to enforcement', () => {
    assert.match(html, /Every person in this report is a synthetic agent/);
    assert.match(html, /Biometrics are probabilities/);
    assert.match(html, /No link to enforcement/);
    assert.match(figure(html, 'billboard'), /These are synthetic agents of the simulation, not real people/);
    assert.match(figure(html, 'billboard'), /SYNTHETIC AGENT #\d+/);
  });

  test('shows each key value with its 95 % interval', () => {
    const m = run.summary.metrics.sanctionRate as ReplicatedMetric;
    const overall = withInterval(m.overall, m);
    assert.match(overall, /^\S+ \[\S+, \S+\]$/);
    assert.ok(html.includes(`<td class="num">${overall}</td>`), `sanction rate ${overall} is in the table`);
    for (const g of ['majority', 'minority']) assert.ok(html.includes(withInterval(m.byGroup[g], m.byGroupInterval[g])));
    const di = run.summary.disparateImpactInterval!.sanctionRate;
    assert.ok(html.includes(withInterval(run.summary.disparateImpact.sanctionRate, di)));
    assert.match(html, /mean \[95 % confidence interval\] over 2 replicates/);
  });

  test('marks disparate-impact ratios outside the band, and the band follows --band', () => {
    const outside = Object.entries(run.summary.disparateImpact).filter(([, v]) => v < 0.8).length;
    assert.ok(outside > 0, 'the article scenario has a ratio below 0.8');
    assert.equal(figure(html, 'disparate-impact').split('outside the band</strong>').length - 1, outside);
    const narrow = render(run, [0.999, 1.001]);
    const shown = Object.keys(run.summary.disparateImpact).filter((k) => run.summary.metrics[k].overall > 0).length;
    assert.equal(figure(narrow, 'disparate-impact').split('outside the band</strong>').length - 1, shown);
    assert.match(narrow, /band 0\.999 to 1\.00/);
  });

  test('has a Methods section from the scenario and the run, and provenance', () => {
    const methods = html.slice(html.indexOf('<section id="methods">'), html.indexOf('<section id="provenance">'));
    assert.match(methods, /30,000 synthetic agents \(the scenario declares 1,000,000; this run used --agents\)/);
    assert.match(methods, /<th scope="row">days simulated<\/th><td>320/);
    assert.match(methods, /<th scope="row">seed<\/th><td>2019<\/td>/);
    assert.match(methods, new RegExp(`2, with seeds ${run.record.seeds.join(', ')}`));
    for (const key of ['behaviours', 'adaptation', 'cameras', 'monitoring', 'registry', 'records', 'scoring', 'gates', 'breach', 'sanctions', 'perks']) {
      assert.match(methods, new RegExp(`data-mechanism="${key}"`), `mechanism ${key} is described`);
    }
    assert.match(methods, /<th scope="row">tpir<\/th><td>0\.89<\/td>/);
    assert.ok(html.includes(run.record.scenarioSha256));
    assert.ok(html.includes(`<code>${run.record.scoresim}</code>`));
  });
});

describe('report of a scenario without gates, speech, breach or billboards', () => {
  test('says in a sentence why a chart has no data instead of drawing an empty plot', () => {
    const html = render(readRun(minimal()));
    const sentences: Record<string, RegExp> = {
      'gate-outcomes': /configures no gates/,
      chilling: /no speech behaviours/,
      breach: /no data breach/,
      billboard: /No sanction in this scenario displays agents on a billboard/,
      spillover: /No sanction in this scenario has household effects/,
    };
    for (const [id, sentence] of Object.entries(sentences)) {
      const f = figure(html, id);
      assert.match(f, /data-empty/, `${id} is empty`);
      assert.match(f, /<p class="no-data">/);
      assert.match(f, sentence);
      assert.doesNotMatch(f, /<svg/);
    }
    for (const id of ['score-distribution', 'sanctions-over-time', 'wrongful-sanctions']) assert.match(figure(html, id), /<svg[^>]*data-plot/);
  });

  test('with one replicate shows values without intervals and says so', () => {
    const html = render(readRun(minimal()));
    assert.match(html, /one run: no intervals/);
    assert.match(html, /<th scope="row">replicates<\/th><td>1 \(no intervals\)/);
  });
});

describe('scoresim report', () => {
  test('writes RUN_DIR/report.html by default and prints its path', () => {
    const out = scoresim('report', article());
    assert.equal(out.trim(), path.join(article(), 'report.html'));
    assert.ok(readFileSync(out.trim(), 'utf8').includes('data-chart="billboard"'));
  });

  test('writes to --out with the --band given', () => {
    const file = path.join(tmp, 'narrow.html');
    assert.equal(scoresim('report', article(), '--out', file, '--band', '0.9,1.1').trim(), file);
    assert.match(readFileSync(file, 'utf8'), /band 0\.900 to 1\.100/);
  });

  test('refuses a folder that is not a run and a band that is not LO,HI, with exit code 1', () => {
    const missing = spawnSync(process.execPath, [MAIN, 'report', tmp], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /summary\.json not found: give a folder written by `scoresim run`/);
    const band = spawnSync(process.execPath, [MAIN, 'report', article(), '--band', '1.2,0.8'], { encoding: 'utf8' });
    assert.equal(band.status, 1);
    assert.match(band.stderr, /expected LO,HI with 0 < LO < 1 < HI/);
  });
});
