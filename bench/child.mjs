// One benchmark run in its own process, so that peak RSS belongs to this run alone.
// Usage: node bench/child.mjs SCENARIO AGENTS DAYS WORKERS → one JSON line on stdout.
import { loadScenarioFile } from '../dist/scenario/load.js';
import { simulate } from '../dist/parallel/simulate.js';
import { summarise } from '../dist/metrics/summary.js';
import { BYTES_PER_AGENT } from '../dist/engine/columns.js';
import { createHash } from 'node:crypto';

const [file, agents, days, workers] = process.argv.slice(2);
const started = performance.now();
const loaded = loadScenarioFile(file, { agents: Number(agents), days: Number(days) });
if (!loaded.ok) {
  console.error(loaded.errors);
  process.exit(1);
}
const result = await simulate(loaded.plan, { workers: Number(workers) });
const summary = summarise(loaded.plan, result.tally, result.workers, result.elapsedSeconds);
const wall = (performance.now() - started) / 1000;
const events = summary.metrics.eventsPerAgent.overall * summary.agents;
process.stdout.write(JSON.stringify({
  agents: summary.agents,
  days: summary.days,
  workers: result.workers,
  wallSeconds: wall,
  simulateSeconds: result.elapsedSeconds,
  events,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  stateBytesPerAgent: BYTES_PER_AGENT,
  sanctionRate: summary.metrics.sanctionRate.overall,
  // every output of the run but its timing and worker count: equal digests, equal results
  digest: createHash('sha256').update(JSON.stringify({ ...summary, elapsedSeconds: 0, workers: 0 })).digest('hex'),
}) + '\n');
