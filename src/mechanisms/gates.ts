// Gates: identity checkpoints (a phone number, a train or plane ticket, school enrolment, a job).
// An attempt passes a 1:1 face verification (every try may falsely fail) and a policy check
// (blocked by a sanction's flags, the agent's own or a household member's, or a CEL condition).
// It ends admitted, denied by policy, or denied wrongly: a genuine person the verifier kept rejecting.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { geometricScale, skipMargin } from '../engine/rng.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { FLAG_SANCTION_SHIFT, FLAG_WRONGFUL_SHIFT, HOUSEHOLD_STATUS_ACTIVE } from '../engine/columns.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';
import { STORES } from '../engine/plan.ts';
import { NAME, PROBABILITY, reportDuplicates } from './common.ts';

const gate = z.strictObject({
  name: NAME.describe('Name of the gate, e.g. planeTicket.'),
  who: z.array(z.enum(AGE_CLASSES)).min(1).default(['adult', 'elder']).describe('Age classes that use it. Default: adults and elders.'),
  ratePerDay: PROBABILITY.optional().describe('Daily probability that an eligible agent needs the service.'),
  yearlyOnDay: z.number().int().min(1).max(365).optional()
    .describe('Instead of a daily rate: every eligible agent goes through the gate on this day of each year (e.g. school enrolment).'),
  fnmr: PROBABILITY.default(0).describe('1:1 face verification false-non-match rate per try. Default 0.'),
  fnmrByGroup: z.record(z.string(), PROBABILITY).default({}).describe('False-non-match rate by group, overriding fnmr.'),
  retries: z.number().int().min(0).max(10).default(0).describe('Further tries after a false non-match. Default 0.'),
  blockedBy: z.array(NAME).default([]).describe('Denied while the agent is under a sanction or perk setting one of these flags.'),
  blockedByHousehold: z.array(NAME).default([]).describe('Denied while a member of the agent\'s household is under a sanction whose householdFlags include one of these.'),
  deny: z.string().optional().describe('CEL condition over group, regionKind, ageClass, grade and lists that denies the service (e.g. grade == "D").'),
  logged: z.boolean().default(true).describe('Verification attempts are kept in the verificationLogs store (exposed by a breach). Default true.'),
}).superRefine((g, ctx) => {
  if ((g.ratePerDay === undefined) === (g.yearlyOnDay === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['ratePerDay'], message: 'give exactly one of ratePerDay and yearlyOnDay' });
  }
});

export type GateConfig = z.infer<typeof gate>;

interface GatePlan {
  name: string;
  rate: number;
  yearlyOnDay: number;
  eligible: number;
  /** by group: probability that every try falsely fails */
  allTriesFail: Float64Array;
  /** status bits that block the agent itself */
  ownMask: number;
  /** status bits that block the members of the agent's household */
  householdMask: number;
  /** agent-domain table, or empty when there is no deny condition */
  deny: Uint8Array;
  logged: boolean;
}

export const OUTCOMES = ['attempts', 'admitted', 'deniedByPolicy', 'deniedByPolicyWrongly', 'deniedByVerification'] as const;

