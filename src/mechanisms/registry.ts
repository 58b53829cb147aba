// The phone-number registry: numbers are registered to identities and may not be passed on. Some
// registrations are fraudulent, made under another person's identity; misuse of such a number is
// recorded against the identity holder (an error). Holders check, with a daily probability, which
// numbers stand under their name and have fraudulent ones removed.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { geometricScale } from '../engine/rng.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { BlockMap, Calendar, IntList } from '../engine/buffers.ts';
import { FLAG_FRAUD_MASK, FLAG_FRAUD_SHIFT } from '../engine/columns.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';
import { Cause, packRecord } from '../engine/records.ts';
import { PROBABILITY } from './common.ts';

const config = z.strictObject({
  who: z.array(z.enum(AGE_CLASSES)).min(1).default(['adult', 'elder']).describe('Age classes holding numbers. Default: adults and elders.'),
  initialFraudulentShare: PROBABILITY.default(0).describe('Share of holders with a fraudulent number under their identity on the first day. Default 0.'),
  fraudulentPerDay: PROBABILITY.default(0).describe('Daily probability that a fraudulent registration is made under a holder\'s identity. Default 0.'),
  misusePerDay: PROBABILITY.describe('Daily probability that a fraudulent number is misused.'),
  misuseEvent: z.string().describe('The behaviour a misuse is recorded as against the identity holder (scoring rules on it apply).'),
  selfCheckPerDay: PROBABILITY.default(0).describe('Daily probability that a holder with a fraudulent number checks the registry and has it removed. Default 0.'),
});

export type RegistryConfig = z.infer<typeof config>;

interface RegistryPlan {
  eligible: number;
  initial: number;
  perDay: number;
  misuse: number;
  misuseEvent: number;
  selfCheck: number;
}

export const registry = defineMechanism({
  key: 'registry',
  doc: 'Each holder may have up to three fraudulent numbers registered under their identity: a share at the start and new ones at fraudulentPerDay. Each fraudulent number is misused at misusePerDay (a holder with n numbers after geometric waits at n × misusePerDay a day); each misuse is recorded against the identity holder as misuseEvent, an error caused by fraud. A holder with a fraudulent number checks the registry after a geometric time (selfCheckPerDay) and has all fraudulent numbers removed; misuse stops with them.',
  schema: config,
  reads: ['flags', 'household'],
  writes: ['flags'],
  phases: ['observe'],
  stream: 19,
  counters: () => ['fraudRegistered', 'fraudMisused', 'fraudRemoved'],
  compile(c, ctx): RegistryPlan {
    const event = ctx.vocabulary.events.indexOf(c.misuseEvent);
    if (event < 0) ctx.problem(['misuseEvent'], `unknown behaviour "${c.misuseEvent}"; behaviours are ${ctx.vocabulary.events.join(', ')}`);
    return {
      eligible: c.who.reduce((m, a) => m | (1 << AGE_CLASSES.indexOf(a)), 0),
      initial: c.initialFraudulentShare,
      perDay: c.fraudulentPerDay,
      misuse: c.misusePerDay,
      misuseEvent: Math.max(0, event),
      selfCheck: c.selfCheckPerDay,
    };
  },
  create(plan: RegistryPlan, world) {
    const cols = world.columns;
    const misuses = new Calendar(world.layout.blocks);
    const checks = new Calendar(world.layout.blocks);
    const due = new IntList();
    const checked = new IntList();
    // the day each holder's next misuse and next self-check are due (sparse: holders of fraudulent
    // numbers only); a calendar entry for any other day is stale and ignored
    const nextMisuse = new BlockMap(world.layout.blocks);
    const nextCheck = new BlockMap(world.layout.blocks);
    const registered = world.counter('fraudRegistered');
    const misused = world.counter('fraudMisused');
    const removed = world.counter('fraudRemoved');
    const tracer = world.tracer;
    const info = packRecord(plan.misuseEvent, true, Cause.fraud, -1);

    /** Whole days until an event with daily probability p (at least 1), or Infinity when p is 0. */
    function wait(ctx: BlockContext, p: number): number {
      if (p <= 0) return Infinity;
      if (p >= 1) return 1;
      return 1 + Math.floor(Math.log(ctx.rng.uniformPositive()) / Math.log1p(-p));
    }

    function schedule(calendar: Calendar, due: BlockMap, ctx: BlockContext, p: number, agent: number): void {
      const day = ctx.day + wait(ctx, p);
      due.set(agent, day);
      if (day <= world.days) calendar.add(day, agent);
    }

    /** The holder's numbers are misused at misusePerDay each: one chain at the summed rate. */
    function misuseRate(count: number): number {
      return Math.min(1, count * plan.misuse);
    }

    function addNumber(ctx: BlockContext, agent: number): void {
      const f = cols.flags(agent);
      const count = (f & FLAG_FRAUD_MASK) >>> FLAG_FRAUD_SHIFT;
      if (count === 3) return;
      cols.setFlags(agent, (f & ~FLAG_FRAUD_MASK) | ((count + 1) << FLAG_FRAUD_SHIFT));
      world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], registered);
      schedule(misuses, nextMisuse, ctx, misuseRate(count + 1), agent);
      if (count === 0) schedule(checks, nextCheck, ctx, plan.selfCheck, agent);
      if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'fraud', action: 'registered', numbers: count + 1 });
    }

    function sweep(ctx: BlockContext, p: number): void {
      if (p <= 0) return;
      const scale = geometricScale(p);
      let row = -1;
      for (;;) {
        row += ctx.rng.skip(scale);
        const agent = ctx.start + row;
        if (row >= BLOCK_SIZE || agent >= ctx.end) return;
        if ((plan.eligible >>> (cols.household(agent) >>> 6)) & 1) addNumber(ctx, agent);
      }
    }

    return {
      blockState: [misuses, checks, nextMisuse, nextCheck],
      step(_phase, ctx: BlockContext) {
        if (ctx.day === 1) sweep(ctx, plan.initial);
        sweep(ctx, plan.perDay);
        due.clear();
        if (misuses.takeInto(ctx.day, ctx.block, due) > 0) {
          for (let k = 0; k < due.length; k++) {
            const agent = due.data[k];
            if (nextMisuse.get(agent) !== ctx.day) continue;
            const count = (cols.flags(agent) & FLAG_FRAUD_MASK) >>> FLAG_FRAUD_SHIFT;
            world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], misused);
            ctx.emitRecord(agent, info, agent);
            schedule(misuses, nextMisuse, ctx, misuseRate(count), agent);
            if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'fraud', action: 'misused' });
          }
        }
        checked.clear();
        if (checks.takeInto(ctx.day, ctx.block, checked) > 0) {
          for (let k = 0; k < checked.length; k++) {
            const agent = checked.data[k];
            const count = (cols.flags(agent) & FLAG_FRAUD_MASK) >>> FLAG_FRAUD_SHIFT;
            if (count === 0 || nextCheck.get(agent) !== ctx.day) continue;
            cols.setFlags(agent, cols.flags(agent) & (~FLAG_FRAUD_MASK));
            nextMisuse.delete(agent);
            nextCheck.delete(agent);
            world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], removed, count);
            if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'fraud', action: 'removed', numbers: count });
          }
        }
      },
    };
  },
});
