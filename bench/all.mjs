// `npm run bench`: everything in one run. First the core model in scoresim and every peer
// (bench/peers.mjs: sizes 10⁵–10⁷, agreement of metrics, the targets against the peers, and the
// 1- and 2-worker scaling at 10⁸), then the scenarios at 10 M agents (bench/run.mjs: wall time,
// memory per agent, identical outputs across worker counts), then how the cost grows with agents and
// with the event rate (bench/growth.mjs). Options go to all three: --reps R; to the peers and the
// scenarios: --days D; to the peers: --sizes, --cap, --only, --scaling; to the scenarios: --agents,
// --scenario.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let status = 0;
const reps = args.includes('--reps') ? ['--reps', args[args.indexOf('--reps') + 1]] : [];
for (const [script, options] of [['bench/peers.mjs', args], ['bench/run.mjs', args], ['bench/growth.mjs', reps]]) {
  console.log(`\n######## node ${script} ${options.join(' ')}\n`);
  const child = spawnSync(process.execPath, [script, ...options], { stdio: 'inherit' });
  status ||= child.status ?? 1;
}
process.exit(status);
