// The machinery shared by sanctions and perks: a status is entered when the recorded state meets
// its entry condition and left on its exit condition or at the end of a fixed term. Conditions are
// re-checked when an agent is touched and on the days recovery moves a score into another grade.
import type { BlockContext } from '../engine/block-context.ts';
import { BlockMap, Calendar, IntList, type BlockState } from '../engine/buffers.ts';
import {
  HOUSEHOLD_STATUS_ACTIVE, FLAG_EMPLOYED, FLAG_EVER_SANCTIONED, FLAG_EVER_WRONGFUL, FLAG_PET, FLAG_SANCTION_SHIFT, FLAG_TRUE_TRIGGERED, FLAG_WRONGFUL_SHIFT,
} from '../engine/columns.ts';
import { Counter } from '../engine/counters.ts';
import type { MechanismStep, Phase } from '../engine/mechanism.ts';
import type { ScoreSteps, World } from '../engine/world.ts';

/** What entering a status does besides setting its flags. */
export interface StatusEffects {
  /** flag bits cleared on entry (FLAG_EMPLOYED, FLAG_PET) */
  removes: number;
  /** published on public billboards while active */
  billboard: boolean;
  /** age classes (bit mask) of household members counted as affected by spill-over; 0 for none */
  spilloverAges: number;
}

export interface StatusPlan {
  /** 'sanction' statuses track wrongful entries and the core sanction counters; 'perk' statuses do not */
  kind: 'sanction' | 'perk';
  names: string[];
  /** status bit of the first status */
  offset: number;
  enter: Uint8Array[];
  exit: Uint8Array[];
  /** fixed term in days (0: none) */
  termDays: number[];
  effects: StatusEffects[];
  /** some agent already meets an entry condition in the starting state: check everyone on day 1 */
  checkAllOnFirstDay: boolean;
}

/** Counters a status mechanism declares, by name. */
export function statusCounters(kind: 'sanction' | 'perk', names: readonly string[]): string[] {
  const own = names.flatMap((n) => [`${kind}.${n}.entered`, `${kind}.${n}.exited`]);
  return kind === 'sanction' ? [...own, 'billboardEntered', 'billboardExited', 'spilloverMembers', 'spilloverSanctions', 'jobsLost', 'petsRemoved'] : own;
}

/**
 * For tests, in this thread: queue a look at every change of grade class, deciding or not (the plain
 * version the passing-over in nextDecision is checked against).
 */
export const plainLooks = { on: false };

/** Counters of the sanction-only effects. */
interface SanctionCounters {
  billboardEntered: number;
  billboardExited: number;
  spilloverMembers: number;
  spilloverSanctions: number;
  jobsLost: number;
  petsRemoved: number;
}

/**
 * The daily and react phases of one status mechanism (sanctions or perks). A class, not a closure:
 * the two mechanisms' steps are two instances of one class, so the engine sees one receiver shape
 * and one target at every call inside it. Two closures made by one factory share their compiled
 * code, and each inner call between them had two targets, which kept them from being inlined
 * (react took about a third longer).
 */
export class StatusStep implements MechanismStep {
  private readonly cols: World['columns'];
  private readonly checks: Calendar;
  private readonly terms: (Calendar | undefined)[];
  private readonly ended = new IntList();
  /** for statuses with a term: the day the current episode started, by agent and status (sparse) */
  private readonly started: BlockMap;
  private readonly S: number;
  /** grades that no entry or exit condition tells apart: recovery from one to another needs no look */
  private readonly classes: Int32Array;
  private readonly steps: ScoreSteps;
  private readonly due = new IntList();
  private readonly sanction: boolean;
  private readonly entered: number[];
  private readonly exited: number[];
  private readonly c: SanctionCounters | undefined;
  private readonly tracer: World['tracer'];
  // the plan's fields the loops read, held here: sanctions' and perks' plans differ in shape (and
  // come from the message that started the worker), so reading them through the plan would see
  // more than one shape at every load
  /** bit s of enterBits[i] (exitBits[i]): status s's entry (exit) condition holds in agent state i */
  private readonly enterBits: Uint8Array;
  private readonly exitBits: Uint8Array;
  private readonly offset: number;
  private readonly termDays: Int32Array;

