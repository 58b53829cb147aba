// Sanctions: entered when an agent's recorded state meets the entry condition, left when it meets
// the exit condition. A sanction is wrongful when the agent's true state would not have met the
// entry condition at that moment. Conditions are re-checked whenever an agent is touched and on
// the days recovery moves either score into another grade, so lazy recovery misses no change.
import { z } from 'zod';
import { defineMechanism } from '../engine/mechanism.ts';
import type { BlockContext } from '../engine/block-context.ts';
import { Calendar } from '../engine/buffers.ts';
import {
  FLAG_EVER_SANCTIONED, FLAG_EVER_WRONGFUL, FLAG_SANCTION_SHIFT, FLAG_TRUE_TRIGGERED, FLAG_WRONGFUL_SHIFT, MAX_SANCTIONS,
} from '../engine/columns.ts';
import { Counter } from '../engine/counters.ts';
import { NAME } from './common.ts';

const sanction = z.strictObject({
  name: NAME.describe('Name of the sanction, e.g. travelBan.'),
  enter: z.string().min(1).describe('CEL condition over group, regionKind, ageClass, grade and lists that puts the agent under the sanction.'),
  exit: z.string().min(1).describe('CEL condition that lifts the sanction.'),
  flags: z.array(NAME).default([]).describe('Labels the sanction sets while active (e.g. noFlights), read by gates.'),
});

export type SanctionConfig = z.infer<typeof sanction>;

interface SanctionsPlan {
  names: string[];
  flags: string[][];
  enter: Uint8Array[];
  exit: Uint8Array[];
}

export const sanctions = defineMechanism({
  key: 'sanctions',
  doc: 'A sanction starts when the recorded state (grade, lists, group, region kind, age class) meets its entry condition and ends when it meets its exit condition. It is wrongful when the true state (the true score\'s grade) would not have met the entry condition. Conditions are evaluated whenever a record or list change touches the agent and on each day recovery moves the recorded or true score into another grade.',
  schema: z.array(sanction).max(MAX_SANCTIONS).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate sanction name "${s.name}"` });
      seen.add(s.name);
    });
  }),
  reads: ['score', 'trueScore', 'touched', 'flags', 'household'],
  writes: ['flags', 'touched'],
  phases: ['daily', 'react'],
  stream: 14,
  vocabulary: (config) => ({ sanctions: config.map((s) => s.name), statusFlags: config.map((s) => s.flags) }),
  compile(config, ctx): SanctionsPlan {
    return {
      names: config.map((s) => s.name),
      flags: config.map((s) => s.flags),
      enter: config.map((s, i) => ctx.condition(s.enter, [i, 'enter'], 'agent')),
      exit: config.map((s, i) => ctx.condition(s.exit, [i, 'exit'], 'agent')),
    };
  },
  create(plan: SanctionsPlan, world) {
    const { score, trueScore, flags } = world.columns;
    const checks = Array.from({ length: world.blockTo - world.blockFrom }, () => new Calendar());
    const S = plan.names.length;

    function react(ctx: BlockContext): void {
      const touched = ctx.touched;
      touched.sortUnique();
      const day = ctx.day;
      for (let k = 0; k < touched.length; k++) {
        const agent = touched.data[k];
        world.touch(agent, day);
        const segment = world.segmentOf(agent);
        const group = world.segmentGroup[segment];
        const staticIndex = world.staticIndex(segment, agent);
        let f = flags[agent];
        const recorded = world.stateIndex(staticIndex, score[agent], f);
        const truth = world.stateIndex(staticIndex, trueScore[agent], f);
        for (let s = 0; s < S; s++) {
          const active = 1 << (FLAG_SANCTION_SHIFT + s);
          const wrongful = 1 << (FLAG_WRONGFUL_SHIFT + s);
          const trulyMet = plan.enter[s][truth] === 1;
          if (trulyMet) f |= FLAG_TRUE_TRIGGERED;
          if ((f & active) === 0) {
            if (plan.enter[s][recorded] === 1) {
              f |= active | FLAG_EVER_SANCTIONED;
              world.count(day, group, Counter.sanctionsEntered);
              if (!trulyMet) {
                f |= wrongful | FLAG_EVER_WRONGFUL;
                world.count(day, group, Counter.wrongfulEntered);
              }
            }
          } else if (plan.exit[s][recorded] === 1) {
            world.count(day, group, Counter.sanctionsExited);
            if (f & wrongful) world.count(day, group, Counter.wrongfulExited);
            f &= ~(active | wrongful);
          }
        }
        flags[agent] = f;
        const a = world.nextGradeChange(score[agent], day);
        const b = world.nextGradeChange(trueScore[agent], day);
        const next = a === 0 ? b : b === 0 ? a : Math.min(a, b);
        if (next !== 0) checks[ctx.local].add(next, agent);
      }
    }

    return {
      step(phase, ctx: BlockContext) {
        if (S === 0) return;
        if (phase === 'daily') {
          const due = checks[ctx.local].take(ctx.day);
          if (due !== undefined) for (let k = 0; k < due.length; k++) ctx.touched.push(due.data[k]);
        } else {
          react(ctx);
        }
      },
    };
  },
});
