// scoresim itself as a peer: runs bench/core-model.yaml through the library, like bench/child.mjs.
// Usage: node bench/peers/js/scoresim.mjs --agents N --days D --seed S [--workers W] [--scenario FILE] [--rate R]
// --rate replaces the core model's daily offence rate (bench/growth.mjs uses it to vary the event rate).
// Timed from loading the scenario to the summary (population, days, tally, workers' start-up included).
import { readFileSync } from 'node:fs';
import { loadScenarioFile, loadScenarioText } from '../../../dist/scenario/load.js';
import { simulate } from '../../../dist/parallel/simulate.js';
import { summarise } from '../../../dist/metrics/summary.js';
import { parseArgs, report } from './cli.mjs';

const args = parseArgs();
const workers = args.workers ?? 1;
const scenario = args.scenario ?? new URL('../../core-model.yaml', import.meta.url).pathname;

const started = performance.now();
const overrides = { agents: args.agents, days: args.days, seed: args.seed };
let loaded;
if (args.rate === undefined) loaded = loadScenarioFile(scenario, overrides);
else {
  const text = readFileSync(scenario, 'utf8');
  const changed = text.replace(/^(\s*ratePerDay:\s*)[0-9.e-]+/m, `$1${Number(args.rate)}`);
  if (changed === text && !/ratePerDay:\s*[0-9.e-]+/.test(text)) throw new Error(`${scenario}: no ratePerDay to replace`);
  loaded = loadScenarioText(changed, scenario, overrides);
}
if (!loaded.ok) {
  for (const e of loaded.errors) console.error(`${e.file}:${e.line}:${e.col} ${e.path} ${e.message}`);
  process.exit(1);
}
const result = await simulate(loaded.plan, { workers });
const summary = summarise(loaded.plan, result.tally, result.workers, result.elapsedSeconds);
const elapsedSeconds = (performance.now() - started) / 1000;

const m = summary.metrics;
// the spread of the final recorded score, from the histogram, for the harness's agreement check
const h = summary.scoreHistogram;
let n = 0;
let sum = 0;
let squares = 0;
for (const counts of Object.values(h.recorded)) {
  counts.forEach((c, k) => {
    const s = h.min + k;
    n += c;
    sum += c * s;
    squares += c * s * s;
  });
}
const mean = sum / n;

report(`scoresim-${workers}w`, args, elapsedSeconds, {
  eventsPerAgent: m.eventsPerAgent.overall,
  recordedEventsPerAgent: m.recordedEventsPerAgent.overall,
  erroneousRecordsPerAgent: m.erroneousRecordsPerAgent.overall,
  sanctionRate: m.sanctionRate.overall,
  wrongfulSanctionRate: m.wrongfulSanctionRate.overall,
  meanScore: m.meanScore.overall,
}, {
  workers: result.workers,
  simulateSeconds: result.elapsedSeconds,
  scoreVariance: squares / n - mean * mean,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
});
