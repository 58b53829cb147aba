// The meeting point of the simulation workers inside a day, in shared memory: a reusable barrier that
// the workers pass twice a day without the main thread, and an abort flag that releases every waiter
// when a worker fails or the run is stopped.

/** Int32 slots of the control block. */
const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const SLOTS = 3;
/** What arrive returns to the last party, which passes at once. */
export const PASSED = -1;

/** How long a worker spins at the barrier before it sleeps (a sleeping core wakes slowly and cold). */
const SPIN_MS = 2;
/** How long one sleep lasts before the abort flag is looked at again. */
const SLEEP_MS = 50;

/** Thrown in a worker when the run is aborted while it waits. */
export class AbortedError extends Error {
  constructor() {
    super('scoresim: the run was stopped');
    this.name = 'AbortedError';
  }
}

export function createControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

/** Sets the abort flag and wakes every worker waiting at the barrier. */
export function abort(control: SharedArrayBuffer): void {
  const c = new Int32Array(control);
  Atomics.store(c, ABORT, 1);
  Atomics.add(c, GENERATION, 1);
  Atomics.notify(c, GENERATION);
}

export function aborted(control: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(control), ABORT) !== 0;
}

export class Barrier {
  private readonly c: Int32Array;

  /**
   * `parties` workers meet here; `spin`: whether a waiting worker may keep its core busy for a moment
   * first (only when every worker has a core of its own).
   */
  constructor(control: SharedArrayBuffer, private readonly parties: number, private readonly spin: boolean) {
    this.c = new Int32Array(control);
  }

  /** Returns when all parties have arrived; throws AbortedError if the run is aborted meanwhile. */
  wait(): void {
    this.waitFor(this.arrive());
  }

  /**
   * Arrives without waiting: returns the meeting to wait for (waitFor, passed), or PASSED when this
   * party was the last to arrive and has released the others. A party may do other work of its own
   * between arriving and waiting, as long as the others do not need it before the meeting.
   */
  arrive(): number {
    const c = this.c;
    if (Atomics.load(c, ABORT) !== 0) throw new AbortedError();
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, ARRIVED, 1) === this.parties - 1) {
      // the last to arrive resets the count for the next meeting, then releases the others
      Atomics.store(c, ARRIVED, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return PASSED;
    }
    return generation;
  }

  /** Whether everyone has arrived at the meeting `arrive` returned (or the run was aborted). */
  passed(meeting: number): boolean {
    return meeting === PASSED || Atomics.load(this.c, GENERATION) !== meeting;
  }

  /** Returns when everyone has arrived at `meeting`; throws AbortedError if the run is aborted meanwhile. */
  waitFor(meeting: number): void {
    if (meeting === PASSED) return;
    const c = this.c;
    if (this.spin) {
      const until = performance.now() + SPIN_MS;
      while (Atomics.load(c, GENERATION) === meeting && performance.now() < until);
    }
    while (Atomics.load(c, GENERATION) === meeting) Atomics.wait(c, GENERATION, meeting, SLEEP_MS);
    if (Atomics.load(c, ABORT) !== 0) throw new AbortedError();
  }
}