  constructor(private readonly plan: StatusPlan, private readonly world: World) {
    this.cols = world.columns;
    this.enterBits = statusBits(plan.enter);
    this.exitBits = statusBits(plan.exit);
    this.offset = plan.offset;
    this.termDays = Int32Array.from(plan.termDays);
    this.checks = new Calendar(world.layout.blocks);
    this.terms = plan.termDays.map((t) => (t > 0 ? new Calendar(world.layout.blocks) : undefined));
    this.started = new BlockMap(world.layout.blocks, 8);
    this.S = plan.names.length;
    this.classes = gradeClasses([...plan.enter, ...plan.exit], world.gradeCount, world.listSets);
    this.steps = world.scoreSteps(this.classes);
    this.sanction = plan.kind === 'sanction';
    this.entered = plan.names.map((n) => world.counter(`${plan.kind}.${n}.entered`));
    this.exited = plan.names.map((n) => world.counter(`${plan.kind}.${n}.exited`));
    this.c = this.sanction
      ? {
          billboardEntered: world.counter('billboardEntered'),
          billboardExited: world.counter('billboardExited'),
          spilloverMembers: world.counter('spilloverMembers'),
          spilloverSanctions: world.counter('spilloverSanctions'),
          jobsLost: world.counter('jobsLost'),
          petsRemoved: world.counter('petsRemoved'),
        }
      : undefined;
    this.tracer = world.tracer;
  }

  /** The calendars and map kept for the worker's blocks (handed over with the blocks: see BlockState). */
  get blockState(): BlockState[] {
    return [this.checks, ...this.terms.filter((t): t is Calendar => t !== undefined), this.started];
  }

  step(phase: Phase, ctx: BlockContext): void {
    if (this.S === 0) return;
    if (phase === 'daily') this.daily(ctx);
    else this.react(ctx);
  }

  /** Keeps the household byte's status bit in step with the flags (any sanction or perk active). */
  private markActive(agent: number, f: number): void {
    const cols = this.cols;
    const h = cols.household(agent);
    const next = (f & (0xff << FLAG_SANCTION_SHIFT)) !== 0 ? h | HOUSEHOLD_STATUS_ACTIVE : h & ~HOUSEHOLD_STATUS_ACTIVE;
    if (next !== h) cols.setHousehold(agent, next);
  }

  private leave(s: number, agent: number, group: number, day: number, f: number, why: string): number {
    const { plan, world, c } = this;
    const active = 1 << (FLAG_SANCTION_SHIFT + this.offset + s);
    const wrongful = 1 << (FLAG_WRONGFUL_SHIFT + this.offset + s);
    world.count(day, group, this.exited[s]);
    if (this.termDays[s] > 0) this.started.delete(agent, s);
    if (c !== undefined) {
      world.count(day, group, Counter.sanctionsExited);
      if (f & wrongful) world.count(day, group, Counter.wrongfulExited);
      if (plan.effects[s].billboard) world.count(day, group, c.billboardExited);
    }
    if (this.tracer.on(agent)) this.tracer.add({ agent, day, kind: plan.kind, status: plan.names[s], action: 'exit', why });
    return f & ~(active | wrongful);
  }

  private enter(ctx: BlockContext, s: number, agent: number, group: number, f: number, trulyMet: boolean): number {
    const { plan, world, cols, c } = this;
    const day = ctx.day;
    const active = 1 << (FLAG_SANCTION_SHIFT + this.offset + s);
    f |= active;
    world.count(day, group, this.entered[s]);
    const effects = plan.effects[s];
    let wrongful = false;
    let lost = 0;
    if (c !== undefined) {
      f |= FLAG_EVER_SANCTIONED;
      world.count(day, group, Counter.sanctionsEntered);
      if (!trulyMet) {
        wrongful = true;
        f |= (1 << (FLAG_WRONGFUL_SHIFT + this.offset + s)) | FLAG_EVER_WRONGFUL;
        world.count(day, group, Counter.wrongfulEntered);
      }
      if (effects.billboard) world.count(day, group, c.billboardEntered);
      if ((effects.removes & FLAG_EMPLOYED) && (f & FLAG_EMPLOYED)) {
        f &= ~FLAG_EMPLOYED;
        world.count(day, group, c.jobsLost);
        lost |= FLAG_EMPLOYED;
      }
      if ((effects.removes & FLAG_PET) && (f & FLAG_PET)) {
        f &= ~FLAG_PET;
        world.count(day, group, c.petsRemoved);
        lost |= FLAG_PET;
      }
      if (effects.spilloverAges !== 0) {
        const head = world.householdHead(agent);
        const end = world.householdEnd(head, ctx.end);
        let affected = 0;
        for (let m = head; m < end; m++) if (m !== agent && ((effects.spilloverAges >>> (cols.household(m) >>> 6)) & 1)) affected++;
        world.count(day, group, c.spilloverMembers, affected);
        world.count(day, group, c.spilloverSanctions);
      }
    }
    const term = this.terms[s];
    if (term !== undefined) {
      this.started.set(agent, day, s);
      if (day + this.termDays[s] <= world.days) term.add(day + this.termDays[s], agent);
    }
    if (this.tracer.on(agent)) {
      this.tracer.add({
        agent, day, kind: plan.kind, status: plan.names[s], action: 'enter', wrongful, score: cols.score(agent), trueScore: cols.trueScore(agent),
        lost: [...(lost & FLAG_EMPLOYED ? ['job'] : []), ...(lost & FLAG_PET ? ['pet'] : [])],
        billboard: effects.billboard,
      });
    }
    return f;
  }

