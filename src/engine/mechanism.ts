// The Mechanism interface: each mechanism of the regime declares its config schema, the columns it
// reads and writes, the phases of the day it acts in, how it compiles its config, and its step.
import type { ZodType } from 'zod';
import type { ColumnName } from './columns.ts';
import type { SimulationPlan, StoreName, StorePlan, Vocabulary } from './plan.ts';
import type { World } from './world.ts';
import type { BlockContext } from './block-context.ts';
import type { BlockState } from './buffers.ts';

/**
 * The phases of one day, in order. `act` draws the day's events; `adapt` may drop some; `observe`
 * turns them into records. These run for every block before the cross-block exchange; `record`, `daily` and
 * `react` run after it, with records from other blocks delivered.
 *
 * `act` may read only what never changes (the layout, the agents' age classes and fixed traits) and
 * its own keyed stream, and write only the block's event lists (no counters, signals or trace): a
 * worker waiting for the others draws the next days' acts before the current day's records are
 * applied (BlockRunner.drawAhead), and must draw the same events.
 */
export const PHASES = ['act', 'adapt', 'observe', 'record', 'daily', 'react'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASES_BEFORE_EXCHANGE: readonly Phase[] = ['act', 'adapt', 'observe'];
export const PHASES_AFTER_EXCHANGE: readonly Phase[] = ['record', 'daily', 'react'];

/** The finite domains policy conditions are tabulated over. */
export type ConditionDomain = 'agent' | 'event';

/** A condition tabulated over its whole domain: one entry per domain point. */
export type ConditionTable = Uint8Array;
export type NumberTable = Float64Array;

/** What a mechanism's compile step may use: the shared vocabulary and the condition tabulator. */
export interface CompileContext {
  readonly vocabulary: Vocabulary;
  /** Every configured mechanism's config, by key (for mechanisms that act on another's output). */
  readonly configs: Readonly<Record<string, unknown>>;
  readonly groups: readonly string[];
  readonly regionKinds: readonly string[];
  readonly days: number;
  /** Tabulates a CEL condition found at `path` in the scenario; problems are reported, not thrown. */
  condition(expr: string, path: readonly PropertyKey[], domain: ConditionDomain): ConditionTable;
  /** Tabulates a numeric CEL expression. */
  number(expr: string, path: readonly PropertyKey[], domain: ConditionDomain): NumberTable;
  /** Reports a located problem with the config (the scenario then fails to load). */
  problem(path: readonly PropertyKey[], message: string): void;
}

export interface MechanismStep {
  step(phase: Phase, ctx: BlockContext): void;
  /**
   * Everything the step keeps for each of the worker's blocks across days (calendars, sparse maps),
   * always in the same order: when the workers rebalance, a block's part of each is handed to its new
   * owner. A step that keeps nothing per block across days leaves it out.
   */
  readonly blockState?: readonly BlockState[];
}

export interface Mechanism<Config = unknown, Plan = unknown> {
  /** The scenario key holding this mechanism's config. */
  readonly key: string;
  /** One paragraph for the docs and the ODD description. */
  readonly doc: string;
  readonly schema: ZodType<Config>;
  /** Whether every scenario must configure it (otherwise it runs only when its key is present). */
  readonly required?: boolean;
  readonly reads: readonly ColumnName[];
  readonly writes: readonly ColumnName[];
  readonly phases: readonly Phase[];
  /** Stream ids are mechanism-owned so that adding a mechanism never shifts another's draws. */
  readonly stream: number;
  /** Daily counters this mechanism keeps, by name (by group and day, summed across workers). */
  counters?(config: Config): string[];
  /** The data stores this mechanism exposes to a breach, with their retention windows. */
  stores?(config: Config, days: number): Partial<Record<StoreName, StorePlan>>;
  /** Names this mechanism defines for the others (events, lists, the score model). */
  vocabulary?(config: Config): Partial<Vocabulary>;
  /** Turns the validated config into plain, postable data (condition tables included). */
  compile(config: Config, ctx: CompileContext): Plan;
  /** Builds the per-worker step from the compiled plan. */
  create(plan: Plan, world: World, simulation: SimulationPlan): MechanismStep;
}

/** Keeps the concrete config and plan types at the definition site while registering uniformly. */
export function defineMechanism<C, P>(m: Mechanism<C, P>): Mechanism<C, P> {
  return m;
}
