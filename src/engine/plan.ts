// The compiled, validated form of a scenario that the engine runs: plain data (numbers, strings and
// typed arrays) so that it can be posted to worker threads unchanged.
import type { Layout } from './layout.ts';

/** How a score moves: bounds, grades and linear recovery towards the base. */
export interface ScoreModel {
  base: number;
  min: number;
  max: number;
  /** Grade names, best first. */
  grades: string[];
  /** gradeOfScore[score - min] is the grade index of a score. */
  gradeOfScore: Uint8Array;
  /** points per day moved towards the base (may be fractional; 0 turns recovery off) */
  recoveryPerDay: number;
}

/** Names that policy conditions may refer to, contributed by the mechanisms that define them. */
export interface Vocabulary {
  /** behaviour names, in scenario order: the `event` of policy conditions */
  events: string[];
  /** for each event, the mechanism key that observes it, or 'none' */
  eventObservers: string[];
  /** for each event, its kind: offence, speech or reward */
  eventKinds: string[];
  /** for each event, the index of the list a record of it places the agent on, or -1 */
  eventLists: number[];
  /** list names: the values of `lists` in policy conditions */
  lists: string[];
  /** sanction names, in status order (status k uses flag bit k) */
  sanctions: string[];
  /** perk names; perk k uses status bit (sanctions.length + k) */
  perks: string[];
  /** the flags each sanction and perk sets while active, in status order */
  statusFlags: string[][];
  score: ScoreModel;
}

export interface RegionPlan {
  name: string;
  kind: number;
  /** cameras per 1,000 residents at the start of the run */
  camerasPer1000: number;
}

/** Stores that records are written to (a breach decides, as each record is written, whether it leaks). */
export const STORES = ['chatLogs', 'registry', 'verificationLogs', 'blacklist'] as const;
export type StoreName = (typeof STORES)[number];

export interface StorePlan {
  /** first and last day whose writes are still held on the breach day (retention) */
  from: number;
  to: number;
  /** share of the held records that leak */
  share: number;
  /** number of fields each leaked record exposes */
  fields: number;
}

export interface SimulationPlan {
  name: string;
  seed: number;
  days: number;
  layout: Layout;
  /**
   * The behaviours' daily rates summed: about how many behaviour events an agent has a day, before age
   * eligibility and adaptation. Decides whether replicates run several at once (parallel/replicates.ts).
   */
  eventsPerAgentDay: number;
  groups: string[];
  regionKinds: string[];
  regions: RegionPlan[];
  /** cumulative shares of household sizes 1, 2, ... (last entry 1) */
  householdSizeCumulative: Float64Array;
  /** share of households whose first two members are elders rather than adults */
  elderHouseholdShare: number;
  /** share of adults with a job at the start */
  employmentRate: number;
  /** share of agents keeping a pet at the start */
  petShare: number;
  vocabulary: Vocabulary;
  /** Names of the daily counters: the engine's own, then those the mechanisms declared. */
  counterNames: string[];
  /** Data stores that a breach may leak, with the window of days whose writes are exposed. */
  stores: StorePlan[];
  /** Configured mechanisms in registry order, each with its own compiled plan. */
  mechanisms: { key: string; plan: unknown }[];
}
