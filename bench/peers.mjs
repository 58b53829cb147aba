// The core model (bench/core-model.yaml) in scoresim and its peers, side by side: speed as
// agent-days per second (medians of interleaved repetitions, each run in its own process) and
// agreement of every peer's metrics with scoresim's within sampling error.
//
//   node bench/peers.mjs                                   sizes 1e5, 1e6, 1e7 × 365 days, 3 repetitions
//   node bench/peers.mjs --sizes 100000,1000000 --reps 1   a quick look
//   node bench/peers.mjs --only numpy,bare-loop --cap 60   some peers (scoresim-2w always runs: the reference)
//   node bench/peers.mjs --calibrate                       re-measures QUANTISATION (below)
//
// Then scoresim alone with 1 and 2 workers at --scaling agents (default 10⁸; 0 skips it), for the
// speed-up of the second worker. Options: --sizes N,N,… --days D --reps R --seed S (repetition r uses
// seed S + r − 1) --cap SECONDS --scaling N --no-install (do not apt-get python3-numpy and
// python3-numba when they are missing; by default, as root, the script installs them).
// Exit status 1 when a peer disagrees with scoresim or fails; peers that are not installed are shown.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, options } from './common.mjs';

const args = process.argv.slice(2);
const option = options(args);
const flag = (name) => args.includes(`--${name}`);
const sizes = option('sizes', '100000,1000000,10000000').split(',').map(Number);
const days = Number(option('days', 365));
const reps = Number(option('reps', 3));
const cap = Number(option('cap', 120));
const baseSeed = Number(option('seed', 1));
const PYTHON = '/usr/bin/python3';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every implementation of the core model: its command line and how it is shown. */
const IMPLEMENTATIONS = [
  { key: 'scoresim-1w', label: 'scoresim, 1 worker', short: 'scoresim 1w', cmd: [process.execPath, 'bench/peers/js/scoresim.mjs', '--workers', '1'] },
  { key: 'scoresim-2w', label: 'scoresim, 2 workers', short: 'scoresim 2w', cmd: [process.execPath, 'bench/peers/js/scoresim.mjs', '--workers', '2'] },
  { key: 'object-per-agent', label: 'object per agent (JS)', short: 'object-per-agent', cmd: [process.execPath, 'bench/peers/js/object-per-agent.mjs'] },
  { key: 'flocc', label: 'flocc 0.7', short: 'flocc', cmd: [process.execPath, 'bench/peers/js/flocc.mjs'] },
  { key: 'numpy', label: 'numpy', short: 'numpy', cmd: [PYTHON, 'bench/peers/python/core_numpy.py'] },
  { key: 'numba', label: 'numba', short: 'numba', cmd: [PYTHON, 'bench/peers/python/core_numba.py'] },
  { key: 'bare-loop', label: 'bare loop (JS, 1 thread)', short: 'the bare loop', cmd: [process.execPath, 'bench/peers/js/bare-loop.mjs'] },
];
const REFERENCE = 'scoresim-2w';
const METRICS = ['eventsPerAgent', 'recordedEventsPerAgent', 'erroneousRecordsPerAgent', 'sanctionRate', 'wrongfulSanctionRate', 'meanScore'];

/**
 * What drawing the propensity directly (lognormal, truncated at its 99.8th percentile), as every
 * peer does, instead of scoresim's 256 equal-probability levels (renormalised to mean exactly 1)
 * does to each metric: peer minus scoresim, per agent, with the standard error of that estimate.
 * The truncated lognormal has mean 0.99513 and CV 0.956, the levels mean 1 and CV 0.964, so
 * events are expected 0.49 % lower (3.65 × 0.00487 = 0.0178; measured 0.0185 ± 0.0005), and fewer
 * records mean fewer sanctions and higher scores. Measured with
 * `node bench/peers.mjs --calibrate --reps 20` (the bare loop both ways, 20 seeds × 10 M agents
 * × 365 days, about a minute), 2026-11-30. The bare loop with quantised propensities agrees with
 * scoresim itself within sampling error, so the difference is the propensity's alone.
 */
