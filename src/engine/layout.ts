// The population layout: agents are laid out region by region and, inside a region, group by group,
// so an agent's region and group follow from its index through a short table of segments.

/** Agents per block: the unit of randomness, parallel work and cross-block exchange. Fixed forever. */
export const BLOCK_SIZE = 65536;

export const AGE_CHILD = 0;
export const AGE_ADULT = 1;
export const AGE_ELDER = 2;
export const AGE_CLASSES = ['child', 'adult', 'elder'] as const;

/** What the layout is built from: plain data validated by the scenario schema. */
export interface LayoutSpec {
  agents: number;
  /** Population share of each group, summing to 1. */
  groupShares: readonly number[];
  /** For each group, the indices of the regions it is concentrated in (may be empty). */
  groupHomes: readonly (readonly number[])[];
  /** Population share of each region, summing to 1 (before segregation moves people). */
  regionShares: readonly number[];
  /** 0: every group spread like the whole population; 1: each concentrated group lives only in its home regions. */
  segregation: number;
}

/** Contiguous runs of agents sharing a region and a group. Plain data, safe to post to a worker. */
export interface Layout {
  agents: number;
  blocks: number;
  /** segmentStart[s] is the first agent of segment s; segmentStart[segments] === agents. */
  segmentStart: Float64Array;
  segmentRegion: Uint16Array;
  segmentGroup: Uint8Array;
  /** regionStart[r] is the first agent of region r; regionStart[regions] === agents. */
  regionStart: Float64Array;
  /** Agents in each (region, group), row-major by region. */
  regionGroupCount: Float64Array;
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder, ties by index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]]++;
  return parts;
}

export function createLayout(spec: LayoutSpec): Layout {
  const G = spec.groupShares.length;
  const R = spec.regionShares.length;
  const groupCounts = apportion(spec.agents, spec.groupShares);
  const counts = new Float64Array(R * G);
  for (let g = 0; g < G; g++) {
    const homes = new Set(spec.groupHomes[g]);
    const homeShare = spec.regionShares.reduce((acc, s, r) => acc + (homes.has(r) ? s : 0), 0);
    const weights = spec.regionShares.map((s, r) => {
      const concentrated = homes.size === 0 || homeShare === 0 ? s : homes.has(r) ? s / homeShare : 0;
      return (1 - spec.segregation) * s + spec.segregation * concentrated;
    });
    apportion(groupCounts[g], weights).forEach((n, r) => (counts[r * G + g] = n));
  }
  const starts: number[] = [];
  const regions: number[] = [];
  const groups: number[] = [];
  const regionStart = new Float64Array(R + 1);
  let at = 0;
  for (let r = 0; r < R; r++) {
    regionStart[r] = at;
    for (let g = 0; g < G; g++) {
      const n = counts[r * G + g];
      if (n === 0) continue;
      starts.push(at);
      regions.push(r);
      groups.push(g);
      at += n;
    }
  }
  regionStart[R] = at;
  starts.push(at);
  return {
    agents: spec.agents,
    blocks: Math.ceil(spec.agents / BLOCK_SIZE),
    segmentStart: Float64Array.from(starts),
    segmentRegion: Uint16Array.from(regions),
    segmentGroup: Uint8Array.from(groups),
    regionStart,
    regionGroupCount: counts,
  };
}
