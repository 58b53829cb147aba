// `scoresim compare A.yaml B.yaml`: runs two scenarios on common random numbers and reports the
// paired difference of every metric with its 95 % interval, and which disparate-impact ratios fall
// outside the band.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadScenarioFile } from '../scenario/load.ts';
import { formatLocatedError } from '../scenario/locate.ts';
import { MAX_AGENTS, MAX_DAYS } from '../scenario/schema.ts';
import { workersFor } from '../parallel/simulate.ts';
import { comparePlans, type Comparison } from '../parallel/compare.ts';
import { admitted, byteSize, integerIn, parseBand, withinMemory, WORKERS_HELP } from './options.ts';
import { DEFAULT_BAND } from '../metrics/statistics.ts';
import { runsProgress, writeRunOutputs } from './run-output.ts';
import { DEFAULT_DB } from './runs.ts';

interface CompareOptions {
  replicates: number;
  agents?: number;
  days?: number;
  seed?: number;
  workers?: number;
  band: [number, number];
  out?: string;
  json?: boolean;
  independent?: boolean;
  maxMemory?: number;
  db: string;
  store: boolean;
  report: boolean;
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(1) : a >= 1 ? x.toFixed(3) : x.toPrecision(3);
}

export function comparisonTable(c: Comparison): string {
  const rows = Object.entries(c.metrics).map(([name, m]) => [
    name, fmt(m.a.mean), fmt(m.b.mean),
    `${fmt(m.difference.mean)} [${fmt(m.difference.ciLow)}, ${fmt(m.difference.ciHigh)}]`,
  ]);
  const header = ['metric', `A: ${c.a}`, `B: ${c.b}`, 'B − A [95 % CI]'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const di: string[] = [];
  for (const [label, checks] of [['A', c.disparateImpact.a], ['B', c.disparateImpact.b]] as const) {
    for (const [k, v] of Object.entries(checks)) {
      if (v.outside || v.shareOutside > 0) di.push(`  ${label} ${k}: ${fmt(v.mean)} [${fmt(v.ciLow)}, ${fmt(v.ciHigh)}]${v.outside ? ' — outside the band' : ''} (${Math.round(v.shareOutside * 100)} % of replicates outside)`);
    }
  }
  return [
    `${c.a} vs ${c.b}: ${c.agents.toLocaleString('en-US')} agents × ${c.days} days, ${c.replicates} paired replicate${c.replicates === 1 ? '' : 's'} (${c.pairing} random numbers)`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `disparate-impact ratios against the band ${c.band[0]}–${c.band[1]} (see docs/metrics.md on where it comes from):`,
    ...(di.length ? di : ['  every ratio of both scenarios lies within the band in every replicate']),
  ].join('\n');
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run two scenarios on common random numbers and report the paired difference of every metric with its 95 % interval')
    .argument('<a>', 'first scenario (A, e.g. the baseline)')
    .argument('<b>', 'second scenario (B)')
    .option('--replicates <r>', 'paired replicates', integerIn(1, 1000), 5)
    .option('--agents <n>', 'population size for both (default: A\'s)', integerIn(1, MAX_AGENTS))
    .option('--days <d>', 'days for both (default: A\'s)', integerIn(1, MAX_DAYS))
    .option('--seed <s>', 'seed of the first replicate (default: A\'s)', integerIn(0, Number.MAX_SAFE_INTEGER))
    .option('--workers <w>', WORKERS_HELP, integerIn(1, 256))
    .addOption(new Option('--band <lo,hi>', 'band for disparate-impact ratios').argParser(parseBand).default(DEFAULT_BAND, '0.8,1.25'))
    .option('--independent', 'run B on other seeds than A (no pairing), to see what common random numbers buy')
    .option('--out <dir>', 'output folder (default: runs/compare-<A>-<B>-<timestamp>/)')
    .option('--json', 'print compare.json on stdout instead of the table')
    .option('--max-memory <size>', 'memory a run may use, e.g. 8GiB', byteSize)
    .option('--db <file>', 'results store both runs are saved in', DEFAULT_DB)
    .option('--no-store', 'do not save the runs in the results store')
    .option('--no-report', 'do not write a report.html for each side')
    .action(async (a: string, b: string, options: CompareOptions) => {
      process.exitCode = await compare(a, b, options);
    });
}

async function compare(aFile: string, bFile: string, o: CompareOptions): Promise<number> {
  const requested = { agents: o.agents, days: o.days, seed: o.seed };
  const a = loadScenarioFile(aFile, requested);
  // B runs at A's size, length and seed, so the two share their random numbers
  const bLoaded = loadScenarioFile(bFile, a.ok ? { agents: a.plan.layout.agents, days: a.plan.days, seed: a.plan.seed } : requested);
  if (!a.ok || !bLoaded.ok) {
    for (const e of [...(a.ok ? [] : a.errors), ...(bLoaded.ok ? [] : bLoaded.errors)]) process.stderr.write(formatLocatedError(e) + '\n');
    return 1;
  }
  const aPlan = a.plan;
  const workers = workersFor(aPlan, o.workers);
  if (!admitted(aPlan.layout.agents, workers, o.maxMemory)) return 2;
  const bPlan = bLoaded.plan;
  // what decides the random draws of the population and of behaviour (not how behaviour is observed)
  type Drawn = { name: string; ratePerDay: number; who: string[]; heterogeneity: number };
  const draws = (spec: typeof a.spec) => (spec.behaviours as Drawn[]).map((x) => [x.name, x.ratePerDay, x.who, x.heterogeneity]);
  const differs = (key: 'population' | 'behaviours') =>
    JSON.stringify(key === 'population' ? a.spec.population : draws(a.spec)) !== JSON.stringify(key === 'population' ? bLoaded.spec.population : draws(bLoaded.spec));
  if (differs('population')) {
    process.stderr.write('scoresim: note: the two scenarios describe different populations, so they do not share agents: the comparison is paired by seed only, and common random numbers narrow the intervals much less.\n');
  } else if (differs('behaviours')) {
    process.stderr.write('scoresim: note: the scenarios\' behaviours differ, so agents draw different behaviour where they differ; common random numbers apply where they agree.\n');
  }
  const stamp = new Date().toISOString().replace(/\..*$/, '').replace(/:/g, '-');
  const out = o.out ?? path.join('runs', `compare-${aPlan.name}-${bPlan.name}-${stamp}`);
  const startedAt = new Date();
  const started = performance.now();
  const R = o.replicates;
  const progress = runsProgress(`${aPlan.name} vs ${bPlan.name} (${R} paired replicate${R === 1 ? '' : 's'})`, aPlan.days, 2 * R);
  const paired = await withinMemory(() => comparePlans(aPlan, bPlan, {
    replicates: R, band: o.band, independent: o.independent, workers, memoryLimit: o.maxMemory,
    onDay: (label, r, day, events) => progress.day(label === 'A' ? r : R + r, day, events),
  }), () => progress.stop());
  if (paired === undefined) return 2;
  progress.stop();
  const elapsedSeconds = (performance.now() - started) / 1000;
  // each side is a run folder like `scoresim run` writes, with its report and a row in the store
  const sides: string[] = [];
  for (const [label, file, plan, side] of [['A', aFile, aPlan, paired.a], ['B', bFile, { ...bPlan, seed: paired.b.summary.seeds[0] }, paired.b]] as const) {
    const dir = path.join(out, `${label}-${plan.name}`);
    const written = await writeRunOutputs({
      out: dir, file, plan, results: side.results, summary: side.summary, traced: [], startedAt, elapsedSeconds,
      parameters: { compare: { a: aPlan.name, b: bPlan.name, replicates: o.replicates, pairing: paired.comparison.pairing } },
      db: o.store ? o.db : undefined, report: o.report,
    });
    sides.push(`${label}: ${dir}${written.stored ? ` (stored as ${written.stored})` : ''}`);
  }
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(paired.comparison, null, 2) + '\n';
  writeFileSync(path.join(out, 'compare.json'), json);
  if (o.json) process.stdout.write(json);
  else process.stdout.write(`${comparisonTable(paired.comparison)}\nwrote ${path.join(out, 'compare.json')}\n${sides.join('\n')}\n`);
  return 0;
}
