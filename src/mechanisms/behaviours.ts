// Behaviours: what agents do. Each behaviour has a daily rate per eligible agent and a lognormal
// per-agent propensity (stratified: see engine/strata.ts); events are found by geometric skipping
// over each band of propensity levels, so the cost follows the number of events, not agents × days.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';
import { drawBelow, geometricScale, philox4x32, seedKey, skipMargin, Stream } from '../engine/rng.ts';
import { positionOfRow, rowOfPositionKeyed, strataKeys } from '../engine/strata.ts';
import { propensityLevels, PROPENSITY_LEVELS } from '../engine/traits.ts';
import { NAME } from './common.ts';

const behaviour = z.strictObject({
  name: NAME.describe('Name used as `event` in policy conditions, e.g. jaywalking.'),
  kind: z.enum(['offence', 'speech', 'reward']).describe('offence: penalised conduct; speech: lawful speech a censor may target; reward: a rewarded act.'),
  ratePerDay: z.number().min(0).max(1).describe('Probability per eligible agent per day (mean over agents).'),
  who: z.array(z.enum(AGE_CLASSES)).min(1).default(['adult', 'elder']).describe('Age classes that can do it. Default: adults and elders.'),
  heterogeneity: z.number().min(0).max(5).default(0)
    .describe('Coefficient of variation of the per-agent propensity multiplier (lognormal, mean 1). 0: every agent has the same rate.'),
  observedBy: z.enum(['cameras', 'records', 'monitoring', 'none']).default('none')
    .describe('How the regime learns of it: street cameras, institutional records (certain), online monitoring of posts, or not at all.'),
  list: z.string().optional().describe('With observedBy: records, the list a record places the agent on (see records.lists).'),
});

export type BehaviourConfig = z.infer<typeof behaviour>;

/** Propensity levels per band: candidates are drawn at the band's largest rate and thinned. */
const LEVELS_PER_BAND = 8;
const BANDS = PROPENSITY_LEVELS / LEVELS_PER_BAND;
/** Stratum positions per band (256 rows per level). */
const BAND_POSITIONS = LEVELS_PER_BAND * 256;

interface BehaviourPlan {
  ratePerDay: number;
  heterogeneous: boolean;
  /** daily probability of a candidate in each band: min(1, rate × the band's largest multiplier) */
  bandRate: Float64Array;
  /** geometricScale(bandRate) for each band */
  bandScale: Float64Array;
  /** skipMargin(bandScale) for each band */
  bandMargin: Float64Array;
  /** probability that a candidate at each level is an event: min(1, rate × level) / bandRate */
  accept: Float64Array;
  /** ceil(accept × 2^32): a candidate whose 32-bit draw is below it is kept (the draw / 2^32 is below accept) */
  acceptBelow: Float64Array;
  /** bit k set: age class k can do it */
  eligible: number;
}

/** The daily probability of behaviour `b` for an agent at propensity `level`. */
export function dailyProbability(ratePerDay: number, heterogeneity: number, level: number): number {
  return Math.min(1, ratePerDay * propensityLevels(heterogeneity)[level]);
}

