// Behaviours: what agents do. Each behaviour has a daily rate per eligible agent and a lognormal
// per-agent propensity; events are found by geometric skipping plus thinning, so the cost follows
// the number of events, not agents × days.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { AGE_CLASSES } from '../engine/layout.ts';
import { Counter } from '../engine/counters.ts';
import { hash2, philox4x32, seedKey, Stream } from '../engine/rng.ts';
import { propensityLevels, PROPENSITY_LEVELS } from '../engine/traits.ts';
import { NAME } from './common.ts';

const behaviour = z.strictObject({
  name: NAME.describe('Name used as `event` in policy conditions, e.g. jaywalking.'),
  kind: z.enum(['offence', 'speech', 'reward']).describe('offence: penalised conduct; speech: lawful speech a censor may target; reward: a rewarded act.'),
  ratePerDay: z.number().min(0).max(1).describe('Probability per eligible agent per day (mean over agents).'),
  who: z.array(z.enum(AGE_CLASSES)).min(1).default(['adult', 'elder']).describe('Age classes that can do it. Default: adults and elders.'),
  heterogeneity: z.number().min(0).max(5).default(0)
    .describe('Coefficient of variation of the per-agent propensity multiplier (lognormal, mean 1). 0: every agent has the same rate.'),
  observedBy: z.enum(['cameras', 'records', 'none']).default('none')
    .describe('How the regime learns of it: street cameras, institutional records (certain), or not at all.'),
  list: z.string().optional().describe('With observedBy: records, the list a record places the agent on (see records.lists).'),
});

export type BehaviourConfig = z.infer<typeof behaviour>;

interface BehaviourPlan {
  ratePerDay: number;
  /** largest propensity multiplier: candidate events are drawn at ratePerDay × maxMultiplier */
  maxMultiplier: number;
  /** acceptance probability of a candidate for each propensity level: level / maxMultiplier */
  accept: Float64Array;
  heterogeneous: boolean;
  /** bit k set: age class k can do it */
  eligible: number;
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
  }),
  compile(config): BehaviourPlan[] {
    return config.map((b) => {
      const levels = propensityLevels(b.heterogeneity);
      const maxMultiplier = levels[PROPENSITY_LEVELS - 1];
      return {
        ratePerDay: b.ratePerDay,
        maxMultiplier,
        accept: levels.map((l) => l / maxMultiplier),
        heterogeneous: b.heterogeneity > 0,
        eligible: b.who.reduce((mask, age) => mask | (1 << AGE_CLASSES.indexOf(age)), 0),
      };
    });
  },
  create(plans: BehaviourPlan[], world) {
    const [k0, k1] = seedKey(world.seed);
    const words = new Uint32Array(4);
    const traitKeys = plans.map((_, b) => philox4x32(Stream.traits, b, 0, 0, k0, k1, words)[0]);
    const household = world.columns.household;
    return {
      step(_phase, ctx: BlockContext) {
        const rng = ctx.rng;
        const end = ctx.end;
        for (let b = 0; b < plans.length; b++) {
          const plan = plans[b];
          const p = Math.min(1, plan.ratePerDay * plan.maxMultiplier);
          if (p <= 0) continue;
          const logQ = p < 1 ? Math.log1p(-p) : 0;
          const accept = plan.accept;
          const key = traitKeys[b];
          let segment = ctx.firstSegment;
          let i = ctx.start - 1;
          for (;;) {
            i += p < 1 ? 1 + Math.floor(Math.log(rng.uniformPositive()) / logQ) : 1;
            if (i >= end) break;
            if (((plan.eligible >>> (household[i] >>> 6)) & 1) === 0) continue;
            if (plan.heterogeneous && rng.uniform() >= accept[hash2(key, i) >>> 24]) continue;
            segment = world.segmentFrom(i, segment);
            ctx.eventAgent.push(i);
            ctx.eventKind.push(b);
            ctx.eventSegment.push(segment);
            world.count(ctx.day, world.segmentGroup[segment], Counter.events);
          }
        }
      },
    };
  },
});

/** The propensity multiplier of `agent` for behaviour `b` (used by tests and the reference model). */
export function propensityOf(seed: number, b: number, heterogeneity: number, agent: number): number {
  const [k0, k1] = seedKey(seed);
  const key = philox4x32(Stream.traits, b, 0, 0, k0, k1, new Uint32Array(4))[0];
  return propensityLevels(heterogeneity)[hash2(key, agent) >>> 24];
}
