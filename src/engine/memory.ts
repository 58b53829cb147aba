// Memory admission: estimates what a run needs before anything is allocated, and the largest
// population that fits in the memory available.
import { BYTES_PER_AGENT, MAX_AGENTS } from './columns.ts';

/**
 * Working state per agent that grows with events over a run: calendars of due looks, list exits and
 * misuses, the maps of term starts and fraudulent numbers, the day's record buffers. Measured: about
 * 2.1 bytes per agent at the end of a year of article-2019 (20 M agents, peak RSS less the state and
 * the fixed part); with a margin for busier scenarios.
 */
const WORKING_BYTES_PER_AGENT = 2.5;
/** The Node.js process, the loaded modules and the report machinery. */
const PROCESS_BYTES = 256 * 2 ** 20;
/** Each worker thread's own heap and modules, with its working lists (the acts drawn ahead alone up to 12 MiB: ahead.ts). */
const WORKER_BYTES = 96 * 2 ** 20;

export interface MemoryEstimate {
  bytes: number;
  perAgent: number;
  fixed: number;
}

export function estimateMemory(agents: number, workers: number): MemoryEstimate {
  const perAgent = BYTES_PER_AGENT + WORKING_BYTES_PER_AGENT;
  const fixed = PROCESS_BYTES + workers * WORKER_BYTES;
  return { bytes: fixed + perAgent * agents, perAgent, fixed };
}

/** What `runs` runs of `agents` agents on `workers` workers each need at once in one process: the process's own part once. */
export function estimateRunsAtOnce(agents: number, workers: number, runs: number): number {
  return PROCESS_BYTES + runs * (estimateMemory(agents, workers).bytes - PROCESS_BYTES);
}

/** The largest population whose estimate fits in `available` bytes, whatever the agent table can hold. */
export function populationInMemory(available: number, workers: number): number {
  const { perAgent, fixed } = estimateMemory(0, workers);
  return Math.max(0, Math.floor((available - fixed) / perAgent));
}

/** The largest population whose estimate fits in `available` bytes and that the agent table can hold. */
export function largestPopulation(available: number, workers: number): number {
  return Math.min(MAX_AGENTS, populationInMemory(available, workers));
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (bytes >= 1024 && u < units.length - 1) {
    bytes /= 1024;
    u++;
  }
  return `${bytes.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** Parses sizes such as 512MiB, 4GiB, 2.5GB or a plain number of bytes; undefined when malformed. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale: Record<string, number> = {
    b: 1, kb: 1e3, kib: 2 ** 10, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30, tb: 1e12, tib: 2 ** 40,
  };
  return Math.floor(Number(m[1]) * scale[unit]);
}
