// Runs the day loop over one worker's blocks: population generation, the phases before and after
// the cross-block exchange, and the final tally. Identical for one worker or many.
import type { ColumnBuffers } from './columns.ts';
import {
  FLAG_EVER_SANCTIONED, FLAG_EVER_WRONGFUL, FLAG_TRUE_TRIGGERED, FLAG_LIST_SHIFT, FLAG_SANCTION_SHIFT, FLAG_EXPOSED_SHIFT,
  FLAG_EMPLOYED, FLAG_PET, FLAG_WRONGFUL_SHIFT,
} from './columns.ts';
import { Counter } from './counters.ts';
import type { TraceEntry } from './trace.ts';
import { AGE_CLASSES, BLOCK_SIZE } from './layout.ts';
import type { Mechanism, MechanismStep, Phase } from './mechanism.ts';
import { PHASES, PHASES_AFTER_EXCHANGE } from './mechanism.ts';
import type { SimulationPlan } from './plan.ts';
import { populateBlock } from './population.ts';
import { World } from './world.ts';
import { BlockContext } from './block-context.ts';
import { ActsAhead } from './ahead.ts';
import { IntList, type BlockState } from './buffers.ts';

/** Whole-population figures gathered at the end of a run, by group; summed across workers. */
export interface Tally extends TallyCounts {
  /** the lowest-numbered agents who were wrongfully sanctioned (at most EXAMPLES), ascending */
  wrongfulExamples: number[];
  /** the lowest-numbered agents on a billboard on the last day (at most EXAMPLES), ascending */
  billboard: BillboardEntry[];
  /** trace entries of the followed agents, by agent then in the order they happened */
  trace: TraceEntry[];
}

/** A synthetic agent shown on a billboard at the end of the run (for the report). */
export interface BillboardEntry {
  agent: number;
  group: string;
  region: string;
  sanctions: string[];
  /** the listing rests on a wrongful sanction */
  wrongful: boolean;
  score: number;
  trueScore: number;
}

/** How many wrongfully sanctioned agents a run names, for `scoresim explain`. */
export const EXAMPLES = 20;

export interface TallyCounts {
  counters: Float64Array;
  agents: Float64Array;
  everSanctioned: Float64Array;
  everWrongful: Float64Array;
  trueTriggered: Float64Array;
  /** sanctioned at some time although their true state never met any entry condition */
  sanctionedClear: Float64Array;
  activeSanctioned: Float64Array;
  listed: Float64Array;
  /** scoreHistogram[group * range + (score - min)] */
  scoreHistogram: Float64Array;
  trueScoreHistogram: Float64Array;
  /** agents whose records leaked from any store */
  exposed: Float64Array;
  /** fields exposed: for each leaked store an agent appears in, that store's number of fields */
  exposedFields: Float64Array;
}

/** Bits of the flags word that mark sanctions (not perks). */
function sanctionMask(plan: SimulationPlan): number {
  return ((1 << plan.vocabulary.sanctions.length) - 1) << FLAG_SANCTION_SHIFT;
}

interface ActiveStep {
  step: MechanismStep;
  stream: number;
  phases: readonly Phase[];
}

export class BlockRunner {
  readonly world: World;
  private readonly plan: SimulationPlan;
  private readonly ctx: BlockContext;
  private readonly steps: ActiveStep[];
  /** each phase's steps in plan order (PHASES order), with their stream keyed by mechanism and phase */
  private readonly byPhase: { step: MechanismStep; stream: number }[][];
  private readonly pendingStart: Int32Array;
  private readonly pendingEnd: Int32Array;
  private readonly inboxOrder = new IntList();
  /** Acts drawn ahead of their day (drawAhead), with the context they are drawn in. */
  private readonly ahead: ActsAhead;
  /** Behaviour events found by the last call of before(). */
  eventsLastDay = 0;

  constructor(
    plan: SimulationPlan, buffers: ColumnBuffers, blockFrom: number, blockTo: number, registry: readonly Mechanism[],
    tracedAgents: readonly number[] = [],
  ) {
    this.plan = plan;
    this.world = new World(plan, buffers, blockFrom, blockTo, tracedAgents);
    this.ctx = new BlockContext(this.world);
    this.ahead = new ActsAhead(new BlockContext(this.world));
    this.steps = plan.mechanisms.map(({ key, plan: mechanismPlan }) => {
      const def = registry.find((m) => m.key === key);
      if (def === undefined) throw new Error(`scoresim: no mechanism named "${key}" is registered`);
      return { step: def.create(mechanismPlan, this.world, plan), stream: def.stream, phases: def.phases };
    });
    this.byPhase = PHASES.map((phase, p) => this.steps.filter((s) => s.phases.includes(phase)).map((s) => ({ step: s.step, stream: s.stream * 8 + p })));
    this.pendingStart = new Int32Array(plan.layout.blocks);
    this.pendingEnd = new Int32Array(plan.layout.blocks);
  }

