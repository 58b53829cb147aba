// A record is what the regime writes down about an agent: the event, whether it is an error, its
// cause, and the list it places the agent on. Packed into one int32 so buffers stay flat.

export const Cause = {
  /** the agent did it and was correctly identified or recorded */
  observed: 0,
  /** a camera's 1:N identification named the wrong agent */
  misattribution: 1,
  /** the censor flagged a post (an error when the post was not targeted speech) */
  censor: 2,
  /** a phone number fraudulently registered under the agent's identity was misused */
  fraud: 3,
} as const;

export const CAUSE_NAMES = ['observed', 'misattribution', 'censor', 'fraud'] as const;

export function packRecord(event: number, error: boolean, cause: number, list: number): number {
  return (event & 0xff) | (error ? 0x100 : 0) | ((cause & 0xf) << 9) | (((list + 1) & 0xf) << 16);
}

export const recordEvent = (info: number): number => info & 0xff;
export const recordIsError = (info: number): boolean => (info & 0x100) !== 0;
export const recordCause = (info: number): number => (info >>> 9) & 0xf;
/** The list index the record places its agent on, or -1. */
export const recordList = (info: number): number => ((info >>> 16) & 0xf) - 1;
