// Scoring: a score starts at a base, moves by rule deltas when an event is recorded, is bounded,
// falls into grades, and recovers linearly towards the base. Errors move only the recorded score;
// true records move both, so every agent also carries the score error-free observation would give.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { Counter } from '../engine/counters.ts';
import type { ScoreModel } from '../engine/plan.ts';
import { CAUSE_NAMES, recordCause, recordEvent, recordIsError } from '../engine/records.ts';
import { NAME } from './common.ts';

const INT16 = z.number().int().min(-32768).max(32767);

const config = z.strictObject({
  base: INT16.describe('Score every agent starts with, in points.'),
  min: INT16.default(0).describe('Lowest possible score. Default 0.'),
  max: INT16.describe('Highest possible score.'),
  grades: z.array(z.strictObject({
    name: NAME.describe('Grade name used in policy conditions, e.g. AAA or D.'),
    min: INT16.describe('Lowest score in this grade.'),
  })).min(1).max(16).describe('Grades from best to worst; each covers scores from its min up to the next better grade\'s min.'),
  recovery: z.strictObject({
    pointsPerDay: z.number().min(0).max(1000).default(0).describe('Points per day a score moves back towards the base. Default 0 (no recovery).'),
  }).default({ pointsPerDay: 0 }),
  rules: z.array(z.strictObject({
    when: z.string().min(1).describe('CEL condition over event, group, regionKind, ageClass, grade and lists.'),
    delta: z.number().int().min(-10000).max(10000).describe('Points added to the score when a matching event is recorded.'),
  })).default([]).describe('Every matching rule applies; deltas add up.'),
}).superRefine((c, ctx) => {
  if (c.min > c.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${c.min}) must not exceed max (${c.max})` });
  if (c.base < c.min || c.base > c.max) ctx.addIssue({ code: 'custom', path: ['base'], message: `base (${c.base}) must lie between min (${c.min}) and max (${c.max})` });
  const names = new Set<string>();
  c.grades.forEach((g, i) => {
    if (names.has(g.name)) ctx.addIssue({ code: 'custom', path: ['grades', i, 'name'], message: `duplicate grade "${g.name}"` });
    names.add(g.name);
    if (i > 0 && g.min >= c.grades[i - 1].min) {
      ctx.addIssue({ code: 'custom', path: ['grades', i, 'min'], message: `grades go from best to worst: min must be below ${c.grades[i - 1].min} (grade ${c.grades[i - 1].name})` });
    }
  });
  const lowest = c.grades[c.grades.length - 1];
  if (lowest !== undefined && lowest.min > c.min) {
    ctx.addIssue({ code: 'custom', path: ['grades', c.grades.length - 1, 'min'], message: `the worst grade must cover the lowest score: min must be at most ${c.min}` });
  }
});

export type ScoringConfig = z.infer<typeof config>;

export function toScoreModel(c: ScoringConfig): ScoreModel {
  const gradeOfScore = new Uint8Array(c.max - c.min + 1);
  for (let s = c.min; s <= c.max; s++) {
    let g = c.grades.findIndex((grade) => s >= grade.min);
    if (g < 0) g = c.grades.length - 1;
    gradeOfScore[s - c.min] = g;
  }
  return {
    base: c.base,
    min: c.min,
    max: c.max,
    grades: c.grades.map((g) => g.name),
    gradeOfScore,
    recoveryPerDay: c.recovery.pointsPerDay,
  };
}

interface ScoringPlan {
  /** summed rule deltas over the event domain */
  delta: Float64Array;
}

export const scoring = defineMechanism({
  key: 'scoring',
  required: true,
  doc: 'Each recorded event adds the deltas of every matching rule to the recorded score (bounded by min and max); a record that is true also moves the true score, with the rules evaluated on the true grade. Between records, both scores move back towards the base by recovery.pointsPerDay, applied lazily when an agent is next touched.',
  schema: config,
  reads: ['score', 'trueScore', 'touched', 'flags', 'household'],
  writes: ['score', 'trueScore', 'touched'],
  phases: ['record'],
  stream: 13,
  vocabulary: (c) => ({ score: toScoreModel(c) }),
  compile(c, ctx): ScoringPlan {
    let delta: Float64Array | undefined;
    c.rules.forEach((rule, i) => {
      const matches = ctx.condition(rule.when, ['rules', i, 'when'], 'event');
      delta ??= new Float64Array(matches.length);
      for (let k = 0; k < matches.length; k++) if (matches[k]) delta[k] += rule.delta;
    });
    return { delta: delta ?? new Float64Array(0) };
  },
  create(plan: ScoringPlan, world) {
    const cols = world.columns;
    const delta = plan.delta;
    const eventStride = world.agentDomainSize;
    const tracer = world.tracer;
    return {
      step(_phase, ctx: BlockContext) {
        const n = ctx.recordTarget.length;
        const day = ctx.day;
        for (let r = 0; r < n; r++) {
          const agent = ctx.recordTarget.data[r];
          const info = ctx.recordInfo.data[r];
          world.touch(agent, day);
          const segment = world.segmentFrom(agent, ctx.firstSegment);
          const error = recordIsError(info);
          world.count(day, world.segmentGroup[segment], error ? Counter.recordedError : Counter.recordedTrue);
          ctx.touched.push(agent);
          if (delta.length === 0) continue;
          const staticIndex = world.staticIndex(segment, agent);
          const offset = recordEvent(info) * eventStride;
          const f = cols.flags(agent);
          const before = cols.score(agent);
          const trueBefore = cols.trueScore(agent);
          cols.setScore(agent, world.clamp(before + delta[offset + world.stateIndex(staticIndex, before, f)]));
          if (!error) cols.setTrueScore(agent, world.clamp(trueBefore + delta[offset + world.stateIndex(staticIndex, trueBefore, f)]));
          if (tracer.on(agent)) {
            tracer.add({
              agent, day, kind: 'record', event: world.eventName(recordEvent(info)), error, cause: CAUSE_NAMES[recordCause(info)],
              source: ctx.recordSource.data[r], scoreBefore: before, score: cols.score(agent), trueScoreBefore: trueBefore, trueScore: cols.trueScore(agent),
            });
          }
        }
      },
    };
  },
});