  /** Everything the mechanisms keep per block across days, in plan order (see MechanismStep.blockState). */
  private blockStates(): BlockState[] {
    return this.steps.flatMap((s) => s.step.blockState ?? []);
  }

  /**
   * Hands over blocks [from, to) between days: removes their part of every mechanism's per-block
   * state and returns it as plain data, for the worker that will own them (importBlocks).
   */
  exportBlocks(from: number, to: number): unknown[] {
    return this.blockStates().map((s) => s.exportBlocks(from, to));
  }

  /** Takes over the per-block state another runner exported (exportBlocks), in the same plan. */
  importBlocks(parts: readonly unknown[]): void {
    this.blockStates().forEach((s, k) => s.importBlocks(parts[k]));
  }

  /**
   * From the next day on, this runner's blocks are [from, to). The agents' columns are shared, so only
   * the mechanisms' per-block state moves with a block, handed over by its previous owner.
   */
  own(from: number, to: number): void {
    this.world.blockFrom = from;
    this.world.blockTo = to;
  }

  private position(block: number, ctx = this.ctx): void {
    ctx.block = block;
    ctx.local = block - this.world.blockFrom;
    ctx.start = block * BLOCK_SIZE;
    ctx.end = Math.min(ctx.start + BLOCK_SIZE, this.world.layout.agents);
    ctx.firstSegment = this.world.segmentOf(ctx.start);
  }

  populate(): void {
    for (let b = this.world.blockFrom; b < this.world.blockTo; b++) {
      this.position(b);
      populateBlock(this.world, this.plan, this.ctx.rng, b, this.ctx.start, this.ctx.end);
      if (this.world.tracer.enabled) for (let a = this.ctx.start; a < this.ctx.end; a++) if (this.world.tracer.on(a)) this.traceAgent(a);
    }
  }

  /** The fixed description of a followed agent, as day 0 of its trace. */
  private traceAgent(agent: number): void {
    const w = this.world;
    const segment = w.segmentOf(agent);
    const head = w.householdHead(agent);
    const end = w.householdEnd(head, this.ctx.end);
    const ages = Array.from({ length: end - head }, (_, k) => AGE_CLASSES[w.columns.household(head + k) >>> 6]);
    const region = this.plan.regions[w.segmentRegion[segment]];
    const f = w.columns.flags(agent);
    w.tracer.add({
      agent, day: 0, kind: 'agent',
      group: this.plan.groups[w.segmentGroup[segment]],
      region: region.name,
      regionKind: this.plan.regionKinds[region.kind],
      ageClass: AGE_CLASSES[w.columns.household(agent) >>> 6],
      household: ages,
      employed: (f & FLAG_EMPLOYED) !== 0,
      pet: (f & FLAG_PET) !== 0,
      score: w.columns.score(agent),
    });
  }

