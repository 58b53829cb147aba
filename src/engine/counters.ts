// Daily counters by group: integer counts kept in float64 (exact below 2^53), summed across workers
// in any order with the same result.

export const Counter = {
  /** behaviour events that happened */
  events: 0,
  /** events seen by an observer (camera detection, institutional record) */
  detected: 1,
  /** records against the agent who did it, by that agent's group */
  recordedTrue: 2,
  /** records against someone who did not do it, by the wrongly recorded agent's group */
  recordedError: 3,
  /** camera identifications that named another agent, by the observed agent's group */
  misattributed: 4,
  sanctionsEntered: 5,
  sanctionsExited: 6,
  wrongfulEntered: 7,
  wrongfulExited: 8,
  listEntered: 9,
  listExited: 10,
} as const;

/** The engine's own counters; mechanisms add theirs after these (see Mechanism.counters). */
export const CORE_COUNTER_NAMES = Object.keys(Counter) as (keyof typeof Counter)[];

/**
 * Storage for counters over days 0..days and every group:
 * index ((day * groups) + group) * counterCount + counter.
 */
export function createCounters(days: number, groups: number, counterCount: number): Float64Array {
  return new Float64Array((days + 1) * groups * counterCount);
}