const QUANTISATION = {
  eventsPerAgent: { diff: -0.01851, se: 0.00047 }, // direct 3.632090, quantised 3.650605
  recordedEventsPerAgent: { diff: -0.005286, se: 0.00014 }, // direct 1.035203, quantised 1.040489
  erroneousRecordsPerAgent: { diff: -0.0002829, se: 0.000029 }, // direct 0.05448314, quantised 0.05476606
  sanctionRate: { diff: -0.0003170, se: 0.000016 }, // direct 0.02488285, quantised 0.02519987
  wrongfulSanctionRate: { diff: -0.00001882, se: 0.0000043 }, // direct 0.001777710, quantised 0.001796530
  meanScore: { diff: 0.06677, se: 0.0020 }, // direct 994.8102, quantised 994.7434
};

const count = (x) => x.toLocaleString('en-US');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rate = (x) => (x >= 1e9 ? `${fmt(x / 1e9, 2)} G` : x >= 1e6 ? `${fmt(x / 1e6, 1)} M` : `${fmt(x / 1e3, 1)} k`);
const times = (x) => (x >= 100 ? `${fmt(x, 0)}×` : x >= 10 ? `${fmt(x, 1)}×` : `${fmt(x, 2)}×`);

/** Runs one implementation once in its own process; kills it at the cap. */
function runOnce(impl, agents, seed, extra = []) {
  const [cmd, ...rest] = impl.cmd;
  const started = performance.now();
  const child = spawnSync(cmd, [...rest, '--agents', String(agents), '--days', String(days), '--seed', String(seed), ...extra], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, timeout: cap * 1000, killSignal: 'SIGKILL',
  });
  const wall = (performance.now() - started) / 1000;
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGKILL') return { status: 'cap', wall };
  const stderr = (child.stderr ?? '').trim();
  if (child.status !== 0) {
    const missing = /ModuleNotFoundError|No module named|ERR_MODULE_NOT_FOUND|Cannot find package/.exec(stderr);
    const last = stderr.split('\n').filter(Boolean).pop() ?? `exit status ${child.status}`;
    return { status: missing ? 'missing' : 'failed', wall, why: last.slice(0, 160) };
  }
  try {
    const line = child.stdout.trim().split('\n').pop();
    const r = JSON.parse(line);
    for (const m of METRICS) if (typeof r.metrics?.[m] !== 'number') throw new Error(`no metric ${m}`);
    if (!(r.elapsedSeconds > 0)) throw new Error('no elapsedSeconds');
    return { status: 'ok', wall, ...r };
  } catch (e) {
    return { status: 'failed', wall, why: `unreadable output (${e.message}): ${child.stdout.slice(0, 120)}` };
  }
}

/**
 * Per-agent variance of each metric, for its standard error: counts of events and records per agent
 * are mixed Poisson (Poisson given the propensity, whose CV² ≤ 1), so var ≤ ν + ν²; the rates are
 * Bernoulli per agent; the final score's variance comes from scoresim's own histogram.
 */
function perAgentVariance(metric, ref, scoreVariance) {
  const v = ref[metric];
  switch (metric) {
    case 'sanctionRate':
    case 'wrongfulSanctionRate':
      return v * (1 - v);
    case 'meanScore':
      return scoreVariance;
    default:
      return v + v * v;
  }
}

/**
 * Tolerance for a peer's mean over `n` runs against scoresim's mean over `nRef` runs, of `agents`
 * agents each: 5 standard errors of the difference, plus (for peers drawing the propensity directly)
 * the measured quantisation effect and two standard errors of its measurement.
 */
function tolerance(metric, ref, scoreVariance, agents, n, nRef, direct) {
  const variance = perAgentVariance(metric, ref, scoreVariance);
  const se = Math.sqrt(variance / (agents * n) + variance / (agents * nRef));
  const q = QUANTISATION[metric];
  return { se, expected: direct ? q.diff : 0, allowed: 5 * se + (direct ? Math.abs(q.diff) + 2 * q.se : 0) };
}

