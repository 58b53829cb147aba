// How the cost grows with the population and with the event rate: the core model (bench/core-model.yaml)
// in scoresim with 2 workers at 10⁶ and 10⁷ agents × 365 days, at half, once, twice and four times its
// offence rate; medians of --reps runs (default 3). Prints seconds, events, agent-days/s and the time per
// event, so the fixed cost per agent-day and the cost per event can be read off.
//   node bench/growth.mjs [--reps R] [--sizes N,N] [--rates R,R] [--workers W]
import { spawnSync } from 'node:child_process';
import { fmt, median, options } from './common.mjs';

const args = process.argv.slice(2);
const option = options(args);
const sizes = option('sizes', '1000000,10000000').split(',').map(Number);
const rates = option('rates', '0.005,0.01,0.02,0.04').split(',').map(Number);
const reps = Number(option('reps', 3));
const workers = Number(option('workers', 2));
const days = 365;

console.log(`core model, scoresim with ${workers} workers, ${days} days, medians of ${reps}`);
const header = ['agents', 'rate/day', 'seconds', 'events', 'agent-days/s', 'ns per event', 'ns per agent-day'];
console.log(header.join('\t'));
for (const agents of sizes) {
  for (const rate of rates) {
    const runs = [];
    for (let r = 0; r < reps; r++) {
      const child = spawnSync(process.execPath, ['bench/peers/js/scoresim.mjs', '--agents', String(agents), '--days', String(days),
        '--seed', String(1 + r), '--workers', String(workers), '--rate', String(rate)], { encoding: 'utf8' });
      if (child.status !== 0) {
        console.error(child.stderr);
        process.exit(1);
      }
      runs.push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
    const seconds = median(runs.map((x) => x.simulateSeconds));
    const events = median(runs.map((x) => x.metrics.eventsPerAgent)) * agents;
    console.log([agents.toLocaleString('en-US'), rate, fmt(seconds, 2), `${fmt(events / 1e6, 1)} M`, `${fmt((agents * days) / seconds / 1e6, 0)} M`,
      fmt((seconds * 1e9) / events, 0), fmt((seconds * 1e9) / (agents * days), 2)].join('\t'));
  }
}
