// Agent state as struct-of-arrays over shared memory: every worker sees the same columns and writes
// only the rows of its own blocks (cross-block effects travel as messages, applied by the owner).

/** Bytes of per-agent state, summed over the arrays of AgentTable. */
export const BYTES_PER_AGENT = 11;

/** Int16 words per agent in AgentTable.scoreWords: score, true score, day last touched. */
const SCORE_WORDS = 3;

/**
 * The largest population the table can hold: a typed array has at most 2^32 elements, and the score
 * column puts SCORE_WORDS of them per agent in one (1,431,655,765 agents, more than 1.4 billion).
 */
export const MAX_AGENTS = Math.floor(2 ** 32 / SCORE_WORDS);

/**
 * Every agent's state in three shared arrays, laid out for how it is read:
 * - `flagWords`: one int32 of flags per agent (see the FLAG_ constants);
 * - `scoreWords`: three int16 per agent side by side, so the record and react phases find them in one
 *   cache line: the recorded score, the true score (the score error-free observation would give;
 *   both in points, bounded by scoring.min..max), and the day recovery was last applied (0..days);
 * - `householdBytes`: one byte per agent, kept compact because the event-drawing loops read only it:
 *   offset from the household's first member (bits 0-3), a member of the household was penalised for a post (bit 4),
 *   the agent is under some sanction or perk (bit 5), and age class (bits 6-7).
 */
export class AgentTable {
  readonly flagWords: Int32Array;
  readonly scoreWords: Int16Array;
  readonly householdBytes: Uint8Array;

  constructor(b: ColumnBuffers) {
    this.flagWords = new Int32Array(b.flags);
    this.scoreWords = new Int16Array(b.scores);
    this.householdBytes = new Uint8Array(b.household);
  }

  flags(a: number): number {
    return this.flagWords[a];
  }

  setFlags(a: number, f: number): void {
    this.flagWords[a] = f;
  }

  score(a: number): number {
    return this.scoreWords[SCORE_WORDS * a];
  }

  setScore(a: number, v: number): void {
    this.scoreWords[SCORE_WORDS * a] = v;
  }

  trueScore(a: number): number {
    return this.scoreWords[SCORE_WORDS * a + 1];
  }

  setTrueScore(a: number, v: number): void {
    this.scoreWords[SCORE_WORDS * a + 1] = v;
  }

  touched(a: number): number {
    return this.scoreWords[SCORE_WORDS * a + 2];
  }

  setTouched(a: number, day: number): void {
    this.scoreWords[SCORE_WORDS * a + 2] = day;
  }

  household(a: number): number {
    return this.householdBytes[a];
  }

  setHousehold(a: number, v: number): void {
    this.householdBytes[a] = v;
  }
}

export type Columns = AgentTable;

/** The shared buffers behind the table: plain data that can be posted to workers. */
export interface ColumnBuffers {
  agents: number;
  flags: SharedArrayBuffer;
  scores: SharedArrayBuffer;
  household: SharedArrayBuffer;
}

export function allocateColumns(agents: number): ColumnBuffers {
  return {
    agents,
    flags: new SharedArrayBuffer(agents * 4),
    scores: new SharedArrayBuffer(agents * 2 * SCORE_WORDS),
    household: new SharedArrayBuffer(agents),
  };
}

export function viewColumns(b: ColumnBuffers): AgentTable {
  return new AgentTable(b);
}

/** Column names, for mechanisms to declare what they read and write. */
export type ColumnName = 'score' | 'trueScore' | 'touched' | 'flags' | 'household';

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
/** Household byte: offset of the agent from its household's first member (households of up to 16). */
export const HOUSEHOLD_OFFSET_MASK = 0x0f;
/**
 * Household byte: a member of the agent's household (the agent included) has been penalised for a post
 * (chilling). Set on every member at once, so a speech event reads its own byte instead of scanning the
 * household.
 */
export const HOUSEHOLD_SPEECH_PENALISED = 0x10;
/** Household byte: the agent is under some sanction or perk (lets gates skip the flags of everyone else). */
export const HOUSEHOLD_STATUS_ACTIVE = 0x20;
/**
 * Bits 28-31: the agent's records in store k leaked in a breach. Kept in the top bits because they
 * are rare: flags words below 2^30 stay small integers in V8, which keeps the hot loops unboxed.
 */
export const FLAG_EXPOSED_SHIFT = 28;

/** Sanctions and perks together. */
export const MAX_STATUSES = 8;
export const MAX_SANCTIONS = MAX_STATUSES;
export const MAX_LISTS = 4;