if (flag('calibrate')) {
  calibrate();
  process.exit(0);
}

// the runs: sizes in turn, repetitions interleaved across implementations
const only = option('only', undefined)?.split(',');
if (only) {
  const unknown = only.filter((k) => !IMPLEMENTATIONS.some((i) => i.key === k));
  if (unknown.length) {
    console.error(`unknown implementation(s): ${unknown.join(', ')}; known: ${IMPLEMENTATIONS.map((i) => i.key).join(', ')}`);
    process.exit(2);
  }
}
const chosen = IMPLEMENTATIONS.filter((i) => !only || only.includes(i.key) || i.key === REFERENCE);

const load = () => os.loadavg()[0];
const cores = os.cpus().length;
console.log(`core-model peers: ${cores} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`sizes ${sizes.map(count).join(', ')} agents × ${days} days; ${reps} interleaved repetition(s), seeds ${baseSeed}..${baseSeed + reps - 1}; cap ${cap} s per run`);
const loadBefore = load();
console.log(`load average before: ${fmt(loadBefore, 2)}`);

/** results[size][key]: the runs, or why the implementation was not run at that size. */
const results = {};
/** key → why it is skipped from here on */
const dropped = {};
const unavailable = {};
for (const impl of chosen) {
  const script = impl.cmd[1];
  if (!existsSync(join(ROOT, script))) unavailable[impl.key] = `not available (${script} not found)`;
}
ensurePython();
if (!existsSync(join(ROOT, 'dist/parallel/simulate.js'))) {
  console.error('scoresim is not built: run `npm run build` first');
  process.exit(2);
}
let failures = 0;
const started = performance.now();

for (let s = 0; s < sizes.length; s++) {
  const agents = sizes[s];
  results[agents] = {};
  const active = [];
  for (const impl of chosen) {
    const cell = (results[agents][impl.key] = { runs: [], why: undefined });
    if (unavailable[impl.key]) cell.why = unavailable[impl.key];
    else if (dropped[impl.key]) cell.why = dropped[impl.key];
    else if (s > 0) {
      const previous = results[sizes[s - 1]][impl.key];
      // the process's fixed start-up stays; the peer's own time grows with the population
      const wall = median(previous.runs.map((r) => r.wall));
      const own = median(previous.runs.map((r) => r.elapsedSeconds));
      const projected = wall - own + (own * agents) / sizes[s - 1];
      if (projected > cap) {
        cell.why = dropped[impl.key] = `skipped: projected ${fmt(projected, 0)} s at ${count(agents)} (${fmt(own, 1)} s × ${fmt(agents / sizes[s - 1], 0)} + start-up) > cap ${cap} s`;
      }
    }
    if (cell.why === undefined) active.push(impl);
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const impl of active) {
      const cell = results[agents][impl.key];
      if (cell.why !== undefined) continue;
      const r = runOnce(impl, agents, baseSeed + rep);
      if (r.status === 'ok') {
        cell.runs.push(r);
        process.stderr.write(`  ${count(agents)} agents, rep ${rep + 1}, ${impl.key}: ${fmt(r.elapsedSeconds, 2)} s (process ${fmt(r.wall, 2)} s)\n`);
        continue;
      }
      if (r.status === 'cap') cell.why = dropped[impl.key] = `a run exceeded the ${cap} s cap at ${count(agents)}`;
      else if (r.status === 'missing') cell.why = unavailable[impl.key] = `not available (${r.why})`;
      else {
        cell.why = dropped[impl.key] = `FAILED: ${r.why}`;
        failures++;
        console.error(`\n!!! ${impl.key} FAILED at ${count(agents)} agents: ${r.why}\n`);
      }
      cell.runs = [];
      process.stderr.write(`  ${count(agents)} agents, rep ${rep + 1}, ${impl.key}: ${cell.why}\n`);
    }
  }
}
const loadAfter = load();

// agreement: each peer's mean metrics over its runs against scoresim's (2 workers)

const disagreements = [];
const agreement = {};
for (const agents of sizes) {
  const ref = results[agents][REFERENCE].runs;
  agreement[agents] = {};
  if (ref.length === 0) continue;
  const refMean = Object.fromEntries(METRICS.map((m) => [m, mean(ref.map((r) => r.metrics[m]))]));
  const scoreVariance = mean(ref.map((r) => r.scoreVariance ?? 400));
  // scoresim gives the same bytes whatever the worker count (same seed, same results)
  const one = results[agents]['scoresim-1w']?.runs ?? [];
  for (const r of one) {
    const twin = ref.find((t) => t.seed === r.seed);
    if (twin && METRICS.some((m) => twin.metrics[m] !== r.metrics[m])) {
      disagreements.push(`scoresim with 1 and 2 workers differ at ${count(agents)} agents, seed ${r.seed}`);
      agreement[agents]['scoresim-1w'] = 'DIFFERS from 2 workers';
    } else if (twin) agreement[agents]['scoresim-1w'] = 'identical to 2 workers';
  }
  for (const impl of chosen) {
    if (impl.key.startsWith('scoresim')) continue;
    const runs = results[agents][impl.key].runs;
    if (runs.length === 0) continue;
    let worst = { ratio: 0 };
    const bad = [];
    for (const m of METRICS) {
      const x = mean(runs.map((r) => r.metrics[m]));
      const t = tolerance(m, refMean, scoreVariance, agents, runs.length, ref.length, true);
      const off = x - refMean[m];
      const ratio = Math.abs(off) / t.allowed;
      const z = (off - t.expected) / t.se;
      if (ratio > worst.ratio) worst = { ratio, metric: m, z };
      if (ratio > 1) {
        bad.push(m);
        disagreements.push(`${impl.key} at ${count(agents)} agents: ${m} = ${x.toPrecision(6)} vs scoresim ${refMean[m].toPrecision(6)} ` +
          `(difference ${off.toPrecision(3)}, allowed ±${t.allowed.toPrecision(3)}: 5 SE = ${(5 * t.se).toPrecision(3)} + quantisation ${(t.allowed - 5 * t.se).toPrecision(3)})`);
      }
    }
    agreement[agents][impl.key] = bad.length
      ? `DISAGREES: ${bad.join(', ')}`
      : `ok (worst ${worst.metric}: ${fmt(worst.ratio * 100, 0)} % of tolerance)`;
  }
}

// the table

const rateOf = (agents, key) => {
  const runs = results[agents]?.[key]?.runs ?? [];
  return runs.length ? (agents * days) / median(runs.map((r) => r.elapsedSeconds)) : undefined;
};
const header = ['agents', 'implementation', 'runs', 'median s', 'process s', 'agent-days/s', 'scoresim 2w is', 'metrics vs scoresim'];
const rows = [];
for (const agents of sizes) {
  const reference = rateOf(agents, REFERENCE);
  chosen.forEach((impl, k) => {
    const cell = results[agents][impl.key];
    const r = rateOf(agents, impl.key);
    const first = k === 0 ? count(agents) : '';
    if (r === undefined) {
      rows.push([first, impl.label, '0', '—', '—', '—', '—', cell.why ?? '']);
      return;
    }
    const ratio = reference === undefined ? 'n/a' : impl.key === REFERENCE ? '' : `${times(reference / r)} ${impl.short}`;
    rows.push([first, impl.label, String(cell.runs.length), fmt(median(cell.runs.map((x) => x.elapsedSeconds)), 2),
      fmt(median(cell.runs.map((x) => x.wall)), 2), rate(r), ratio,
      impl.key === REFERENCE ? 'reference' : agreement[agents][impl.key] ?? 'unchecked: no scoresim run at this size']);
  });
}
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
console.log(`\nmedians of up to ${reps} run(s). median s: the peer's own timing (population, ${days} days, metrics; not process start-up,`);
console.log(`imports or numba's compilation, which it does on a tiny run first); process s: the whole child process.`);
console.log(`agent-days/s = agents × ${days} / median s. "scoresim 2w is 3.0× numpy": scoresim with 2 workers has 3.0 times numpy's agent-days/s.`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) {
  if (row[0] !== '' && row !== rows[0]) console.log('');
  console.log(line(row));
}

// targets, at 10 M agents (or the largest size run)

const largest = sizes.includes(10_000_000) ? 10_000_000 : Math.max(...sizes);
console.log(`\ntargets at ${count(largest)} agents${largest !== 10_000_000 ? ' (10 M not run: the largest size stands in)' : ''}:`);
const scoresimRate = rateOf(largest, REFERENCE);
/** The peer's rate at `largest`, or a projection from the largest size it ran at (linear in agents). */
function peerRate(key) {
  const measured = rateOf(largest, key);
  if (measured !== undefined) return { rate: measured, how: 'measured' };
  for (let s = sizes.indexOf(largest) - 1; s >= 0; s--) {
    const r = rateOf(sizes[s], key);
    if (r !== undefined) return { rate: r, how: `projected: its rate at ${count(sizes[s])} agents, assumed to hold at ${count(largest)}` };
  }
  return undefined;
}
const TARGETS = [
  { key: 'numpy', at: 20, text: 'scoresim ≥ 20× numpy' },
  { key: 'numba', at: 3, text: 'scoresim ≥ 3× numba' },
  { key: 'flocc', at: 1000, text: 'scoresim ≥ 1000× flocc' },
  { key: 'bare-loop', at: 0.5, text: 'scoresim within 2× of the bare loop (≥ 0.5×)' },
];
for (const t of TARGETS) {
  const p = peerRate(t.key);
  if (scoresimRate === undefined || p === undefined) {
    const why = scoresimRate === undefined ? `scoresim 2w not run at ${count(largest)}` : unavailable[t.key] ?? dropped[t.key] ?? 'not run';
    console.log(`  ${t.text}: not measured (${why})`);
    continue;
  }
  const ratio = scoresimRate / p.rate;
  console.log(`  ${t.text}: ${ratio >= t.at ? 'MET' : 'NOT MET'} — scoresim is ${times(ratio)} (${p.how})`);
}

// scaling: scoresim with 1 and 2 workers on a population ten times the largest above
const scalingSize = Number(option('scaling', 100_000_000));
if (scalingSize > 0 && !only) {
  const one = IMPLEMENTATIONS.find((i) => i.key === 'scoresim-1w');
  const two = IMPLEMENTATIONS.find((i) => i.key === REFERENCE);
  const runs = { [one.key]: [], [two.key]: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const impl of [one, two]) {
      const r = runOnce(impl, scalingSize, baseSeed + rep);
      if (r.status !== 'ok') {
        failures++;
        console.error(`\n!!! ${impl.key} at ${count(scalingSize)} agents: ${r.why ?? r.status}\n`);
        continue;
      }
      runs[impl.key].push(r);
      process.stderr.write(`  ${count(scalingSize)} agents, rep ${rep + 1}, ${impl.key}: ${fmt(r.elapsedSeconds, 2)} s\n`);
    }
  }
  const t1 = runs[one.key].length ? median(runs[one.key].map((r) => r.elapsedSeconds)) : undefined;
  const t2 = runs[two.key].length ? median(runs[two.key].map((r) => r.elapsedSeconds)) : undefined;
  const same = runs[one.key].every((r) => {
    const twin = runs[two.key].find((t) => t.seed === r.seed);
    return twin === undefined || METRICS.every((m) => twin.metrics[m] === r.metrics[m]);
  });
  if (!same) disagreements.push(`scoresim with 1 and 2 workers differ at ${count(scalingSize)} agents`);
  console.log(`\nscaling at ${count(scalingSize)} agents × ${days} days (medians of ${reps}): 1 worker ${t1 === undefined ? '—' : `${fmt(t1, 2)} s (${rate((scalingSize * days) / t1)} agent-days/s)`}, ` +
    `2 workers ${t2 === undefined ? '—' : `${fmt(t2, 2)} s (${rate((scalingSize * days) / t2)} agent-days/s)`}; outputs ${same ? 'identical' : 'DIFFER'}`);
  if (t1 !== undefined && t2 !== undefined) {
    console.log(`  2 workers ≥ 1.8× one worker: ${t1 / t2 >= 1.8 ? 'MET' : 'NOT MET'} — ${times(t1 / t2)}`);
  }
}

