// Helpers the benchmark scripts share: options from the command line, medians, number formatting.

/** `--name value` options of `argv`: option(name, fallback) returns the value, or the fallback. */
export function options(argv = process.argv.slice(2)) {
  return (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A number with exactly `digits` decimals and thousands separators. */
export function fmt(x, digits = 1) {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