  private react(ctx: BlockContext): void {
    const { world, cols, S, sanction } = this;
    const touched = ctx.touched;
    // no loads ahead here: the runner loaded the records' agents before the record phase, and the
    // daily phase has just read those due for a look
    touched.uniqueWithin(ctx.start);
    const day = ctx.day;
    for (let k = 0; k < touched.length; k++) {
      const agent = touched.data[k];
      world.touch(agent, day);
      const segment = world.segmentFrom(agent, ctx.firstSegment);
      const group = world.segmentGroup[segment];
      const staticIndex = world.staticIndex(segment, agent);
      const f0 = cols.flags(agent);
      let f = f0;
      const recorded = world.stateIndex(staticIndex, cols.score(agent), f);
      const truth = world.stateIndex(staticIndex, cols.trueScore(agent), f);
      const trulyMet = this.enterBits[truth];
      if (sanction && trulyMet !== 0) f |= FLAG_TRUE_TRIGGERED;
      // most looks change nothing: one test of all statuses at once before going through them
      if (this.decides(recorded, f)) {
        for (let s = 0; s < S; s++) {
          const active = 1 << (FLAG_SANCTION_SHIFT + this.offset + s);
          if ((f & active) === 0) {
            if ((this.enterBits[recorded] >>> s) & 1) f = this.enter(ctx, s, agent, group, f, ((trulyMet >>> s) & 1) === 1);
          } else if ((this.exitBits[recorded] >>> s) & 1) {
            f = this.leave(s, agent, group, day, f, 'exit condition met');
          }
        }
      }
      // written back only when changed: a store dirties the agent's cache line, which must then go
      // back to memory
      if (f !== f0) {
        cols.setFlags(agent, f);
        this.markActive(agent, f);
      }
      const next = this.nextDecision(staticIndex, cols.score(agent), cols.trueScore(agent), f, day);
      if (next !== 0) this.checks.add(next, agent);
    }
  }

  /**
   * The first day on which react, looking at the agent because recovery moved its recorded or true
   * score into another class of grades, would decide something for an agent with these flags and
   * scores today: a status entered or left, or (for sanctions) the true state meeting an entry
   * condition for the first time; 0 when no such day falls within the run. Looks that would decide
   * nothing are passed over: they would change nothing, and every record, list change or term end
   * reschedules the agent anyway.
   */
  private nextDecision(staticIndex: number, score: number, trueScore: number, f: number, day: number): number {
    const { world, steps } = this;
    if (plainLooks.on) {
      const a = world.nextGradeChange(score, day, steps);
      const b = world.nextGradeChange(trueScore, day, steps);
      return a === 0 ? b : b === 0 ? a : Math.min(a, b);
    }
    const truthMatters = this.sanction && (f & FLAG_TRUE_TRIGGERED) === 0;
    let recordedNext = world.nextGradeChangeFrom(score, day, steps);
    let trueNext = world.nextGradeChangeFrom(trueScore, day, steps);
    while (recordedNext !== 0 || trueNext !== 0) {
      const d = recordedNext === 0 ? trueNext : trueNext === 0 ? recordedNext : Math.min(recordedNext, trueNext);
      const points = world.recoveryUntil(d) - world.recoveryUntil(day);
      const s = world.recover(score, points);
      const t = world.recover(trueScore, points);
      if (this.decides(world.stateIndex(staticIndex, s, f), f)) return d;
      if (truthMatters && this.meetsAnEntry(world.stateIndex(staticIndex, t, f))) return d;
      if (recordedNext === d) recordedNext = world.nextGradeChange(s, d, steps);
      if (trueNext === d) trueNext = world.nextGradeChange(t, d, steps);
    }
    return 0;
  }