console.log(`\nload average before ${fmt(loadBefore, 2)}, after ${fmt(loadAfter, 2)} on ${cores} cores; total ${fmt((performance.now() - started) / 1000, 0)} s`);
if (Math.max(loadBefore, loadAfter) > cores - 0.5) {
  console.log('NOTE: other processes were using the CPU; timings (and especially the 2-worker run) may be noisy.');
}

if (disagreements.length) {
  console.error('\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  console.error('!!! DISAGREEMENT with scoresim beyond sampling error:');
  for (const d of disagreements) console.error(`!!!   ${d}`);
  console.error('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
}
process.exit(disagreements.length || failures ? 1 : 0);

/**
 * The Python peers need Debian's python3-numpy and python3-numba: installed here with apt-get when
 * missing (as root, unless --no-install); when that is not possible they are shown as not available.
 */
function ensurePython() {
  const wanted = chosen.filter((i) => i.cmd[0] === PYTHON && !unavailable[i.key]);
  if (wanted.length === 0) return;
  const check = () => spawnSync(PYTHON, ['-c', 'import numpy, numba'], { encoding: 'utf8' });
  if (existsSync(PYTHON) && check().status === 0) return;
  const root = process.getuid?.() === 0;
  if (flag('no-install') || !root || !existsSync('/usr/bin/apt-get')) {
    console.log(`numpy/numba for ${PYTHON} are missing and were not installed (${flag('no-install') ? '--no-install' : root ? 'no apt-get' : 'not root'}): ` +
      'apt-get install -y python3 python3-numpy python3-numba');
    return;
  }
  console.log('installing python3-numpy and python3-numba with apt-get for the Python peers …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const argv of [['update'], ['install', '-y', '--no-install-recommends', 'python3', 'python3-numpy', 'python3-numba']]) {
    const r = spawnSync('apt-get', argv, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      console.log(`apt-get ${argv[0]} failed (exit status ${r.status}); the Python peers will show as not available`);
      return;
    }
  }
  if (check().status !== 0) console.log('numpy/numba still do not import after apt-get; the Python peers will show as not available');
}

/** Measures QUANTISATION: the bare loop with direct and with quantised propensities, interleaved. */
function calibrate() {
  const agents = Number(option('agents', 10_000_000));
  const n = Number(option('reps', 10));
  const bare = IMPLEMENTATIONS.find((i) => i.key === 'bare-loop');
  const direct = [];
  const quantised = [];
  for (let k = 0; k < n; k++) {
    for (const [mode, into] of [['direct', direct], ['quantised', quantised]]) {
      const r = runOnce(bare, agents, baseSeed + k, ['--propensity', mode]);
      if (r.status !== 'ok') throw new Error(`bare loop ${mode} failed: ${r.why ?? r.status}`);
      into.push(r.metrics);
      process.stderr.write(`  seed ${baseSeed + k} ${mode}: ${fmt(r.elapsedSeconds, 2)} s\n`);
    }
  }
  const sd = (xs) => {
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  };
  console.log(`bare loop, ${n} seeds × ${count(agents)} agents × ${days} days, direct minus quantised:`);
  console.log('const QUANTISATION = {');
  for (const m of METRICS) {
    const a = direct.map((x) => x[m]);
    const b = quantised.map((x) => x[m]);
    const diff = mean(a) - mean(b);
    const se = Math.sqrt(sd(a) ** 2 / n + sd(b) ** 2 / n);
    console.log(`  ${m}: { diff: ${diff.toPrecision(4)}, se: ${se.toPrecision(2)} },   // direct ${mean(a).toPrecision(7)}, quantised ${mean(b).toPrecision(7)}`);
  }
  console.log('};');
}
