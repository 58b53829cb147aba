// Perks: the rewards of a high standing (a utility discount, a lower interest rate), entered and
// left like sanctions and worth a value per day while active.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { MAX_STATUSES } from '../engine/columns.ts';
import { NAME, reportDuplicates } from './common.ts';
import { StatusStep, metAtStart, statusCounters, type StatusPlan } from './status.ts';

const perk = z.strictObject({
  name: NAME.describe('Name of the perk, e.g. heatingDiscount.'),
  enter: z.string().min(1).describe('CEL condition over group, regionKind, ageClass, grade and lists that grants the perk.'),
  exit: z.string().min(1).describe('CEL condition that withdraws it.'),
  valuePerDay: z.number().min(0).describe('Value of the perk per day while held, in a currency unit of the scenario\'s choosing.'),
  flags: z.array(NAME).default([]).describe('Labels the perk sets while held (e.g. depositFree), read by gates.'),
});

export type PerkConfig = z.infer<typeof perk>;

export const perks = defineMechanism({
  key: 'perks',
  doc: 'A perk is granted when the recorded state meets its entry condition and withdrawn on its exit condition, like a sanction; while held it is worth valuePerDay. Perks for the starting grade are granted on the first day to everyone who qualifies.',
  schema: z.array(perk).max(MAX_STATUSES).superRefine((list, ctx) => reportDuplicates(list, 'name', 'perk name', ctx)),
  reads: ['score', 'trueScore', 'touched', 'flags', 'household'],
  writes: ['flags', 'touched', 'household'],
  phases: ['daily', 'react'],
  stream: 15,
  counters: (config) => statusCounters('perk', config.map((p) => p.name)),
  vocabulary: (config) => ({ perks: config.map((p) => p.name), statusFlags: config.map((p) => p.flags) }),
  compile(config, ctx): StatusPlan & { valuePerDay: number[] } {
    const enter = config.map((p, i) => ctx.condition(p.enter, [i, 'enter'], 'agent'));
    const score = ctx.vocabulary.score;
    return {
      kind: 'perk',
      names: config.map((p) => p.name),
      offset: ctx.vocabulary.sanctions.length,
      enter,
      exit: config.map((p, i) => ctx.condition(p.exit, [i, 'exit'], 'agent')),
      termDays: config.map(() => 0),
      effects: config.map(() => ({ removes: 0, billboard: false, spilloverAges: 0 })),
      checkAllOnFirstDay: metAtStart(enter, score.gradeOfScore[score.base - score.min], score.grades.length, 1 << ctx.vocabulary.lists.length),
      valuePerDay: config.map((p) => p.valuePerDay),
    };
  },
  create: (plan: StatusPlan, world) => new StatusStep(plan, world),
});
