// Adaptation: people change what they do under the regime. Deterrence lowers offending (specific:
// while a penalty is not yet recovered; general: under dense surveillance); chilling lowers lawful
// speech as monitoring, flagged posts in the region and penalties in the household rise. Zero
// parameters turn each response off. Applied to the day's drawn events, each kept with its multiplier.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { HOUSEHOLD_SPEECH_PENALISED } from '../engine/columns.ts';
import { drawBelow, EventDraws } from '../engine/rng.ts';
import { Signal } from '../engine/world.ts';
import { detectionProbability, toDetection, type CamerasConfig, type Detection } from './cameras.ts';
import type { MonitoringConfig } from './monitoring.ts';

const rate = z.number().min(0).max(50);

const STREAM = 18;

const config = z.strictObject({
  deterrence: z.strictObject({
    general: rate.default(0).describe('Offences are kept with probability exp(−general × the probability a camera catches them). Default 0.'),
    specific: rate.default(0).describe('Offences are kept with probability exp(−specific) while the agent\'s recorded score is below the base (a penalty not yet recovered). Default 0.'),
  }).default({ general: 0, specific: 0 }),
  chilling: z.strictObject({
    monitoring: rate.default(0).describe('Lawful speech that is monitored is kept with probability exp(−monitoring × coverage). Default 0.'),
    region: rate.default(0).describe('… and exp(−region × posts flagged per 1,000 residents of the region on the previous day). Default 0.'),
    household: rate.default(0).describe('… and exp(−household) when a member of the household has been penalised for a post. Default 0.'),
  }).default({ monitoring: 0, region: 0, household: 0 }),
});

export type AdaptationConfig = z.infer<typeof config>;

interface AdaptationPlan {
  general: number;
  specific: number;
  chillMonitoring: number;
  chillRegion: number;
  chillHousehold: number;
  /** by event: 1 offence observed by cameras (general deterrence applies) */
  watched: Uint8Array;
  /** by event: 1 offence */
  offence: Uint8Array;
  /** by event: 1 lawful speech */
  speech: Uint8Array;
  /** by event: monitoring coverage of this event (0 when not monitored) */
  coverage: Float64Array;
  detection: Detection | undefined;
}

