// Online monitoring and censorship: posts are tied to identities through real-name registration;
// a censor flags targeted (lawful) speech with a true-positive rate and other posts with a
// false-positive rate. Flagged posts are deleted and recorded against the poster, so scoring rules
// on the post's event can penalise them; a flag on a post the censor does not target is an error.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { HOUSEHOLD_SPEECH_PENALISED } from '../engine/columns.ts';
import { STORES } from '../engine/plan.ts';
import { Cause, packRecord } from '../engine/records.ts';
import { EventDraws } from '../engine/rng.ts';
import { Signal } from '../engine/world.ts';
import { PROBABILITY } from './common.ts';

const config = z.strictObject({
  coverage: PROBABILITY.default(1).describe('Share of posts tied to a real identity and scanned. Default 1.'),
  targets: z.array(z.string()).min(1).describe('Behaviours the censor targets (lawful speech such as criticism).'),
  truePositiveRate: PROBABILITY.describe('Share of scanned targeted posts the censor flags.'),
  falsePositiveRate: PROBABILITY.default(0).describe('Share of other scanned posts the censor flags by mistake. Default 0.'),
});

export type MonitoringConfig = z.infer<typeof config>;

interface MonitoringPlan {
  coverage: number;
  tpr: number;
  fpr: number;
  /** by event: 1 observed by monitoring */
  observes: Uint8Array;
  /** by event: 1 targeted */
  targeted: Uint8Array;
}

const STREAM = 17;

export const monitoring = defineMechanism({
  key: 'monitoring',
  doc: 'Posts (behaviours observed by monitoring) are scanned with probability coverage and kept in the chatLogs store. A scanned post of a targeted behaviour is flagged with probability truePositiveRate, any other with falsePositiveRate. A flagged post is deleted and recorded against the poster (an error when the post was not targeted), its region\'s flagged-post count is seen by everyone the next day (chilling), and the poster\'s household learns of the penalty.',
  schema: config,
  reads: ['flags'],
  writes: ['flags', 'household'],
  phases: ['observe'],
  stream: STREAM,
  counters: () => ['postsScanned', 'postsFlagged', 'postsFlaggedWrongly'],
  compile(c, ctx): MonitoringPlan {
    const events = ctx.vocabulary.events;
    c.targets.forEach((t, i) => {
      if (!events.includes(t)) ctx.problem(['targets', i], `unknown behaviour "${t}"; behaviours are ${events.join(', ')}`);
      else if (ctx.vocabulary.eventObservers[events.indexOf(t)] !== 'monitoring') ctx.problem(['targets', i], `behaviour "${t}" is not observed by monitoring (set its observedBy: monitoring)`);
    });
    return {
      coverage: c.coverage,
      tpr: c.truePositiveRate,
      fpr: c.falsePositiveRate,
      observes: Uint8Array.from(ctx.vocabulary.eventObservers, (o) => (o === 'monitoring' ? 1 : 0)),
      targeted: Uint8Array.from(events, (e) => (c.targets.includes(e) ? 1 : 0)),
    };
  },
  create(plan: MonitoringPlan, world) {
    const cols = world.columns;
    const scanned = world.counter('postsScanned');
    const flagged = world.counter('postsFlagged');
    const flaggedWrongly = world.counter('postsFlaggedWrongly');
    const chatLogs = STORES.indexOf('chatLogs');
    const tracer = world.tracer;
    const draws = new EventDraws(world.seed, STREAM);
    return {
      step(_phase, ctx: BlockContext) {
        const rng = ctx.rng;
        draws.key(ctx.day);
        const runs = ctx.eventRuns;
        for (let r = 0; r + 1 < runs.length; r++) {
          const kind = ctx.eventKind.data[runs.data[r]];
          if (plan.observes[kind] === 0) continue;
          for (let e = runs.data[r]; e < runs.data[r + 1]; e++) {
            const agent = ctx.eventAgent.data[e];
            // the post's own two draws (rng.ts, EventDraws), the same in every scenario that has it
            const scan = draws.uniform(agent, kind, 0);
            const flag = draws.uniform(agent, kind, 1);
            if (scan >= plan.coverage) continue;
            const segment = ctx.eventSegment.data[e];
            const group = world.segmentGroup[segment];
            world.count(ctx.day, group, scanned);
            world.store(agent, chatLogs, ctx.day, rng);
            const targeted = plan.targeted[kind] === 1;
            if (flag >= (targeted ? plan.tpr : plan.fpr)) continue;
            world.count(ctx.day, group, flagged);
            if (!targeted) world.count(ctx.day, group, flaggedWrongly);
            world.signal(world.segmentRegion[segment], Signal.flaggedPosts);
            // the whole household learns of it (households never cross blocks, so these are this block's rows)
            const head = world.householdHead(agent);
            const end = world.householdEnd(head, ctx.end);
            for (let m = head; m < end; m++) cols.setHousehold(m, cols.household(m) | HOUSEHOLD_SPEECH_PENALISED);
            ctx.emitRecord(agent, packRecord(kind, !targeted, Cause.censor, -1), agent);
            if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'post', event: world.eventName(kind), flagged: true, targeted });
          }
        }
      },
    };
  },
});
