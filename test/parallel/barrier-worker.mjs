// A worker for test/parallel/barrier.test.ts: meets the others `rounds` times at the barrier, adding
// its index to a shared sum between meetings (meeting once by wait, once by arrive and waitFor), and
// reports what it saw (or that it was aborted).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { Barrier, AbortedError } = await import('../../src/parallel/barrier.ts');
const { control, shared, parties, rounds, spin } = workerData;
const barrier = new Barrier(control, parties, spin);
const sums = new Int32Array(shared);
const seen = [];
try {
  for (let r = 0; r < rounds; r++) {
    Atomics.add(sums, r, 1);
    barrier.wait();
    // everyone has added for round r before anyone reads it
    seen.push(Atomics.load(sums, r));
    // the second meeting as a worker that works while it waits: arrive, work until passed, then wait
    const meeting = barrier.arrive();
    while (!barrier.passed(meeting) && Math.random() < 0.999);
    barrier.waitFor(meeting);
  }
  parentPort.postMessage({ seen });
} catch (e) {
  parentPort.postMessage({ aborted: e instanceof AbortedError, message: String(e) });
}