  private runPhase(phase: Phase, ctx = this.ctx): void {
    const steps = this.byPhase[PHASES.indexOf(phase)];
    this.world.acting = phase === 'act';
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k];
      ctx.rng.key(s.stream, ctx.day, ctx.block);
      s.step.step(phase, ctx);
    }
    this.world.acting = false;
  }

  /**
   * Draws one more block's acts ahead of their day, on `day` or later: the block after the last one
   * drawn, or this runner's first block on the day after (ActsAhead.next). What a worker does while
   * it waits for the others at the day's meeting. The act phase depends only on the day, the block
   * and what never changes (mechanism.ts, PHASES), so the events drawn early are the events before()
   * would draw. Returns false when there is nothing more to draw: the run's last day drawn, or
   * AHEAD_EVENTS held.
   */
  drawAhead(day: number): boolean {
    const w = this.world;
    const next = this.ahead.next(day, w.blockFrom, w.blockTo, w.days);
    if (next === undefined) return false;
    const [aheadDay, block] = next;
    const started = performance.now();
    const a = this.ahead.ctx;
    a.day = aheadDay;
    this.position(block, a);
    w.warmHousehold(a.start, a.end);
    this.runPhase('act', a);
    this.ahead.drawn(aheadDay, block, performance.now() - started);
    return true;
  }

  /** Milliseconds the acts drawn ahead and taken since the last call took to draw (ActsAhead.takenTime). */
  aheadTime(): number {
    return this.ahead.takenTime();
  }

  /**
   * Acts and observes in every block, given yesterday's population-wide region signals; returns the
   * records addressed to other blocks.
   */
  before(day: number, signals?: Float64Array): Int32Array {
    const ctx = this.ctx;
    ctx.day = day;
    this.world.signalsClosedOn = 0;
    if (signals !== undefined && signals.length === this.world.signals.length) this.world.signals.set(signals);
    ctx.pendingTarget.clear();
    ctx.pendingInfo.clear();
    ctx.pendingSource.clear();
    ctx.outbox.clear();
    this.eventsLastDay = 0;
    for (let b = this.world.blockFrom; b < this.world.blockTo; b++) {
      this.position(b);
      ctx.eventAgent.clear();
      ctx.eventKind.clear();
      ctx.eventSegment.clear();
      this.world.warmHousehold(ctx.start, ctx.end);
      this.pendingStart[ctx.block] = ctx.pendingTarget.length;
      if (!this.ahead.take(day, b, ctx)) this.runPhase('act');
      ctx.findEventRuns();
      this.runPhase('adapt');
      ctx.findEventRuns();
      this.countEvents();
      this.runPhase('observe');
      this.pendingEnd[ctx.block] = ctx.pendingTarget.length;
      this.eventsLastDay += ctx.eventAgent.length;
    }
    this.ahead.release(day);
    return ctx.outbox.data.slice(0, ctx.outbox.length);
  }

  /** Counts the day's events (after adaptation). */
  private countEvents(): void {
    const ctx = this.ctx;
    const w = this.world;
    const n = ctx.eventAgent.length;
    const segments = ctx.eventSegment.data;
    // counted in runs of one segment: a block holds few segments, and adding to one counter per
    // event would chain every event's addition to the previous one's
    let run = 0;
    let segment = -1;
    for (let e = 0; e < n; e++) {
      if (segments[e] !== segment) {
        if (run > 0) w.count(ctx.day, w.segmentGroup[segment], Counter.events, run);
        segment = segments[e];
        run = 0;
      }
      run++;
    }
    if (run > 0) w.count(ctx.day, w.segmentGroup[segment], Counter.events, run);
    if (w.tracer.enabled) {
      for (let e = 0; e < n; e++) {
        const agent = ctx.eventAgent.data[e];
        if (w.tracer.on(agent)) w.tracer.add({ agent, day: ctx.day, kind: 'event', event: this.plan.vocabulary.events[ctx.eventKind.data[e]] });
      }
    }
  }

  /** Today's region signals from this worker's blocks, cleared for the next day: taken after before(), with the records. */
  takeSignals(): Float64Array {
    const out = this.world.signalsToday.slice();
    this.world.signalsToday.fill(0);
    return out;
  }

  /**
   * Applies the day's records (each block's own first, then those from other blocks in ascending
   * source-block order) and runs the daily and react phases.
   */
  after(day: number, inbox: Int32Array): void {
    const ctx = this.ctx;
    const w = this.world;
    // the day's signals left with its records (takeSignals, before the exchange): one raised from
    // here on would reach the other workers a day late, or never, so World.signal refuses it
    w.signalsClosedOn = day;
    const blocks = w.blockTo - w.blockFrom;
    // stable counting sort of the inbox by target block
    const counts = new Int32Array(blocks + 1);
    const entries = inbox.length >> 2;
    for (let e = 0; e < entries; e++) counts[Math.floor(inbox[4 * e + 1] / BLOCK_SIZE) - w.blockFrom + 1]++;
    for (let b = 0; b < blocks; b++) counts[b + 1] += counts[b];
    const order = this.inboxOrder;
    order.clear();
    for (let e = 0; e < entries; e++) order.push(0);
    const fill = counts.slice(0, blocks);
    for (let e = 0; e < entries; e++) order.data[fill[Math.floor(inbox[4 * e + 1] / BLOCK_SIZE) - w.blockFrom]++] = e;

    for (let b = w.blockFrom; b < w.blockTo; b++) {
      this.position(b);
      ctx.recordTarget.clear();
      ctx.recordInfo.clear();
      ctx.recordSource.clear();
      ctx.touched.clear();
      const from = this.pendingStart[ctx.block];
      const to = this.pendingEnd[ctx.block];
      ctx.recordTarget.append(ctx.pendingTarget, from, to);
      ctx.recordInfo.append(ctx.pendingInfo, from, to);
      ctx.recordSource.append(ctx.pendingSource, from, to);
      for (let k = counts[ctx.local]; k < counts[ctx.local + 1]; k++) {
        const e = order.data[k];
        ctx.recordTarget.push(inbox[4 * e + 1]);
        ctx.recordInfo.push(inbox[4 * e + 2]);
        ctx.recordSource.push(inbox[4 * e + 3]);
      }
      w.prefetch(ctx.recordTarget.data, 0, ctx.recordTarget.length);
      for (const phase of PHASES_AFTER_EXCHANGE) this.runPhase(phase);
    }
  }

  /** Brings every agent to the last day and gathers the whole-population figures. */
  tally(): Tally {
    const w = this.world;
    const G = w.groups;
    const range = w.max - w.min + 1;
    const t: Tally = {
      counters: w.counters,
      agents: new Float64Array(G),
      everSanctioned: new Float64Array(G),
      everWrongful: new Float64Array(G),
      trueTriggered: new Float64Array(G),
      sanctionedClear: new Float64Array(G),
      activeSanctioned: new Float64Array(G),
      listed: new Float64Array(G),
      scoreHistogram: new Float64Array(G * range),
      trueScoreHistogram: new Float64Array(G * range),
      exposed: new Float64Array(G),
      exposedFields: new Float64Array(G),
      wrongfulExamples: [],
      billboard: [],
      trace: w.tracer.entries,
    };
    const billboardMask = (this.plan.mechanisms.find((m) => m.key === 'sanctions')?.plan as { effects?: { billboard: boolean }[] } | undefined)
      ?.effects?.reduce((m, e, k) => (e.billboard ? m | (1 << (FLAG_SANCTION_SHIFT + k)) : m), 0) ?? 0;
    const marks: FinalMarks = { billboardMask, sanctions: sanctionMask(this.plan), storeFields: this.plan.stores.map((s) => s.fields) };
    // flags that make an agent count in more than the histograms (job and pet do not)
    const notable = FLAG_EVER_SANCTIONED | FLAG_EVER_WRONGFUL | FLAG_TRUE_TRIGGERED | marks.sanctions | billboardMask |
      (0xf << FLAG_LIST_SHIFT) | (0xf << FLAG_EXPOSED_SHIFT);
    const traced = w.tracer.enabled;
    const cols = w.columns;
    const days = w.days;
    const scores = t.scoreHistogram;
    const trueScores = t.trueScoreHistogram;
    const first = w.blockFrom * BLOCK_SIZE;
    const last = Math.min(w.blockTo * BLOCK_SIZE, w.layout.agents);
    // one forward pass, a segment (one group) at a time; the histograms are added to in runs of
    // equal scores, since most agents end at the same score and adding one at a time would chain
    // every agent's addition to the previous one's
    for (let segment = w.segmentOf(first); segment < w.segmentStart.length - 1 && w.segmentStart[segment] < last; segment++) {
      const from = Math.max(first, w.segmentStart[segment]);
      const to = Math.min(last, w.segmentStart[segment + 1]);
      const g = w.segmentGroup[segment];
      const offset = g * range - w.min;
      t.agents[g] += to - from;
      let score = NaN;
      let scoreRun = 0;
      let trueScore = NaN;
      let trueRun = 0;
      for (let a = from; a < to; a++) {
        // both scores as of the last day: the recovery since the agent's last touch, applied here
        // and not stored (nothing reads the columns after the tally), so the pass only reads
        const k = w.recoveredSinceTouched(a, days);
        const s = w.recover(cols.score(a), k);
        const ts = w.recover(cols.trueScore(a), k);
        const f = cols.flags(a);
        if ((f & notable) !== 0 || traced) this.tallyMarks(t, marks, a, g, segment, f, s, ts);
        if (s !== score) {
          if (scoreRun > 0) scores[offset + score] += scoreRun;
          score = s;
          scoreRun = 0;
        }
        scoreRun++;
        if (ts !== trueScore) {
          if (trueRun > 0) trueScores[offset + trueScore] += trueRun;
          trueScore = ts;
          trueRun = 0;
        }
        trueRun++;
      }
      if (scoreRun > 0) scores[offset + score] += scoreRun;
      if (trueRun > 0) trueScores[offset + trueScore] += trueRun;
    }
    return t;
  }

  /**
   * The tally of one agent whose flags mark it (statuses, lists, leaks) or who is followed; `score`
   * and `trueScore` are its scores as of the last day.
   */
  private tallyMarks(t: Tally, marks: FinalMarks, a: number, g: number, segment: number, f: number, score: number, trueScore: number): void {
    const w = this.world;
    const v = this.plan.vocabulary;
    if (f & FLAG_EVER_SANCTIONED) {
      t.everSanctioned[g]++;
      if (!(f & FLAG_TRUE_TRIGGERED)) t.sanctionedClear[g]++;
    }
    if (f & FLAG_EVER_WRONGFUL) {
      t.everWrongful[g]++;
      if (t.wrongfulExamples.length < EXAMPLES) t.wrongfulExamples.push(a);
    }
    if ((f & marks.billboardMask) !== 0 && t.billboard.length < EXAMPLES) {
      t.billboard.push({
        agent: a,
        group: this.plan.groups[g],
        region: this.plan.regions[w.segmentRegion[segment]].name,
        sanctions: v.sanctions.filter((_, k) => f & (1 << (FLAG_SANCTION_SHIFT + k))),
        wrongful: (f & marks.billboardMask & (f >>> (FLAG_WRONGFUL_SHIFT - FLAG_SANCTION_SHIFT))) !== 0,
        score,
        trueScore,
      });
    }
    const leaked = (f >>> FLAG_EXPOSED_SHIFT) & 0xf;
    if (leaked) {
      t.exposed[g]++;
      for (let k = 0; k < marks.storeFields.length; k++) if (leaked & (1 << k)) t.exposedFields[g] += marks.storeFields[k];
    }
    if (f & FLAG_TRUE_TRIGGERED) t.trueTriggered[g]++;
    if (f & marks.sanctions) t.activeSanctioned[g]++;
    if ((f >>> FLAG_LIST_SHIFT) & 0xf) t.listed[g]++;
    if (w.tracer.on(a)) {
      const statuses = [...v.sanctions, ...v.perks];
      w.tracer.add({
        agent: a, day: w.days, kind: 'final',
        score, trueScore,
        grade: v.score.grades[w.grade(score)], trueGrade: v.score.grades[w.grade(trueScore)],
        active: statuses.filter((_, k) => f & (1 << (FLAG_SANCTION_SHIFT + k))),
        wrongful: statuses.filter((_, k) => f & (1 << (FLAG_WRONGFUL_SHIFT + k))),
        lists: v.lists.filter((_, k) => f & (1 << (FLAG_LIST_SHIFT + k))),
        everWrongful: (f & FLAG_EVER_WRONGFUL) !== 0,
        employed: (f & FLAG_EMPLOYED) !== 0,
        pet: (f & FLAG_PET) !== 0,
      });
    }
  }
}

