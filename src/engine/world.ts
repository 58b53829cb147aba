// What every mechanism in a worker shares: the columns, the layout, the score model with lazy
// recovery, the mapping from agent state to condition-table indices, and the daily counters.
import { type AgentTable, type ColumnBuffers, viewColumns, FLAG_LIST_SHIFT, FLAG_EXPOSED_SHIFT, HOUSEHOLD_OFFSET_MASK } from './columns.ts';
import type { Layout } from './layout.ts';
import type { SimulationPlan, StorePlan } from './plan.ts';
import type { BlockRng } from './rng.ts';
import { Tracer } from './trace.ts';
import { domainShape } from './domains.ts';
import { createCounters } from './counters.ts';

const EPS = 1e-9;

/** Region-level signals carried from one day to the next (summed over all workers in between). */
export const Signal = {
  /** posts flagged by the censor in the region */
  flaggedPosts: 0,
} as const;
export const SIGNALS = 1;

/** For each score (minus the minimum), the nearest score above and below it in another class of grades. */
export interface ScoreSteps {
  /** the lowest score above s in another class (max + 1 when none) */
  nextUp: Int32Array;
  /** the highest score below s in another class (min - 1 when none) */
  nextDown: Int32Array;
  /** nextGradeChange(min + k, day) for every score, for the day `tableDay` (see nextGradeChangeFrom) */
  table?: Int32Array;
  tableDay?: number;
}

export class World {
  readonly columns: AgentTable;
  readonly layout: Layout;
  readonly days: number;
  readonly seed: number;
  readonly groups: number;
  readonly regionKind: Uint8Array;
  readonly segmentGroup: Uint8Array;
  readonly segmentRegion: Uint16Array;
  readonly segmentStart: Float64Array;
  readonly counters: Float64Array;
  readonly counterCount: number;
  private readonly counterNames: readonly string[];
  /** Region-level signals of the previous day, summed over the whole population (see Signal). */
  readonly signals: Float64Array;
  /** This worker's contribution to today's signals. */
  readonly signalsToday: Float64Array;
  /** The day whose exchange has passed (the runner sets it for the after phases), 0 before it: signal refuses to add then. */
  signalsClosedOn = 0;
  /** In the act phase (the runner sets it), which may run days ahead of its day: signal refuses to add then. */
  acting = false;
  readonly regions: number;
  readonly stores: readonly StorePlan[];
  readonly tracer: Tracer;
  /** counter of leaked records, when a breach is configured */
  private readonly leakCounter: number;
  private readonly events: readonly string[];
  /** The blocks this worker owns: [blockFrom, blockTo) (changed only between days: see BlockRunner.own). */
  blockFrom: number;
  blockTo: number;

  // score model
  readonly base: number;
  readonly min: number;
  readonly max: number;
  readonly recoveryPerDay: number;
  readonly gradeOfScore: Uint8Array;
  /** number of grades */
  readonly gradeCount: number;
  /** recovered[d]: points of recovery accrued from day 0 to day d */
  private readonly recovered: Float64Array;
  /** where the grade of a score changes (see scoreSteps) */
  readonly gradeSteps: ScoreSteps;
  // domain strides
  readonly listSets: number;
  readonly agentDomainSize: number;
  private readonly staticStride: number;
  private readonly regionKinds: number;

  constructor(plan: SimulationPlan, buffers: ColumnBuffers, blockFrom: number, blockTo: number, tracedAgents: readonly number[] = []) {
    this.columns = viewColumns(buffers);
    this.layout = plan.layout;
    this.days = plan.days;
    this.seed = plan.seed;
    this.groups = plan.groups.length;
    this.regionKind = Uint8Array.from(plan.regions.map((r) => r.kind));
    this.segmentGroup = plan.layout.segmentGroup;
    this.segmentRegion = plan.layout.segmentRegion;
    this.segmentStart = plan.layout.segmentStart;
    this.counterNames = plan.counterNames;
    this.counterCount = plan.counterNames.length;
    this.counters = createCounters(plan.days, this.groups, this.counterCount);
    this.regions = plan.regions.length;
    this.signals = new Float64Array(this.regions * SIGNALS);
    this.signalsToday = new Float64Array(this.regions * SIGNALS);
    this.stores = plan.stores;
    this.tracer = new Tracer(tracedAgents);
    this.events = plan.vocabulary.events;
    this.leakCounter = plan.counterNames.indexOf('breachLeaked');
    this.blockFrom = blockFrom;
    this.blockTo = blockTo;
    const score = plan.vocabulary.score;
    this.base = score.base;
    this.min = score.min;
    this.max = score.max;
    this.recoveryPerDay = score.recoveryPerDay;
    this.gradeOfScore = score.gradeOfScore;
    this.gradeCount = score.grades.length;
    this.recovered = Float64Array.from({ length: plan.days + 1 }, (_, d) => Math.floor(score.recoveryPerDay * d + EPS));
    this.gradeSteps = this.scoreSteps(score.grades.map((_, g) => g));
    const shape = domainShape({
      events: plan.vocabulary.events,
      groups: plan.groups,
      regionKinds: plan.regionKinds,
      grades: score.grades,
      lists: plan.vocabulary.lists,
    });
    this.listSets = shape.listSets;
    this.agentDomainSize = shape.agentSize;
    this.staticStride = shape.grades * shape.listSets;
    this.regionKinds = plan.regionKinds.length;
  }