  /** Whether react would enter or leave some status of this mechanism in state `index` with flags `f`. */
  private decides(index: number, f: number): boolean {
    const active = (f >>> (FLAG_SANCTION_SHIFT + this.offset)) & ((1 << this.S) - 1);
    return ((this.enterBits[index] & ~active) | (this.exitBits[index] & active)) !== 0;
  }

  private meetsAnEntry(index: number): boolean {
    return this.enterBits[index] !== 0;
  }

  private daily(ctx: BlockContext): void {
    const { plan, world, cols, S, due } = this;
    const day = ctx.day;
    if (day === 1 && plan.checkAllOnFirstDay) for (let a = ctx.start; a < ctx.end; a++) ctx.touched.push(a);
    due.clear();
    this.checks.takeInto(day, ctx.block, due);
    for (let k = 0; k < due.length; k++) if (this.movedClass(due.data[k], day)) ctx.touched.push(due.data[k]);
    for (let s = 0; s < S; s++) {
      const term = this.terms[s];
      const ended = this.ended;
      ended.clear();
      if (term === undefined || term.takeInto(day, ctx.block, ended) === 0) continue;
      const active = 1 << (FLAG_SANCTION_SHIFT + this.offset + s);
      for (let k = 0; k < ended.length; k++) {
        const agent = ended.data[k];
        const f = cols.flags(agent);
        // an entry left by an earlier episode of the same status does not end this one
        if ((f & active) === 0 || this.started.get(agent, s) !== day - this.termDays[s]) continue;
        // not re-evaluated today: a sanction whose term ended is entered again on the next touch that meets its condition
        const segment = world.segmentFrom(agent, ctx.firstSegment);
        const left = this.leave(s, agent, world.segmentGroup[segment], day, f, 'term ended');
        cols.setFlags(agent, left);
        this.markActive(agent, left);
        // with the status gone, a grade change passed over before may now decide something: one
        // today means a look today, as if it had been queued
        if (this.movedClass(agent, day)) ctx.touched.push(agent);
        const next = this.nextDecision(world.staticIndex(segment, agent), world.scoreAt(agent, day), world.trueScoreAt(agent, day), left, day);
        if (next !== 0) this.checks.add(next, agent);
      }
    }
  }

  /**
   * Whether an agent queued for today is still due: recovery moved its recorded or true score into
   * another class of grades between yesterday and today. A queue entry made before a later look
   * rescheduled the agent is left over, and is passed over here.
   */
  private movedClass(agent: number, day: number): boolean {
    const world = this.world;
    const last = this.cols.touched(agent);
    // touched today: only records and list changes touch before react, and they look at it anyway
    if (last >= day) return true;
    return this.classOf(world.scoreAt(agent, day - 1)) !== this.classOf(world.scoreAt(agent, day))
      || this.classOf(world.trueScoreAt(agent, day - 1)) !== this.classOf(world.trueScoreAt(agent, day));
  }

  private classOf(score: number): number {
    return this.classes[this.world.grade(score)];
  }
}

/** The tables of statuses 0..S-1 (S ≤ 8) as one byte per agent state: bit s holds table s's value. */
export function statusBits(tables: readonly Uint8Array[]): Uint8Array {
  const bits = new Uint8Array(tables.reduce((n, t) => Math.max(n, t.length), 0));
  tables.forEach((table, s) => {
    for (let i = 0; i < table.length; i++) if (table[i] === 1) bits[i] |= 1 << s;
  });
  return bits;
}

/**
 * Classes of grades that every table (indexed over the agent domain: static part, then grade, then
 * list set) gives the same values: grade g's class is the first grade with g's values everywhere.
 */
export function gradeClasses(tables: readonly Uint8Array[], grades: number, listSets: number): Int32Array {
  const classes = Int32Array.from({ length: grades }, (_, g) => g);
  const stride = grades * listSets;
  const same = (a: number, b: number) => tables.every((t) => {
    for (let base = 0; base < t.length; base += stride) {
      for (let l = 0; l < listSets; l++) if (t[base + a * listSets + l] !== t[base + b * listSets + l]) return false;
    }
    return true;
  });
  for (let g = 1; g < grades; g++) {
    for (let h = 0; h < g; h++) {
      if (classes[h] === h && same(g, h)) {
        classes[g] = h;
        break;
      }
    }
  }
  return classes;
}

/** Whether some agent meets an entry condition in the starting state (base score, on no list). */
export function metAtStart(enter: readonly Uint8Array[], baseGrade: number, grades: number, listSets: number): boolean {
  return enter.some((table) => {
    for (let i = 0; i < table.length; i += grades * listSets) if (table[i + baseGrade * listSets] === 1) return true;
    return false;
  });
}