export const gates = defineMechanism({
  key: 'gates',
  doc: 'Each gate has a daily demand (or a yearly day), a 1:1 false-non-match rate per try by group, a number of retries and a policy. An attempt is denied wrongly when every face-verification try falsely fails (probability fnmr^(retries+1)), unless the policy would have denied it rightly anyway. Otherwise it is denied by policy when a sanction or perk of the agent sets a blockedBy flag, a household member\'s sanction sets a blockedByHousehold flag, or the deny condition holds; that denial is wrongful when it rests only on wrongful sanctions or on a deny condition the true state would not meet. Gates run after the day\'s records, so they see the sanctions of the day before.',
  schema: z.array(gate).max(16).superRefine((list, ctx) => reportDuplicates(list, 'name', 'gate name', ctx)),
  reads: ['score', 'trueScore', 'flags', 'household'],
  writes: ['flags'],
  phases: ['daily'],
  stream: 16,
  counters: (config) => [...config.flatMap((g) => OUTCOMES.map((o) => `gate.${g.name}.${o}`))],
  compile(config, ctx): GatePlan[] {
    const statusFlags = ctx.vocabulary.statusFlags;
    const known = new Set(statusFlags.flat());
    const mask = (names: string[], prefix: string) =>
      statusFlags.reduce((m, flags, k) => (names.some((n) => flags.includes(prefix + n)) ? m | (1 << (FLAG_SANCTION_SHIFT + k)) : m), 0);
    return config.map((g, i) => {
      g.blockedBy.forEach((f, j) => {
        if (!known.has(f)) ctx.problem([i, 'blockedBy', j], `no sanction or perk sets the flag "${f}"`);
      });
      g.blockedByHousehold.forEach((f, j) => {
        if (!known.has(`household:${f}`)) ctx.problem([i, 'blockedByHousehold', j], `no sanction sets the household flag "${f}"`);
      });
      for (const name of Object.keys(g.fnmrByGroup)) {
        if (!ctx.groups.includes(name)) ctx.problem([i, 'fnmrByGroup', name], `unknown group "${name}"; groups are ${ctx.groups.join(', ')}`);
      }
      const tries = g.retries + 1;
      return {
        name: g.name,
        rate: g.ratePerDay ?? 0,
        yearlyOnDay: g.yearlyOnDay ?? 0,
        eligible: g.who.reduce((m, a) => m | (1 << AGE_CLASSES.indexOf(a)), 0),
        allTriesFail: Float64Array.from(ctx.groups, (name) => (g.fnmrByGroup[name] ?? g.fnmr) ** tries),
        ownMask: mask(g.blockedBy, ''),
        householdMask: mask(g.blockedByHousehold, 'household:'),
        deny: g.deny === undefined ? new Uint8Array(0) : ctx.condition(g.deny, [i, 'deny'], 'agent'),
        logged: g.logged,
      };
    });
  },
  create(plans: GatePlan[], world) {
    const cols = world.columns;
    const counters = plans.map((g) => OUTCOMES.map((o) => world.counter(`gate.${g.name}.${o}`)));
    const verificationLogs = STORES.indexOf('verificationLogs');
    const tracer = world.tracer;

    function attempt(ctx: BlockContext, gi: number, agent: number): void {
      const g = plans[gi];
      const day = ctx.day;
      const segment = world.segmentFrom(agent, ctx.firstSegment);
      const group = world.segmentGroup[segment];
      const c = counters[gi];
      world.count(day, group, c[0]);
      if (g.logged) world.store(agent, verificationLogs, day, ctx.rng);
      // the policy decision is what an agent whose face is accepted would get; the household byte
      // says whether an agent is under any sanction or perk, so most attempts ask nothing more
      let outcome = 1;
      if ((g.ownMask !== 0 && (cols.household(agent) & HOUSEHOLD_STATUS_ACTIVE) !== 0) || g.householdMask !== 0 || g.deny.length > 0) {
        outcome = policy(ctx, g, agent, segment);
      }
      // a genuine person the verifier rejects on every try is denied wrongly, unless the policy would
      // have denied them rightly anyway
      if (ctx.rng.uniform() < g.allTriesFail[group] && outcome !== 2) outcome = 4;
      world.count(day, group, c[outcome]);
      // a wrongful policy denial is also a denial by policy
      if (outcome === 3) world.count(day, group, c[2]);
      if (tracer.on(agent)) tracer.add({ agent, day, kind: 'gate', gate: g.name, outcome: OUTCOMES[outcome] });
    }

    /**
     * The policy's answer for an agent whose face is accepted: 1 admitted, 2 denied rightly, 3 denied
     * on the strength of wrongful sanctions or of a deny condition the true state would not meet.
     * Called only for agents under a status or gates that ask more, so the common attempt stays short.
     */
    function policy(ctx: BlockContext, g: GatePlan, agent: number, segment: number): number {
      let blocked = false;
      let rightly = false;
      if (g.ownMask !== 0 && (cols.household(agent) & HOUSEHOLD_STATUS_ACTIVE) !== 0) {
        const f = cols.flags(agent);
        blocked = (f & g.ownMask) !== 0;
        rightly = (f & g.ownMask & ~(f >>> (FLAG_WRONGFUL_SHIFT - FLAG_SANCTION_SHIFT))) !== 0;
      }
      if (g.householdMask !== 0 && !rightly) {
        const head = world.householdHead(agent);
        const end = world.householdEnd(head, ctx.end);
        for (let m = head; m < end; m++) {
          if ((cols.household(m) & HOUSEHOLD_STATUS_ACTIVE) === 0) continue;
          const fm = cols.flags(m) & g.householdMask;
          if (fm === 0) continue;
          blocked = true;
          if (fm & ~(cols.flags(m) >>> (FLAG_WRONGFUL_SHIFT - FLAG_SANCTION_SHIFT))) rightly = true;
        }
      }
      if (g.deny.length > 0) {
        const f = cols.flags(agent);
        const staticIndex = world.staticIndex(segment, agent);
        if (g.deny[world.stateIndex(staticIndex, world.scoreAt(agent, ctx.day), f)] === 1) blocked = true;
        if (g.deny[world.stateIndex(staticIndex, world.trueScoreAt(agent, ctx.day), f)] === 1) rightly = true;
      }
      return !blocked ? 1 : rightly ? 2 : 3;
    }

    return {
      step(_phase, ctx: BlockContext) {
        const rng = ctx.rng;
        world.warmHousehold(ctx.start, ctx.end);
        for (let gi = 0; gi < plans.length; gi++) {
          const g = plans[gi];
          if (g.yearlyOnDay > 0) {
            if ((ctx.day - 1) % 365 + 1 !== g.yearlyOnDay) continue;
            for (let a = ctx.start; a < ctx.end; a++) if ((g.eligible >>> (cols.household(a) >>> 6)) & 1) attempt(ctx, gi, a);
            continue;
          }
          if (g.rate <= 0) continue;
          const scale = geometricScale(g.rate);
          const margin = skipMargin(scale);
          let row = -1;
          for (;;) {
            row += rng.skipWithin(scale, margin);
            const agent = ctx.start + row;
            if (row >= BLOCK_SIZE || agent >= ctx.end) break;
            if ((g.eligible >>> (cols.household(agent) >>> 6)) & 1) attempt(ctx, gi, agent);
          }
        }
      },
    };
  },
});