  /** The segment holding `agent`, searching forward from a segment known to start at or before it. */
  segmentFrom(agent: number, hint: number): number {
    const starts = this.segmentStart;
    let s = hint;
    while (starts[s + 1] <= agent) s++;
    return s;
  }

  /** The segment holding `agent` (binary search). */
  segmentOf(agent: number): number {
    const starts = this.segmentStart;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= agent) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Points of recovery accrued from day 0 to `day`: differences of this give exact lazy recovery. */
  recoveryUntil(day: number): number {
    return this.recovered[day];
  }

  /**
   * Loads the flags, scores and household bytes of the listed agents, one independent load each, so
   * that the many cache misses overlap here instead of stalling, one at a time, the phase that then
   * reads them.
   */
  prefetch(agents: Int32Array, from: number, to: number): void {
    const fw = this.columns.flagWords;
    const sw = this.columns.scoreWords;
    const hh = this.columns.householdBytes;
    let sink = 0;
    for (let k = from; k < to; k++) {
      const a = agents[k];
      sink ^= fw[a] ^ sw[3 * a] ^ hh[a];
    }
    this.prefetched ^= sink;
  }

  /** Loads the score words of the listed agents in [from, to), one independent load each (see prefetch). */
  prefetchScores(agents: Int32Array, from: number, to: number): void {
    const sw = this.columns.scoreWords;
    let sink = 0;
    for (let e = from; e < to; e++) sink ^= sw[3 * agents[e]];
    this.prefetched ^= sink;
  }

  /**
   * Reads the household bytes of agents [start, end) in one forward sweep, a load per cache line, for
   * a phase that then reads them at many random rows (drawing events, gate attempts): sequential
   * loads stream from memory far faster than the same lines fetched one miss at a time.
   */
  warmHousehold(start: number, end: number): void {
    const hh = this.columns.householdBytes;
    let sink = 0;
    for (let a = start; a < end; a += 64) sink ^= hh[a];
    this.prefetched ^= sink;
  }

  /** Keeps prefetch's loads from being optimised away. */
  private prefetched = 0;

  /** Brings both scores of `agent` up to `day`, moving each towards the base by the recovery accrued since last touched. */
  touch(agent: number, day: number): void {
    const cols = this.columns;
    const last = cols.touched(agent);
    if (last === day) return;
    cols.setTouched(agent, day);
    const k = this.recovered[day] - this.recovered[last];
    if (k === 0) return;
    cols.setScore(agent, this.recover(cols.score(agent), k));
    cols.setTrueScore(agent, this.recover(cols.trueScore(agent), k));
  }

  /**
   * The recorded score of `agent` as of `day`, without storing the recovery: for reads that are not a
   * look at the agent (the day of the last touch tells the status mechanisms whether one happened).
   */
  scoreAt(agent: number, day: number): number {
    return this.recover(this.columns.score(agent), this.recoveredSinceTouched(agent, day));
  }

  /** The true score of `agent` as of `day`, without storing the recovery (see scoreAt). */
  trueScoreAt(agent: number, day: number): number {
    return this.recover(this.columns.trueScore(agent), this.recoveredSinceTouched(agent, day));
  }

  /** Points of recovery accrued between the agent's last touch and `day` (a day at or after it). */
  recoveredSinceTouched(agent: number, day: number): number {
    return this.recovered[day] - this.recovered[this.columns.touched(agent)];
  }

  /** `score` moved towards the base by `points` (≥ 0), stopping at the base; in min and max, not branches, as scores fall on either side of the base at random. */
  recover(score: number, points: number): number {
    return score + Math.max(-points, Math.min(points, this.base - score));
  }

  clamp(score: number): number {
    return score < this.min ? this.min : score > this.max ? this.max : score;
  }

  grade(score: number): number {
    return this.gradeOfScore[score - this.min];
  }

  /** Index of (group, region kind, age class) in the agent domain, before grade and lists. */
  staticIndex(segment: number, agent: number): number {
    const g = this.segmentGroup[segment];
    const k = this.regionKind[this.segmentRegion[segment]];
    const age = this.columns.household(agent) >>> 6;
    return ((g * this.regionKinds + k) * 3 + age) * this.staticStride;
  }

  /** Index into an agent-domain table for the agent's state with the given score. */
  stateIndex(staticIndex: number, score: number, flags: number): number {
    return staticIndex + this.gradeOfScore[score - this.min] * this.listSets + ((flags >>> FLAG_LIST_SHIFT) & (this.listSets - 1));
  }

