// Fixed per-agent traits that are derived, not stored: a propensity level for each behaviour is a
// hash of (seed, behaviour, agent), mapped through a table of 256 equal-probability quantiles.

/** Number of quantised propensity levels. */
export const PROPENSITY_LEVELS = 256;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Propensity multipliers for a lognormal with mean 1 and coefficient of variation `cv`, quantised
 * into 256 equal-probability levels and renormalised so the levels average exactly 1.
 * cv = 0 gives every agent the multiplier 1.
 */
export function propensityLevels(cv: number): Float64Array {
  const levels = new Float64Array(PROPENSITY_LEVELS);
  if (cv <= 0) return levels.fill(1);
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  let sum = 0;
  for (let k = 0; k < PROPENSITY_LEVELS; k++) {
    const z = normalQuantile((k + 0.5) / PROPENSITY_LEVELS);
    levels[k] = Math.exp(sigma * z - (sigma * sigma) / 2);
    sum += levels[k];
  }
  const mean = sum / PROPENSITY_LEVELS;
  for (let k = 0; k < PROPENSITY_LEVELS; k++) levels[k] /= mean;
  return levels;
}
