// Sanctions: entered when an agent's recorded state meets the entry condition, left when it meets
// the exit condition or when a fixed term ends. A sanction is wrongful when the agent's true state
// would not have met the entry condition at that moment. Effects: flags read by gates (also by
// gates of household members), loss of a job or a pet, publication on billboards.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import { FLAG_EMPLOYED, FLAG_PET, MAX_STATUSES } from '../engine/columns.ts';
import { AGE_CLASSES } from '../engine/layout.ts';
import { NAME, reportDuplicates } from './common.ts';
import { StatusStep, metAtStart, statusCounters, type StatusPlan } from './status.ts';

const sanction = z.strictObject({
  name: NAME.describe('Name of the sanction, e.g. travelBan.'),
  enter: z.string().min(1).describe('CEL condition over group, regionKind, ageClass, grade and lists that puts the agent under the sanction.'),
  exit: z.string().min(1).describe('CEL condition that lifts the sanction.'),
  termDays: z.number().int().min(1).optional().describe('Fixed term: the sanction ends this many days after entry even if the exit condition is not met. Default: none.'),
  flags: z.array(NAME).default([]).describe('Labels the sanction sets while active (e.g. noFlights), read by gates through blockedBy.'),
  householdFlags: z.array(NAME).default([]).describe('Labels that apply to the members of the sanctioned agent\'s household while active (e.g. noPrivateSchool), read by gates through blockedByHousehold.'),
  spilloverTo: z.array(z.enum(AGE_CLASSES)).default(['child']).describe('Household members counted as affected when householdFlags is set. Default: children.'),
  removes: z.array(z.enum(['employment', 'pet'])).default([]).describe('What the agent loses on entry: its job, its pet.'),
  billboard: z.boolean().default(false).describe('Publishes the agent on public billboards while active (counted as exposures, person-days).'),
});

export type SanctionConfig = z.infer<typeof sanction>;

export const sanctions = defineMechanism({
  key: 'sanctions',
  doc: 'A sanction starts when the recorded state (grade, lists, group, region kind, age class) meets its entry condition and ends when it meets its exit condition or its fixed term ends. It is wrongful when the true state (the true score\'s grade) would not have met the entry condition. Conditions are evaluated whenever a record or list change touches the agent and on each day recovery moves the recorded or true score into another grade. On entry a sanction may remove the agent\'s job or pet, publish it on billboards, and count the household members its householdFlags reach (spill-over).',
  schema: z.array(sanction).max(MAX_STATUSES).superRefine((list, ctx) => reportDuplicates(list, 'name', 'sanction name', ctx)),
  reads: ['score', 'trueScore', 'touched', 'flags', 'household'],
  writes: ['flags', 'touched', 'household'],
  phases: ['daily', 'react'],
  stream: 14,
  counters: (config) => statusCounters('sanction', config.map((s) => s.name)),
  vocabulary: (config) => ({ sanctions: config.map((s) => s.name), statusFlags: config.map((s) => [...s.flags, ...s.householdFlags.map((f) => `household:${f}`)]) }),
  compile(config, ctx): StatusPlan {
    const enter = config.map((s, i) => ctx.condition(s.enter, [i, 'enter'], 'agent'));
    const score = ctx.vocabulary.score;
    return {
      kind: 'sanction',
      names: config.map((s) => s.name),
      offset: 0,
      enter,
      exit: config.map((s, i) => ctx.condition(s.exit, [i, 'exit'], 'agent')),
      termDays: config.map((s) => s.termDays ?? 0),
      effects: config.map((s) => ({
        removes: (s.removes.includes('employment') ? FLAG_EMPLOYED : 0) | (s.removes.includes('pet') ? FLAG_PET : 0),
        billboard: s.billboard,
        spilloverAges: s.householdFlags.length === 0 ? 0 : s.spilloverTo.reduce((m, a) => m | (1 << AGE_CLASSES.indexOf(a)), 0),
      })),
      checkAllOnFirstDay: metAtStart(enter, score.gradeOfScore[score.base - score.min], score.grades.length, 1 << ctx.vocabulary.lists.length),
    };
  },
  create: (plan: StatusPlan, world) => new StatusStep(plan, world),
});
