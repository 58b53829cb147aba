// Cameras: street behaviours are detected with a probability that grows with the camera density of
// the region and a per-group targeting multiplier; a detected person is then identified (1:N):
// correctly, misattributed to another agent of the same region, or not at all.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { Counter } from '../engine/counters.ts';
import { AGE_CHILD } from '../engine/layout.ts';
import { Cause, packRecord } from '../engine/records.ts';
import { EventDraws } from '../engine/rng.ts';
import { PROBABILITY } from './common.ts';

const config = z.strictObject({
  detectionPerCamera: z.number().min(0).max(1)
    .describe('Probability that a street behaviour is caught, per camera per 1,000 residents of the region (before targeting).'),
  maxDetection: PROBABILITY.default(0.95).describe('Upper bound on the detection probability. Default 0.95.'),
  rampTo: z.number().min(0).default(1)
    .describe('Camera density on the last day as a multiple of the first day; density grows linearly in between. Default 1 (no growth).'),
  targeting: z.record(z.string(), z.number().min(0)).default({})
    .describe('Detection multiplier by group name (surveillance aimed at a group). Groups not named: 1.'),
  identification: z.strictObject({
    tpir: PROBABILITY.describe('True-positive identification rate: share of detections attributed to the right agent.'),
    fpir: PROBABILITY.default(0).describe('False-positive identification rate: share attributed to another agent of the same region.'),
    fpirByGroup: z.record(z.string(), PROBABILITY).default({})
      .describe('FPIR by the observed agent\'s group, overriding fpir.'),
  }),
});

export type CamerasConfig = z.infer<typeof config>;

const STREAM = 11;

/** The detection part of the camera model, shared with adaptation (general deterrence). */
export interface Detection {
  detectionPerCamera: number;
  maxDetection: number;
  rampTo: number;
  /** by group */
  targeting: Float64Array;
}

export function toDetection(c: CamerasConfig, groups: readonly string[]): Detection {
  return {
    detectionPerCamera: c.detectionPerCamera,
    maxDetection: c.maxDetection,
    rampTo: c.rampTo,
    targeting: Float64Array.from(groups, (g) => c.targeting[g] ?? 1),
  };
}

/** Probability that a street behaviour on `day` in a region of the given density is caught. */
export function detectionProbability(d: Detection, camerasPer1000: number, group: number, day: number, days: number): number {
  const ramp = days > 1 ? 1 + ((d.rampTo - 1) * (day - 1)) / (days - 1) : 1;
  return Math.min(d.maxDetection, d.detectionPerCamera * camerasPer1000 * ramp * d.targeting[group]);
}

interface CamerasPlan extends Detection {
  tpir: number;
  /** by group */
  fpir: Float64Array;
  /** events observed by cameras: 1, others 0 */
  observes: Uint8Array;
}

export const cameras = defineMechanism({
  key: 'cameras',
  doc: 'Street behaviours are detected with probability min(maxDetection, detectionPerCamera × cameras per 1,000 residents × targeting multiplier of the group), with camera density growing linearly to rampTo × its first-day value. A detected person is identified correctly with probability tpir, attributed to a uniformly drawn other adult or elder resident of the same region with probability fpir (by group), and otherwise left unidentified.',
  schema: config,
  reads: ['household'],
  writes: [],
  phases: ['observe'],
  stream: STREAM,
  compile(c, ctx): CamerasPlan {
    const groups = ctx.groups;
    for (const name of Object.keys(c.targeting)) {
      if (!groups.includes(name)) ctx.problem(['targeting', name], `unknown group "${name}"; groups are ${groups.join(', ')}`);
    }
    for (const name of Object.keys(c.identification.fpirByGroup)) {
      if (!groups.includes(name)) ctx.problem(['identification', 'fpirByGroup', name], `unknown group "${name}"; groups are ${groups.join(', ')}`);
    }
    const fpir = Float64Array.from(groups, (g) => c.identification.fpirByGroup[g] ?? c.identification.fpir);
    fpir.forEach((f, g) => {
      if (c.identification.tpir + f > 1) {
        ctx.problem(['identification'], `tpir + fpir must be at most 1 (group ${groups[g]}: ${c.identification.tpir} + ${f})`);
      }
    });
    return {
      ...toDetection(c, groups),
      tpir: c.identification.tpir,
      fpir,
      observes: Uint8Array.from(ctx.vocabulary.eventObservers, (o) => (o === 'cameras' ? 1 : 0)),
    };
  },
  create(plan: CamerasPlan, world, simulation) {
    const G = world.groups;
    const R = simulation.regions.length;
    const detect = new Float64Array(R * G);
    const regionStart = world.layout.regionStart;
    let detectDay = -1;
    const lists = simulation.vocabulary.eventLists;
    const tracer = world.tracer;
    const cols = world.columns;
    const prepare = (day: number) => {
      for (let r = 0; r < R; r++) {
        for (let g = 0; g < G; g++) detect[r * G + g] = detectionProbability(plan, simulation.regions[r].camerasPer1000, g, day, world.days);
      }
      detectDay = day;
    };
    const draws = new EventDraws(world.seed, STREAM);
    return {
      step(_phase, ctx: BlockContext) {
        if (ctx.day !== detectDay) prepare(ctx.day);
        draws.key(ctx.day);
        const agents = ctx.eventAgent.data;
        const kinds = ctx.eventKind.data;
        const segments = ctx.eventSegment.data;
        const runs = ctx.eventRuns;
        for (let r = 0; r + 1 < runs.length; r++) {
          const kind = kinds[runs.data[r]];
          if (plan.observes[kind] === 0) continue;
          for (let e = runs.data[r]; e < runs.data[r + 1]; e++) {
            const segment = segments[e];
            const g = world.segmentGroup[segment];
            const region = world.segmentRegion[segment];
            const agent = agents[e];
            // the event's own three draws (rng.ts, EventDraws): two scenarios compared on common random
            // numbers use the same numbers for the same purposes on every event they share
            const seen = draws.uniform(agent, kind, 0);
            const u = draws.uniform(agent, kind, 1);
            const pick = draws.uniform(agent, kind, 2);
            if (seen >= detect[region * G + g]) {
              if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'camera', event: world.eventName(kind), outcome: 'not seen' });
              continue;
            }
            world.count(ctx.day, g, Counter.detected);
            if (u < plan.tpir) {
              ctx.emitRecord(agent, packRecord(kind, false, Cause.observed, lists[kind]), agent);
              if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'camera', event: world.eventName(kind), outcome: 'identified' });
            } else if (u < plan.tpir + plan.fpir[g]) {
              const first = regionStart[region];
              const size = regionStart[region + 1] - first;
              // another resident of the region, drawn uniformly; the gallery holds identity photos of
              // adults and elders, so a draw that lands on a child moves on to the next adult or elder
              let target = first + Math.floor(pick * (size - 1));
              if (target >= agent) target++;
              let steps = 0;
              while (steps < size && (target === agent || cols.household(target) >>> 6 === AGE_CHILD)) {
                target = target + 1 < first + size ? target + 1 : first;
                steps++;
              }
              if (steps === size) continue;
              world.count(ctx.day, g, Counter.misattributed);
              ctx.emitRecord(target, packRecord(kind, true, Cause.misattribution, -1), agent);
              if (tracer.on(agent)) tracer.add({ agent, day: ctx.day, kind: 'camera', event: world.eventName(kind), outcome: 'misattributed', target });
            } else if (tracer.on(agent)) {
              tracer.add({ agent, day: ctx.day, kind: 'camera', event: world.eventName(kind), outcome: 'unidentified' });
            }
          }
        }
      },
    };
  },
});
