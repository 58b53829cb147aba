// Option parsers shared by commands: typed, range-checked, with messages that name the option.
import { InvalidArgumentError } from 'commander';
import { parseBytes } from '../engine/memory.ts';
import { AdmissionError, admit, MemoryExceededError } from '../parallel/simulate.ts';

export function integerIn(min: number, max: number) {
  return (text: string): number => {
    if (!/^\s*\d[\d_]*\s*$/.test(text) && !/^\s*\d+(\.\d+)?e\d+\s*$/i.test(text)) {
      throw new InvalidArgumentError(`expected a whole number, got "${text}".`);
    }
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${text}".`);
    }
    return n;
  };
}

export function byteSize(text: string): number {
  const n = parseBytes(text);
  if (n === undefined || n <= 0) throw new InvalidArgumentError(`expected a size such as 4GiB or 512MiB, got "${text}".`);
  return n;
}

/** Memory admission for a command: false (after saying why on stderr) when the run would not fit. */
export function admitted(agents: number, workers: number, maxMemory: number | undefined): boolean {
  try {
    admit(agents, workers, maxMemory);
    return true;
  } catch (e) {
    if (!(e instanceof AdmissionError)) throw e;
    process.stderr.write(`scoresim: ${e.message}\n`);
    return false;
  }
}

/**
 * Runs `work` (simulations); when a run outgrows its memory limit, says so on stderr and resolves to
 * undefined instead of throwing. `stop` is called first either way the work fails (a progress bar).
 */
export async function withinMemory<T>(work: () => Promise<T>, stop: () => void): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    stop();
    if (!(e instanceof MemoryExceededError)) throw e;
    process.stderr.write(`scoresim: ${e.message}\n`);
    return undefined;
  }
}

/** Parses a disparate-impact band "LO,HI": positive numbers around parity, 0 < LO < 1 < HI (e.g. 0.8,1.25). */
export function parseBand(text: string): [number, number] {
  const m = /^\s*([\d.]+)\s*,\s*([\d.]+)\s*$/.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2]) : NaN;
  if (!(lo > 0 && lo < 1 && hi > 1 && Number.isFinite(hi))) {
    throw new InvalidArgumentError(`expected LO,HI with 0 < LO < 1 < HI (a band around parity, such as 0.8,1.25), got "${text}".`);
  }
  return [lo, hi];
}

/** The help of --workers, for every command that runs scenarios (see defaultWorkers). */
export const WORKERS_HELP = 'worker threads (default: one per 250 million agent-days, at least one, at most the number of cores)';