export const behaviours = defineMechanism({
  key: 'behaviours',
  required: true,
  doc: 'Agents offend, speak and do rewarded acts at a base daily rate, scaled by a fixed per-agent propensity (lognormal with mean 1, quantised into 256 levels). Only eligible age classes act.',
  schema: z.array(behaviour).min(1).max(32).superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((b, i) => {
      if (seen.has(b.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate behaviour name "${b.name}" (also at behaviours[${seen.get(b.name)}])` });
      seen.set(b.name, i);
      if (b.list !== undefined && b.observedBy !== 'records') {
        ctx.addIssue({ code: 'custom', path: [i, 'list'], message: 'a list can only be set for a behaviour with observedBy: records' });
      }
    });
  }),
  reads: ['household'],
  writes: [],
  phases: ['act'],
  stream: 10,
  vocabulary: (config) => ({
    events: config.map((b) => b.name),
    eventObservers: config.map((b) => b.observedBy),
    eventKinds: config.map((b) => b.kind),
  }),
  compile(config): BehaviourPlan[] {
    return config.map((b) => {
      const levels = propensityLevels(b.heterogeneity);
      const bandRate = new Float64Array(BANDS);
      const accept = new Float64Array(PROPENSITY_LEVELS);
      for (let band = 0; band < BANDS; band++) {
        bandRate[band] = Math.min(1, b.ratePerDay * levels[band * LEVELS_PER_BAND + LEVELS_PER_BAND - 1]);
        for (let k = band * LEVELS_PER_BAND; k < (band + 1) * LEVELS_PER_BAND; k++) {
          accept[k] = bandRate[band] > 0 ? Math.min(1, b.ratePerDay * levels[k]) / bandRate[band] : 0;
        }
      }
      return {
        ratePerDay: b.ratePerDay,
        heterogeneous: b.heterogeneity > 0,
        bandRate,
        bandScale: bandRate.map(geometricScale),
        bandMargin: bandRate.map((p) => skipMargin(geometricScale(p))),
        accept,
        acceptBelow: accept.map((a) => Math.ceil(a * 2 ** 32)),
        eligible: b.who.reduce((mask, age) => mask | (1 << AGE_CLASSES.indexOf(age)), 0),
      };
    });
  },
  create(plans: BehaviourPlan[], world) {
    const [k0, k1] = seedKey(world.seed);
    const words = new Uint32Array(4);
    const traitKeys = plans.map((_, b) => philox4x32(Stream.traits, b, 0, 0, k0, k1, words)[0]);
    const cols = world.columns;
    const keys = new Int32Array(4);

    /**
     * Draws the block's events of behaviour `b`: in each band, geometric skipping over its stratum
     * positions (all 2^16 rows in one band when every agent has the same rate). One call per
     * behaviour, not per band, keeps the loop and everything it calls compiled as one piece.
     */
    function draw(ctx: BlockContext, b: number, plan: BehaviourPlan): void {
      const rng = ctx.rng;
      const accept = plan.accept;
      const acceptBelow = plan.acceptBelow;
      const heterogeneous = plan.heterogeneous;
      const bands = heterogeneous ? BANDS : 1;
      const width = heterogeneous ? BAND_POSITIONS : BLOCK_SIZE;
      const eligible = plan.eligible;
      const household = cols.householdBytes;
      const start = ctx.start;
      const size = ctx.end - start;
      const first = ctx.firstSegment;
      // the day's three event lists, written through locals (one length for all three), with room
      // for every position of the block, so that the loop below need not check
      const agents = ctx.eventAgent;
      const kinds = ctx.eventKind;
      const segments = ctx.eventSegment;
      let n = agents.length;
      const agentData = agents.reserve(n + BLOCK_SIZE);
      const kindData = kinds.reserve(n + BLOCK_SIZE);
      const segmentData = segments.reserve(n + BLOCK_SIZE);
      if (heterogeneous) strataKeys(traitKeys[b], ctx.block, keys);
      const k0 = keys[0], k1 = keys[1], k2 = keys[2], k3 = keys[3];
      for (let k = 0; k < bands; k++) {
        if (!(plan.bandRate[k] > 0)) continue;
        const scale = plan.bandScale[k];
        const margin = plan.bandMargin[k];
        const end = (k + 1) * width;
        let q = k * width - 1;
        for (;;) {
          q += rng.skipWithin(scale, margin);
          if (q >= end) break;
          let row = q;
          let kept = 1;
          if (heterogeneous) {
            // thinning to the candidate's level: kept when the draw is below its acceptance
            if (accept[q >>> 8] < 1) kept = drawBelow(rng.nextU32(), acceptBelow[q >>> 8]);
            row = rowOfPositionKeyed(q, k0, k1, k2, k3);
          }
          if (row >= size) continue;
          const agent = start + row;
          // written whatever the thinning and the agent's age class say, and kept (n moves on) only if
          // both let it: a quarter of candidates are children and a fifth are thinned out, at random,
          // too often for a branch to guess
          agentData[n] = agent;
          kindData[n] = b;
          segmentData[n] = world.segmentFrom(agent, first);
          n += kept & (eligible >>> (household[agent] >>> 6));
        }
      }
      agents.length = n;
      kinds.length = n;
      segments.length = n;
    }

    return {
      step(_phase, ctx: BlockContext) {
        for (let b = 0; b < plans.length; b++) draw(ctx, b, plans[b]);
      },
    };
  },
});

/** The propensity level (0..255) of `agent` for behaviour `b`; with no heterogeneity every level has multiplier 1. */
export function propensityLevelOf(seed: number, b: number, agent: number): number {
  const [k0, k1] = seedKey(seed);
  const key = philox4x32(Stream.traits, b, 0, 0, k0, k1, new Uint32Array(4))[0];
  const block = Math.floor(agent / BLOCK_SIZE);
  return positionOfRow(agent - block * BLOCK_SIZE, strataKeys(key, block, new Int32Array(4))) >>> 8;
}
