// The scenarios part of `npm run bench` (bench/all.mjs): social-credit-2019 and article-2019 at 10 M agents ×
// 365 days with 1 and 2 workers, three interleaved repetitions each, reported as medians, plus one run at
// a tenth of the size for the fixed part of memory, and a check that every run gave the same outputs.
// Options: --agents N --days D --reps R --scenario FILE[,FILE]. Each run is a separate process so its peak
// RSS is its own.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fmt, median, options } from './common.mjs';

const args = process.argv.slice(2);
const option = options(args);
const scenarios = option('scenario', 'scenarios/social-credit-2019.yaml,scenarios/article-2019.yaml').split(',');
const agents = Number(option('agents', 10_000_000));
const days = Number(option('days', 365));
const reps = Number(option('reps', 3));
const workerCounts = [1, 2];

const mega = (x) => `${fmt(x / 1e6)} M`;

console.log(`scoresim benchmark, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

for (const scenario of scenarios) {
  console.log(`\n== ${scenario}: ${agents.toLocaleString('en-US')} agents × ${days} days, ${reps} interleaved repetitions`);

  const runOnce = (scenario, size, w) => {
    const child = spawnSync(process.execPath, ['bench/child.mjs', scenario, String(size), String(days), String(w)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    return JSON.parse(child.stdout.trim().split('\n').pop());
  };

  // a run at a tenth of the size gives the fixed part of RSS, so the marginal bytes per agent show
  const small = Math.max(1, Math.round(agents / 10));
  const baseline = Object.fromEntries(workerCounts.map((w) => [w, runOnce(scenario, small, w).peakRssBytes]));

  const results = Object.fromEntries(workerCounts.map((w) => [w, []]));
  for (let rep = 1; rep <= reps; rep++) {
    for (const w of workerCounts) {
      const r = runOnce(scenario, agents, w);
      results[w].push(r);
      console.log(`  rep ${rep}, ${w} worker${w > 1 ? 's' : ''}: ${fmt(r.wallSeconds, 2)} s wall, ${fmt(r.peakRssBytes / 2 ** 20, 0)} MiB peak RSS`);
    }
  }

  const rows = workerCounts.map((w) => {
    const rs = results[w];
    const wall = median(rs.map((r) => r.wallSeconds));
    const sim = median(rs.map((r) => r.simulateSeconds));
    const rss = median(rs.map((r) => r.peakRssBytes));
    const events = rs[0].events;
    return {
      workers: w,
      wall,
      agentDaysPerSecond: (agents * days) / sim,
      eventsPerSecond: events / sim,
      events,
      rss,
      rssPerAgent: rss / agents,
      marginalPerAgent: (rss - baseline[w]) / (agents - small),
      state: rs[0].stateBytesPerAgent,
    };
  });
  const header = ['workers', 'wall s', 'agent-days/s', 'events/s', 'events', 'peak RSS', 'RSS/agent', 'marginal B/agent', 'state B/agent'];
  const table = rows.map((r) => [
    String(r.workers), fmt(r.wall, 2), mega(r.agentDaysPerSecond), mega(r.eventsPerSecond), mega(r.events),
    `${fmt(r.rss / 2 ** 20, 0)} MiB`, `${fmt(r.rssPerAgent, 1)} B`, `${fmt(r.marginalPerAgent, 1)} B`, String(r.state),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log('\nmedians of', reps, 'runs');
  console.log(line(header));
  for (const t of table) console.log(line(t));
  const one = rows.find((r) => r.workers === 1);
  const two = rows.find((r) => r.workers === 2);
  console.log(`\nspeed-up with 2 workers: ${fmt(one.wall / two.wall, 2)}× (wall time)`);
  const digests = new Set(Object.values(results).flat().map((r) => r.digest));
  console.log(`outputs: ${digests.size === 1 ? 'identical' : 'DIFFERENT'} across all ${reps * workerCounts.length} runs and worker counts (sha256 of summary.json without timings: ${[...digests].map((d) => d.slice(0, 16)).join(', ')})`);
  if (digests.size !== 1) process.exitCode = 1;
  for (const target of [20, 10]) console.log(`target: ≤ ${target} s wall with 2 workers → ${two.wall <= target ? 'met' : 'not met'} (${fmt(two.wall, 2)} s)`);
  console.log(`target: ≤ 16 bytes per agent → state ${two.state} B, marginal peak RSS ${fmt(two.marginalPerAgent, 1)} B (${two.marginalPerAgent <= 16 ? 'met' : 'not met'}); whole-process peak RSS ${fmt(two.rssPerAgent, 1)} B per agent including the fixed part`);

}
