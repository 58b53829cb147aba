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
  /** for each event, the index of the list a record of it places the agent on, or -1 */
  eventLists: number[];
  /** list names: the values of `lists` in policy conditions */
  lists: string[];
  score: ScoreModel;
}

export interface RegionPlan {
  name: string;
  kind: number;
  /** cameras per 1,000 residents at the start of the run */
  camerasPer1000: number;
}

export interface SimulationPlan {
  name: string;
  seed: number;
  days: number;
  layout: Layout;
  groups: string[];
  regionKinds: string[];
  regions: RegionPlan[];
  /** cumulative shares of household sizes 1, 2, ... (last entry 1) */
  householdSizeCumulative: Float64Array;
  /** share of households whose first two members are elders rather than adults */
  elderHouseholdShare: number;
  vocabulary: Vocabulary;
  /** Configured mechanisms in registry order, each with its own compiled plan. */
  mechanisms: { key: string; plan: unknown }[];
}
