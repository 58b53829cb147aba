// `npm run bench:national`: the flagship scenario (article-2019, rates as in the scenario) at a full
// national population, 1.4 billion agents × 365 days, on this machine, in one process with one
// worker thread per core. Shows memory admission first (this run accepted, a larger one refused),
// then runs with a progress line per tenth, and reports wall time, peak RSS, the events handled and
// the rates, against the targets (≤ 10 minutes, ≤ 20 GiB).
//
//   npm run bench:national                                 the full run (about 45 minutes here)
//   npm run bench:national -- --agents 140000000 --days 30 a slice, to try it out
//
// Options: --agents N --days D --workers W --scenario FILE. Writes runs/national-<agents>-<days>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadScenarioFile } from '../dist/scenario/load.js';
import { simulate, admit, AdmissionError, MemoryExceededError, defaultMemoryLimit, availableCores } from '../dist/parallel/simulate.js';
import { estimateMemory, formatBytes, populationInMemory } from '../dist/engine/memory.js';
import { summarise } from '../dist/metrics/summary.js';
import { createProgress } from '../dist/cli/progress.js';
import { BYTES_PER_AGENT } from '../dist/engine/columns.js';
import { options } from './common.mjs';

const args = process.argv.slice(2);
const option = options(args);
const scenario = option('scenario', 'scenarios/article-2019.yaml');
const agents = Number(option('agents', 1_400_000_000));
const days = Number(option('days', 365));
const workers = Number(option('workers', availableCores()));
const TARGET_SECONDS = 600;
const TARGET_RSS = 20 * 2 ** 30;

const count = (x) => Math.round(x).toLocaleString('en-US');
const giga = (x) => (x >= 1e9 ? `${(x / 1e9).toFixed(2)} G` : `${(x / 1e6).toFixed(1)} M`);
const mega = (x) => `${(x / 1e6).toFixed(1)} M`;

console.log(`scoresim national benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${formatBytes(os.totalmem())}, Node ${process.version}`);
console.log(`${scenario}: ${count(agents)} agents × ${days} days, ${workers} worker(s)`);

// memory admission: this run, and the smallest population that would be refused
const limit = defaultMemoryLimit();
const estimate = estimateMemory(agents, workers);
console.log(`\nmemory admission (limit ${formatBytes(limit)}: total memory less 1 GiB)`);
admit(agents, workers, limit); // throws, allocating nothing, if this run would not fit
console.log(`  ${count(agents)} agents: accepted, estimated ${formatBytes(estimate.bytes)} (${estimate.perAgent} B/agent + ${formatBytes(estimate.fixed)})`);
// 5 % more agents than the memory could hold (the agent table's own limit aside)
const tooMany = Math.ceil(populationInMemory(limit, workers) * 1.05);
try {
  admit(tooMany, workers, limit);
  console.log(`  ${count(tooMany)} agents: accepted (unexpected)`);
  process.exitCode = 1;
} catch (e) {
  if (!(e instanceof AdmissionError)) throw e;
  console.log(`  ${count(tooMany)} agents: ${e.message}`);
}

const started = performance.now();
const loaded = loadScenarioFile(scenario, { agents, days });
if (!loaded.ok) {
  for (const e of loaded.errors) console.error(`${e.file}:${e.line}:${e.col}: ${e.path}: ${e.message}`);
  process.exit(1);
}
console.log('');
const progress = createProgress(loaded.plan.name, days);
let result;
try {
  result = await simulate(loaded.plan, { workers, memoryLimit: limit, onDay: progress.day });
} catch (e) {
  progress.stop();
  if (!(e instanceof MemoryExceededError)) throw e;
  console.error(`\n${e.message}`);
  process.exit(2);
}
progress.stop();
const summary = summarise(loaded.plan, result.tally, result.workers, result.elapsedSeconds);
const wall = (performance.now() - started) / 1000;
const peak = process.resourceUsage().maxRSS * 1024;

const total = (pattern) => Object.entries(summary.counts).filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v.overall, 0);
const events = summary.metrics.eventsPerAgent.overall * agents;
const records = total(/^recorded(True|Error)$/);
const attempts = total(/^gate\..*\.attempts$/);
const out = {
  scenario, agents, days, workers: result.workers, seed: loaded.plan.seed,
  wallSeconds: wall, simulateSeconds: result.elapsedSeconds, peakRssBytes: peak, stateBytesPerAgent: BYTES_PER_AGENT,
  behaviourEvents: events, records, gateAttempts: attempts,
  eventsPerSecond: events / result.elapsedSeconds, agentDaysPerSecond: (agents * days) / result.elapsedSeconds,
  metrics: Object.fromEntries(Object.entries(summary.metrics).map(([k, v]) => [k, v.overall])),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, totalMemoryBytes: os.totalmem(), node: process.version },
  date: new Date().toISOString(),
};
mkdirSync('runs', { recursive: true });
const file = `runs/national-${agents}-${days}.json`;
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');

const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(`\n${count(agents)} agents × ${days} days, ${result.workers} workers`);
console.log(`  wall time         ${wall.toFixed(1)} s (${(wall / 60).toFixed(1)} min; simulation ${result.elapsedSeconds.toFixed(1)} s)   target ≤ ${TARGET_SECONDS / 60} min: ${verdict(wall <= TARGET_SECONDS)}`);
console.log(`  peak RSS          ${formatBytes(peak)} (${(peak / agents).toFixed(1)} B/agent; state ${BYTES_PER_AGENT} B/agent)   target ≤ 20 GiB: ${verdict(peak <= TARGET_RSS)}`);
console.log(`  behaviour events  ${giga(events)} (${mega(out.eventsPerSecond)} events/s)`);
console.log(`  records           ${giga(records)}; gate attempts ${giga(attempts)}`);
console.log(`  agent-days/s      ${mega(out.agentDaysPerSecond)}`);
console.log(`  sanctionRate ${summary.metrics.sanctionRate.overall.toPrecision(4)}, wrongfulSanctionRate ${summary.metrics.wrongfulSanctionRate.overall.toPrecision(4)}`);
console.log(`wrote ${file}`);