export const adaptation = defineMechanism({
  key: 'adaptation',
  doc: 'Each drawn offence is kept with probability exp(−general × p_detect − specific × [recorded score below base]), where p_detect is the camera detection probability of the agent\'s region and group that day; each drawn act of lawful speech is kept with probability exp(−monitoring × coverage − region × flagged posts per 1,000 residents of the region the day before − household × [a household member penalised for a post]). The dropped acts are counted: the share of lawful speech dropped is the chilling effect, measured on the same random draws as the speech that would have happened without the regime.',
  schema: config,
  reads: ['score', 'flags', 'household'],
  writes: [],
  phases: ['adapt'],
  stream: STREAM,
  counters: () => ['offencesDeterred', 'speechDrawn', 'speechChilled'],
  compile(c, ctx): AdaptationPlan {
    const v = ctx.vocabulary;
    const cameras = ctx.configs.cameras as CamerasConfig | undefined;
    const monitoring = ctx.configs.monitoring as MonitoringConfig | undefined;
    return {
      general: c.deterrence.general,
      specific: c.deterrence.specific,
      chillMonitoring: c.chilling.monitoring,
      chillRegion: c.chilling.region,
      chillHousehold: c.chilling.household,
      watched: Uint8Array.from(v.events, (_, k) => (v.eventKinds[k] === 'offence' && v.eventObservers[k] === 'cameras' ? 1 : 0)),
      offence: Uint8Array.from(v.eventKinds, (k) => (k === 'offence' ? 1 : 0)),
      speech: Uint8Array.from(v.eventKinds, (k) => (k === 'speech' ? 1 : 0)),
      coverage: Float64Array.from(v.eventObservers, (o) => (o === 'monitoring' && monitoring ? monitoring.coverage : 0)),
      detection: cameras === undefined ? undefined : toDetection(cameras, ctx.groups),
    };
  },
  create(plan: AdaptationPlan, world, simulation) {
    const cols = world.columns;
    const deterred = world.counter('offencesDeterred');
    const drawn = world.counter('speechDrawn');
    const chilled = world.counter('speechChilled');
    const residents = simulation.regions.map((_, r) => world.layout.regionStart[r + 1] - world.layout.regionStart[r]);
    const tracer = world.tracer;

    const R = simulation.regions.length;
    const G = world.groups;
    // factors that depend only on the day, region and group, computed once a day
    const watchedKeep = new Float64Array(R * G);
    const regionKeep = new Float64Array(R);
    const monitoredKeep = Float64Array.from(plan.coverage, (c) => Math.exp(-plan.chillMonitoring * c));
    const specificKeep = Math.exp(-plan.specific);
    const householdKeep = Math.exp(-plan.chillHousehold);
    let preparedDay = -1;

    function prepare(day: number): void {
      for (let r = 0; r < R; r++) {
        for (let g = 0; g < G; g++) {
          const p = plan.detection === undefined ? 0 : detectionProbability(plan.detection, simulation.regions[r].camerasPer1000, g, day, world.days);
          watchedKeep[r * G + g] = Math.exp(-plan.general * p);
        }
        regionKeep[r] = Math.exp((-plan.chillRegion * 1000 * world.signalOf(r, Signal.flaggedPosts)) / Math.max(1, residents[r]));
      }
      preparedDay = day;
    }

    const draws = new EventDraws(world.seed, STREAM);
    /** events dropped today in this block, by group: offences deterred and acts of speech chilled */
    const deterredBy = new Int32Array(G);
    const chilledBy = new Int32Array(G);
    /** acts of speech drawn today in this block, by group */
    const drawnBy = new Int32Array(G);
    const watchedOffences = plan.general > 0 || plan.specific > 0;

    /**
     * Keeps or drops each offence in events [from, to) (all of behaviour `kind`), moving the kept ones
     * down to `w`; returns the new w. Kept with probability exp(−general × p_detect), times
     * exp(−specific) while the recorded score is below the base.
     */
    function deter(ctx: BlockContext, kind: number, from: number, to: number, w: number): number {
      const agents = ctx.eventAgent.data;
      const segments = ctx.eventSegment.data;
      const watched = plan.watched[kind] === 1;
      // specific deterrence reads each offender's score: loaded first, one independent load each, so
      // that the cache misses overlap instead of stalling the loop below one at a time
      if (plan.specific > 0) world.prefetchScores(agents, from, to);
      for (let e = from; e < to; e++) {
        const agent = agents[e];
        const segment = segments[e];
        const group = world.segmentGroup[segment];
        let p = watched ? watchedKeep[world.segmentRegion[segment] * G + group] : 1;
        if (plan.specific > 0 && world.scoreAt(agent, ctx.day) < world.base) p *= specificKeep;
        w += keepOrDrop(ctx, kind, agent, segment, p, w, deterredBy, group, 'deterred');
      }
      return w;
    }

    /**
     * As deter, for acts of lawful speech: kept with probability exp(−monitoring × coverage −
     * region × yesterday's flagged posts per 1,000 residents − household × [a member penalised]).
     * A fifth of them are chilled, at random, too often for a branch to guess: hence drawBelow.
     */
    function chill(ctx: BlockContext, kind: number, from: number, to: number, w: number): number {
      const agents = ctx.eventAgent.data;
      const segments = ctx.eventSegment.data;
      const monitored = monitoredKeep[kind];
      for (let e = from; e < to; e++) {
        const agent = agents[e];
        const segment = segments[e];
        const group = world.segmentGroup[segment];
        let p = monitored * regionKeep[world.segmentRegion[segment]];
        // monitoring marks every member of the household when one is penalised
        if (plan.chillHousehold > 0 && (cols.household(agent) & HOUSEHOLD_SPEECH_PENALISED) !== 0) p *= householdKeep;
        drawnBy[group]++;
        w += keepOrDrop(ctx, kind, agent, segment, p, w, chilledBy, group, 'chilled');
      }
      return w;
    }

    /**
     * The end of deter's and chill's loops: keeps the event with probability p, by its own draw
     * (rng.ts, EventDraws: an event two scenarios share meets the same number in both, whatever p is
     * and whatever the scenarios did before), and without a branch (drawBelow: kept when the draw is
     * below p). The event is written at w either way; returns 1 when kept (the caller moves w on), and
     * counts a drop against the group in `dropped`.
     */
    function keepOrDrop(
      ctx: BlockContext, kind: number, agent: number, segment: number, p: number, w: number,
      dropped: Int32Array, group: number, why: 'deterred' | 'chilled',
    ): number {
      const kept = drawBelow(draws.u32(agent, kind, 0), Math.ceil(p * 2 ** 32));
      dropped[group] += 1 - kept;
      if (tracer.enabled && kept === 0 && tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: why, event: world.eventName(kind) });
      ctx.eventAgent.data[w] = agent;
      ctx.eventKind.data[w] = kind;
      ctx.eventSegment.data[w] = segment;
      return kept;
    }

    return {
      step(_phase, ctx: BlockContext) {
        if (ctx.day !== preparedDay) prepare(ctx.day);
        draws.key(ctx.day);
        const agents = ctx.eventAgent.data;
        const kinds = ctx.eventKind.data;
        const segments = ctx.eventSegment.data;
        // a run of one behaviour at a time (BlockContext.eventRuns), each with the loop for its kind;
        // kept events move down to w, never past the run being read
        const runs = ctx.eventRuns;
        let w = 0;
        for (let r = 0; r + 1 < runs.length; r++) {
          const from = runs.data[r];
          const to = runs.data[r + 1];
          const kind = kinds[from];
          if (plan.speech[kind] === 1) w = chill(ctx, kind, from, to, w);
          else if (plan.offence[kind] === 1 && watchedOffences) w = deter(ctx, kind, from, to, w);
          else {
            // every one kept (a keep probability of 1 keeps whatever the draw; none is taken)
            if (w !== from) {
              agents.copyWithin(w, from, to);
              kinds.fill(kind, w, w + to - from);
              segments.copyWithin(w, from, to);
            }
            w += to - from;
          }
        }
        for (let g = 0; g < G; g++) {
          world.count(ctx.day, g, drawn, drawnBy[g]);
          world.count(ctx.day, g, deterred, deterredBy[g]);
          world.count(ctx.day, g, chilled, chilledBy[g]);
        }
        drawnBy.fill(0);
        deterredBy.fill(0);
        chilledBy.fill(0);
        ctx.eventAgent.length = w;
        ctx.eventKind.length = w;
        ctx.eventSegment.length = w;
      },
    };
  },
});