/** What tallyMarks needs to know about the plan's flags. */
interface FinalMarks {
  /** sanctions that put the agent on a billboard */
  billboardMask: number;
  /** bits of sanctions (not perks) */
  sanctions: number;
  /** fields of each data store */
  storeFields: number[];
}

/** Adds `from` into `into`, field by field (integer counts, so the order of workers does not matter). */
export function mergeTally(into: Tally, from: Tally): void {
  for (const key of Object.keys(into) as (keyof Tally)[]) {
    const a = into[key];
    const b = from[key];
    if (a instanceof Float64Array && b instanceof Float64Array) for (let i = 0; i < a.length; i++) a[i] += b[i];
  }
  into.wrongfulExamples = [...into.wrongfulExamples, ...from.wrongfulExamples].sort((x, y) => x - y).slice(0, EXAMPLES);
  into.billboard = [...into.billboard, ...from.billboard].sort((x, y) => x.agent - y.agent).slice(0, EXAMPLES);
  // put in order once, after the last merge (simulate: sortTrace)
  into.trace = [...into.trace, ...from.trace];
}

/**
 * A trace in agent order, each agent's entries in the order they happened: a day's entries for an
 * agent all come from the worker that owned its block that day, in order (the workers may hand blocks
 * to each other between days), so a stable sort by agent and day keeps them in order.
 */
export function sortTrace(entries: TraceEntry[]): TraceEntry[] {
  return entries.sort((x, y) => x.agent - y.agent || x.day - y.day);
}
