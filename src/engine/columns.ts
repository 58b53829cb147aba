// Agent state as struct-of-arrays over shared memory: every worker sees the same columns and writes
// only the rows of its own blocks (cross-block effects travel as messages, applied by the owner).

/** Bytes of per-agent state, summed over the columns below. */
export const BYTES_PER_AGENT = 11;

export interface Columns {
  /** points: recorded score, bounded by scoring.min..max */
  score: Int16Array;
  /** points: the score the agent would have under error-free observation */
  trueScore: Int16Array;
  /** day (0..days): the last day recovery was applied to both scores */
  touched: Uint16Array;
  /** bit set: see the FLAG_ constants */
  flags: Uint32Array;
  /** household position (bits 0-5: offset from the household's first member) and age class (bits 6-7) */
  household: Uint8Array;
}

export type ColumnName = keyof Columns;

/** The shared buffers behind the columns: plain data that can be posted to workers. */
export interface ColumnBuffers {
  agents: number;
  score: SharedArrayBuffer;
  trueScore: SharedArrayBuffer;
  touched: SharedArrayBuffer;
  flags: SharedArrayBuffer;
  household: SharedArrayBuffer;
}

export function allocateColumns(agents: number): ColumnBuffers {
  return {
    agents,
    score: new SharedArrayBuffer(agents * 2),
    trueScore: new SharedArrayBuffer(agents * 2),
    touched: new SharedArrayBuffer(agents * 2),
    flags: new SharedArrayBuffer(agents * 4),
    household: new SharedArrayBuffer(agents),
  };
}

export function viewColumns(b: ColumnBuffers): Columns {
  return {
    score: new Int16Array(b.score),
    trueScore: new Int16Array(b.trueScore),
    touched: new Uint16Array(b.touched),
    flags: new Uint32Array(b.flags),
    household: new Uint8Array(b.household),
  };
}

// flags layout
/** Bits 0-7: status k (a sanction, then the perks) is active. */
export const FLAG_SANCTION_SHIFT = 0;
/** Bits 8-15: status k is active and was entered wrongfully. */
export const FLAG_WRONGFUL_SHIFT = 8;
/** Bits 16-19: the agent is on list k. */
export const FLAG_LIST_SHIFT = 16;
/** Bits 20-21: fraudulent phone numbers registered under the agent's identity (0-3). */
export const FLAG_FRAUD_SHIFT = 20;
export const FLAG_FRAUD_MASK = 3 << FLAG_FRAUD_SHIFT;
/** The agent has a job. */
export const FLAG_EMPLOYED = 1 << 22;
/** The agent keeps a pet. */
export const FLAG_PET = 1 << 23;
/** The agent was sanctioned at some time in the run. */
export const FLAG_EVER_SANCTIONED = 1 << 24;
/** The agent was wrongfully sanctioned at some time in the run. */
export const FLAG_EVER_WRONGFUL = 1 << 25;
/** The agent's true state met some sanction's entry condition at some time in the run. */
export const FLAG_TRUE_TRIGGERED = 1 << 26;
/** The agent was penalised for a post (seen by its household: chilling). */
export const FLAG_SPEECH_PENALISED = 1 << 27;
/**
 * Bits 28-31: the agent's records in store k leaked in a breach. Kept in the top bits because they
 * are rare: flags words below 2^30 stay small integers in V8, which keeps the hot loops unboxed.
 */
export const FLAG_EXPOSED_SHIFT = 28;

/** Sanctions and perks together. */
export const MAX_STATUSES = 8;
export const MAX_SANCTIONS = MAX_STATUSES;
export const MAX_LISTS = 4;
