// Breach: on one day, stores of the regime leak a share of the records they hold. Logs (chat logs,
// verification logs) hold what was written within their retention period; the registry holds every
// number holder; the blacklist holds everyone on a list or under a sanction that day. Exposure is
// counted as distinct agents and as fields (each store's records carry a number of fields).
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { geometricScale } from '../engine/rng.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { FLAG_EXPOSED_SHIFT, FLAG_LIST_SHIFT, FLAG_SANCTION_SHIFT } from '../engine/columns.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';
import { STORES, type StoreName, type StorePlan } from '../engine/plan.ts';
import { NAME, PROBABILITY, reportDuplicates } from './common.ts';

const store = z.strictObject({
  store: z.enum(STORES).describe('chatLogs (monitored posts), registry (phone-number holders), verificationLogs (gate face checks) or blacklist (agents on a list or under a sanction).'),
  share: PROBABILITY.describe('Share of the store\'s records that leak.'),
  retentionDays: z.number().int().min(1).optional().describe('For logs: how long records are kept before deletion. Default: the whole run.'),
  fields: z.array(NAME).min(1).describe('The fields each record exposes (e.g. name, idNumber, phone, messages).'),
});

const config = z.strictObject({
  day: z.number().int().min(1).describe('Day of the breach (a run that ends before it has no breach).'),
  stores: z.array(store).min(1).max(STORES.length).describe('The stores that leak.'),
}).superRefine((c, ctx) => reportDuplicates(c.stores, 'store', 'store', ctx, ['stores']));

export type BreachConfig = z.infer<typeof config>;

interface BreachPlan {
  day: number;
  /** status bits of sanctions (perks are not on the blacklist) */
  sanctionBits: number;
  /** share leaking from the registry and blacklist (0 when not listed) */
  registryShare: number;
  blacklistShare: number;
  registryEligible: number;
}

export const breach = defineMechanism({
  key: 'breach',
  doc: 'On the breach day each listed store leaks a share of its records. Logs hold the records written in the retentionDays before and including the breach day; each leaks independently (decided as it is written, which is the same in distribution). The registry holds every number holder (registry.who, by default adults and elders: real-name registration is universal); the blacklist holds every agent on a list or under a sanction (not a perk) that day. An agent is exposed when any of its records leaks; fields exposed add up each leaked store\'s fields per exposed agent. A breach day after the run\'s last day means no breach.',
  schema: config,
  reads: ['flags', 'household'],
  writes: ['flags'],
  phases: ['daily'],
  stream: 20,
  counters: () => ['breachLeaked'],
  stores(c, days) {
    const out: Partial<Record<StoreName, StorePlan>> = {};
    for (const s of c.stores) {
      const from = s.retentionDays === undefined ? 1 : Math.max(1, c.day - s.retentionDays + 1);
      // a breach after the run's last day does not happen: nothing written during the run leaks
      out[s.store] = c.day > days ? { from: 0, to: -1, share: 0, fields: s.fields.length } : { from, to: c.day, share: s.share, fields: s.fields.length };
    }
    return out;
  },
  compile(c, ctx): BreachPlan {
    const share = (name: StoreName) => c.stores.find((s) => s.store === name)?.share ?? 0;
    const holders = (ctx.configs.registry as { who?: string[] } | undefined)?.who ?? ['adult', 'elder'];
    return {
      day: c.day,
      sanctionBits: ((1 << ctx.vocabulary.sanctions.length) - 1) << FLAG_SANCTION_SHIFT,
      registryShare: share('registry'),
      blacklistShare: share('blacklist'),
      registryEligible: holders.reduce((m, a) => m | (1 << AGE_CLASSES.indexOf(a as (typeof AGE_CLASSES)[number])), 0),
    };
  },
  create(plan: BreachPlan, world) {
    const cols = world.columns;
    const leaked = world.counter('breachLeaked');
    const registryBit = 1 << (FLAG_EXPOSED_SHIFT + STORES.indexOf('registry'));
    const blacklistBit = 1 << (FLAG_EXPOSED_SHIFT + STORES.indexOf('blacklist'));
    const listedOrSanctioned = (0xf << FLAG_LIST_SHIFT) | plan.sanctionBits;
    const tracer = world.tracer;

    function leak(ctx: BlockContext, agent: number, bit: number, store: string): void {
      cols.setFlags(agent, cols.flags(agent) | (bit));
      world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], leaked);
      if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'breach', store });
    }

    return {
      step(_phase, ctx: BlockContext) {
        if (ctx.day !== plan.day) return;
        const rng = ctx.rng;
        const p = plan.registryShare;
        if (p > 0) {
          const scale = geometricScale(p);
          let row = -1;
          for (;;) {
            row += rng.skip(scale);
            const agent = ctx.start + row;
            if (row >= BLOCK_SIZE || agent >= ctx.end) break;
            if ((plan.registryEligible >>> (cols.household(agent) >>> 6)) & 1) leak(ctx, agent, registryBit, 'registry');
          }
        }
        if (plan.blacklistShare > 0) {
          for (let agent = ctx.start; agent < ctx.end; agent++) {
            if ((cols.flags(agent) & listedOrSanctioned) !== 0 && rng.uniform() < plan.blacklistShare) leak(ctx, agent, blacklistBit, 'blacklist');
          }
        }
      },
    };
  },
});