  /**
   * Where the class of a score changes, for a partition of the grades into classes (`classOfGrade[g]`):
   * a mechanism whose conditions cannot tell two grades apart need not look again when recovery
   * moves a score from one to the other.
   */
  scoreSteps(classOfGrade: ArrayLike<number>): ScoreSteps {
    const range = this.max - this.min + 1;
    const cls = (k: number) => classOfGrade[this.gradeOfScore[k]];
    const nextUp = new Int32Array(range);
    const nextDown = new Int32Array(range);
    for (let k = range - 1; k >= 0; k--) {
      nextUp[k] = k === range - 1 ? this.max + 1 : cls(k + 1) !== cls(k) ? this.min + k + 1 : nextUp[k + 1];
    }
    for (let k = 0; k < range; k++) {
      nextDown[k] = k === 0 ? this.min - 1 : cls(k - 1) !== cls(k) ? this.min + k - 1 : nextDown[k - 1];
    }
    return { nextUp, nextDown };
  }

  /**
   * The first day after `day`, up to the last day, on which recovery moves `score` into a different
   * grade (or class of grades, given its `steps`); 0 when it never does within the run. O(1): the
   * distance to the next boundary towards the base, then the first day whose accrued recovery covers it.
   */
  nextGradeChange(score: number, day: number, steps: ScoreSteps = this.gradeSteps): number {
    if (this.recoveryPerDay === 0 || score === this.base) return 0;
    let need: number;
    if (score < this.base) {
      const target = steps.nextUp[score - this.min];
      if (target > this.base) return 0;
      need = target - score;
    } else {
      const target = steps.nextDown[score - this.min];
      if (target < this.base) return 0;
      need = score - target;
    }
    const goal = this.recovered[day] + need;
    let d = Math.max(day + 1, Math.ceil((goal - 1e-6) / this.recoveryPerDay) - 1);
    while (d <= this.days && this.recovered[d] < goal) d++;
    return d <= this.days ? d : 0;
  }

  /**
   * nextGradeChange for the day being simulated, looked up in a table of every score filled once a
   * day: the status mechanisms ask it for every agent they look at, most of them on the same day.
   * Calls for other days (a look ahead) are computed directly, without disturbing the table.
   */
  nextGradeChangeFrom(score: number, day: number, steps: ScoreSteps): number {
    if (steps.tableDay !== day) {
      const table = (steps.table ??= new Int32Array(this.max - this.min + 1));
      for (let k = 0; k < table.length; k++) table[k] = this.nextGradeChange(this.min + k, day, steps);
      steps.tableDay = day;
    }
    return steps.table![score - this.min];
  }

  count(day: number, group: number, counter: number, n = 1): void {
    this.counters[(day * this.groups + group) * this.counterCount + counter] += n;
  }

  /** Name of event (behaviour) k, for traces. */
  eventName(k: number): string {
    return this.events[k];
  }

  /** Index of a counter declared by a mechanism (or the engine). */
  counter(name: string): number {
    const i = this.counterNames.indexOf(name);
    if (i < 0) throw new Error(`scoresim: no counter named "${name}"`);
    return i;
  }

  /**
   * Adds to today's region-level signal; everyone sees the population's total tomorrow. Only in the
   * adapt and observe phases: the workers pass each other their signals with the day's records, so
   * one raised after the exchange is refused, and a waiting worker draws acts days ahead, so one
   * raised in the act phase is refused too.
   */
  signal(region: number, kind: number, n = 1): void {
    if (this.signalsClosedOn !== 0 || this.acting) {
      throw new Error(this.acting
        ? 'scoresim: a mechanism raised a region signal in the act phase, which a waiting worker may run days ahead; signals may only be raised in the adapt and observe phases'
        : `scoresim: a mechanism raised a region signal on day ${this.signalsClosedOn} after the exchange; signals may only be raised in the adapt and observe phases`);
    }
    this.signalsToday[region * SIGNALS + kind] += n;
  }

  /** The previous day's population-wide total of a region-level signal. */
  signalOf(region: number, kind: number): number {
    return this.signals[region * SIGNALS + kind];
  }

  /**
   * A record about `agent` is written to store `store` today: if a breach will leak this store and
   * today is inside its retention window, the record leaks with the store's share.
   */
  store(agent: number, store: number, day: number, rng: BlockRng): void {
    const s = this.stores[store];
    if (s === undefined || s.share === 0 || day < s.from || day > s.to) return;
    if (rng.uniform() < s.share) {
      this.columns.setFlags(agent, this.columns.flags(agent) | (1 << (FLAG_EXPOSED_SHIFT + store)));
      if (this.leakCounter >= 0) this.count(day, this.segmentGroup[this.segmentOf(agent)], this.leakCounter);
    }
  }

  /** First member of the household of `agent`. */
  householdHead(agent: number): number {
    return agent - (this.columns.household(agent) & HOUSEHOLD_OFFSET_MASK);
  }

  /** One past the last member of the household starting at `head` (households never cross blocks). */
  householdEnd(head: number, blockEnd: number): number {
    const cols = this.columns;
    let j = head + 1;
    while (j < blockEnd && (cols.household(j) & HOUSEHOLD_OFFSET_MASK) === j - head) j++;
    return j;
  }
}
