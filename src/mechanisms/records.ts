// Records: behaviours known from institutional records (an unpaid court debt) are recorded with
// certainty and may place the agent on a named list, which it leaves by paying (a daily
// probability) or when the listing period ends.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { geometricScale } from '../engine/rng.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { Calendar, IntList } from '../engine/buffers.ts';
import { FLAG_LIST_SHIFT } from '../engine/columns.ts';
import { Counter } from '../engine/counters.ts';
import { Cause, packRecord, recordList } from '../engine/records.ts';
import { NAME, PROBABILITY, reportDuplicates } from './common.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';

const list = z.strictObject({
  name: NAME.describe('Name used in policy conditions, e.g. `"courtDebt" in lists`.'),
  exitPerDay: z.number().gt(0).max(1).describe('Daily probability that a listed agent pays and leaves the list.'),
  maxDays: z.number().int().min(1).optional().describe('Listing period in days, after which the agent leaves the list anyway. Default: no limit.'),
  initialShare: PROBABILITY.default(0).describe('Share of adults and elders already on the list on the first day (their remaining time is drawn like a new listing\'s, and at most a uniformly drawn part of maxDays). Default 0.'),
});

const config = z.strictObject({
  lists: z.array(list).max(4).default([]).describe('Named lists (at most 4).'),
}).superRefine((c, ctx) => reportDuplicates(c.lists, 'name', 'list name', ctx, ['lists']));

export type RecordsConfig = z.infer<typeof config>;

interface RecordsPlan {
  names: string[];
  initialShare: number[];
  exitPerDay: number[];
  maxDays: number[];
  /** events observed by records: 1, others 0 */
  observes: Uint8Array;
  eventLists: number[];
}

export const records = defineMechanism({
  key: 'records',
  doc: 'Behaviours observed by records are recorded against the agent with certainty. A record may place the agent on a list; a listed agent leaves after a geometric time with daily probability exitPerDay (paying), or after maxDays, whichever comes first. A record while already listed does not extend the listing.',
  schema: config,
  reads: ['flags', 'household'],
  writes: ['flags'],
  phases: ['observe', 'record', 'daily'],
  stream: 12,
  vocabulary: (c) => ({ lists: c.lists.map((l) => l.name) }),
  compile(c, ctx): RecordsPlan {
    return {
      names: c.lists.map((l) => l.name),
      initialShare: c.lists.map((l) => l.initialShare),
      exitPerDay: c.lists.map((l) => l.exitPerDay),
      maxDays: c.lists.map((l) => l.maxDays ?? Number.MAX_SAFE_INTEGER),
      observes: Uint8Array.from(ctx.vocabulary.eventObservers, (o) => (o === 'records' ? 1 : 0)),
      eventLists: ctx.vocabulary.eventLists,
    };
  },
  create(plan: RecordsPlan, world) {
    const exits = plan.exitPerDay.map(() => new Calendar(world.layout.blocks));
    const due = new IntList();
    const logStay = plan.exitPerDay.map((p) => (p < 1 ? Math.log1p(-p) : 0));
    const cols = world.columns;
    const names = plan.names;

    function observe(ctx: BlockContext): void {
      const runs = ctx.eventRuns;
      for (let r = 0; r + 1 < runs.length; r++) {
        const kind = ctx.eventKind.data[runs.data[r]];
        if (plan.observes[kind] === 0) continue;
        const info = packRecord(kind, false, Cause.observed, plan.eventLists[kind]);
        for (let e = runs.data[r]; e < runs.data[r + 1]; e++) {
          const agent = ctx.eventAgent.data[e];
          world.count(ctx.day, world.segmentGroup[ctx.eventSegment.data[e]], Counter.detected);
          ctx.emitRecord(agent, info, agent);
        }
      }
    }

    /** Day 1: the agents already listed when the run starts, counted as entries on day 0. */
    function seed(ctx: BlockContext): void {
      const adults = (1 << AGE_CLASSES.indexOf('adult')) | (1 << AGE_CLASSES.indexOf('elder'));
      const cols = world.columns;
      for (let list = 0; list < plan.initialShare.length; list++) {
        const p = plan.initialShare[list];
        if (p <= 0) continue;
        const scale = geometricScale(p);
        const bit = 1 << (FLAG_LIST_SHIFT + list);
        let row = -1;
        for (;;) {
          row += ctx.rng.skip(scale);
          const agent = ctx.start + row;
          if (row >= BLOCK_SIZE || agent >= ctx.end) break;
          if (((adults >>> (cols.household(agent) >>> 6)) & 1) === 0) continue;
          cols.setFlags(agent, cols.flags(agent) | (bit));
          world.count(0, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], Counter.listEntered);
          const q = plan.exitPerDay[list];
          const stay = q < 1 ? 1 + Math.floor(Math.log(ctx.rng.uniformPositive()) / logStay[list]) : 1;
          const left = plan.maxDays[list] === Number.MAX_SAFE_INTEGER ? Infinity : 1 + Math.floor(ctx.rng.uniform() * plan.maxDays[list]);
          const exitDay = Math.min(stay, left);
          if (exitDay <= world.days) exits[list].add(exitDay, agent);
          ctx.touched.push(agent);
          if (world.tracer.on(agent)) world.tracer.add({ agent, day: 0, kind: 'list', list: names[list], action: 'enter', until: exitDay <= world.days ? exitDay : undefined });
        }
      }
    }

    function enter(ctx: BlockContext): void {
      if (ctx.day === 1) seed(ctx);
      const n = ctx.recordTarget.length;
      for (let r = 0; r < n; r++) {
        const list = recordList(ctx.recordInfo.data[r]);
        if (list < 0) continue;
        const agent = ctx.recordTarget.data[r];
        const bit = 1 << (FLAG_LIST_SHIFT + list);
        if (cols.flags(agent) & bit) continue;
        world.touch(agent, ctx.day);
        cols.setFlags(agent, cols.flags(agent) | (bit));
        world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], Counter.listEntered);
        const p = plan.exitPerDay[list];
        const stay = p < 1 ? 1 + Math.floor(Math.log(ctx.rng.uniformPositive()) / logStay[list]) : 1;
        const exitDay = ctx.day + Math.min(stay, plan.maxDays[list]);
        if (exitDay <= world.days) exits[list].add(exitDay, agent);
        ctx.touched.push(agent);
        if (world.tracer.on(agent)) world.tracer.add({ agent, day: ctx.day, kind: 'list', list: names[list], action: 'enter', until: exitDay <= world.days ? exitDay : undefined });
      }
    }

    function leave(ctx: BlockContext): void {
      for (let list = 0; list < exits.length; list++) {
        due.clear();
        if (exits[list].takeInto(ctx.day, ctx.block, due) === 0) continue;
        const bit = 1 << (FLAG_LIST_SHIFT + list);
        for (let k = 0; k < due.length; k++) {
          const agent = due.data[k];
          world.touch(agent, ctx.day);
          cols.setFlags(agent, cols.flags(agent) & (~bit));
          world.count(ctx.day, world.segmentGroup[world.segmentFrom(agent, ctx.firstSegment)], Counter.listExited);
          ctx.touched.push(agent);
          if (world.tracer.on(agent)) world.tracer.add({ agent, day: ctx.day, kind: 'list', list: names[list], action: 'exit' });
        }
      }
    }

    return {
      blockState: exits,
      step(phase, ctx: BlockContext) {
        if (phase === 'observe') observe(ctx);
        else if (phase === 'record') enter(ctx);
        else leave(ctx);
      },
    };
  },
});
