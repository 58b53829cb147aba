// The command line and output line every JS peer shares with the Python peers:
// `node PEER --agents N --days D --seed S` → one JSON line {peer, agents, days, seed, elapsedSeconds, metrics}.

/** Parses --agents, --days, --seed and any extra `--name value` options into numbers or strings. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = { agents: 100_000, days: 365, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) usage(`unexpected argument "${key}"`);
    const value = argv[i + 1];
    const name = key.slice(2);
    out[name] = /^-?\d+(\.\d+)?(e\d+)?$/.test(value) ? Number(value) : value;
  }
  for (const k of ['agents', 'days', 'seed']) {
    if (!Number.isInteger(out[k]) || out[k] < (k === 'seed' ? 0 : 1)) usage(`--${k} must be a ${k === 'seed' ? 'non-negative' : 'positive'} integer`);
  }
  return out;
}

function usage(message) {
  console.error(`${message}\nusage: node ${process.argv[1]} --agents N --days D --seed S`);
  process.exit(2);
}

/** Writes the one result line; `extra` holds peer-specific fields the harness may use. */
export function report(peer, args, elapsedSeconds, metrics, extra = {}) {
  process.stdout.write(JSON.stringify({
    peer, agents: args.agents, days: args.days, seed: args.seed, elapsedSeconds, metrics, ...extra,
  }) + '\n');
}
