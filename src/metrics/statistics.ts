// Whole-population statistics computed exactly from integer histograms, so results are the same
// whatever order the workers' counts were added in.

/** Mean of values min..min+counts.length-1 weighted by counts; 0 for an empty histogram. */
export function histogramMean(counts: ArrayLike<number>, min: number): number {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < counts.length; k++) {
    n += counts[k];
    sum += counts[k] * (min + k);
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Gini coefficient = Gini mean difference / (2 × mean), the mean difference taken over distinct
 * pairs, Σ_{i≠j}|x_i − x_j| / (n(n−1)) (as Hmisc::GiniMd). 0 when n < 2 or the mean is 0.
 */
export function histogramGini(counts: ArrayLike<number>, min: number): number {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < counts.length; k++) {
    n += counts[k];
    sum += counts[k] * (min + k);
  }
  if (n < 2 || sum === 0) return 0;
  // Σ_{i≠j}|x_i − x_j| = 2 Σ_i (2i − n − 1) x_(i), with x sorted ascending and i from 1.
  let below = 0;
  let weighted = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (c === 0) continue;
    const ranks = c * below + (c * (c + 1)) / 2;
    weighted += (2 * ranks - c * (n + 1)) * (min + k);
    below += c;
  }
  const meanDifference = (2 * weighted) / (n * (n - 1));
  return meanDifference / (2 * (sum / n));
}

/** Lowest over highest of the rates; 1 when every rate is 0 (an equal, zero burden). */
export function disparateImpact(rates: readonly number[]): number {
  if (rates.length === 0) return 1;
  const hi = Math.max(...rates);
  const lo = Math.min(...rates);
  return hi === 0 ? 1 : lo / hi;
}

/**
 * The band disparate-impact ratios are read against by default: 0.8 is the four-fifths rule, 1.25
 * its reciprocal (docs/metrics.md says where both come from and where they are contested).
 */
export const DEFAULT_BAND: [number, number] = [0.8, 1.25];
