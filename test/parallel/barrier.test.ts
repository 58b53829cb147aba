// The workers' meeting point (src/parallel/barrier.ts), between real threads: nobody passes before
// everyone has arrived, round after round, and an abort releases whoever is waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { abort, aborted, Barrier, createControl, PASSED } from '../../src/parallel/barrier.ts';

const WORKER = new URL('./barrier-worker.mjs', import.meta.url);

type Report = { seen?: number[]; aborted?: boolean; message?: string };

/** Starts `n` threads that expect `parties` at each meeting. */
function start(n: number, rounds: number, spin: boolean, parties = n) {
  const control = createControl();
  const shared = new SharedArrayBuffer(rounds * 4);
  const workers = Array.from({ length: n }, () => new Worker(WORKER, { workerData: { control, shared, parties, rounds, spin } }));
  const reports = Promise.all(workers.map((w) => new Promise<Report>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  })));
  return { control, reports, close: () => Promise.all(workers.map((w) => w.terminate())) };
}

for (const spin of [true, false]) {
  test(`three threads meet 300 times and each sees everyone's arrival every round (${spin ? 'spinning' : 'sleeping'} while waiting)`, { timeout: 30_000 }, async (t) => {
    const run = start(3, 300, spin);
    // also after a timeout: a barrier that never opens must fail its test, not hang the test process
    t.after(run.close);
    const reports = await run.reports;
    for (const r of reports) assert.deepEqual(r.seen, Array.from({ length: 300 }, () => 3));
    assert.equal(aborted(run.control), false);
  });
}

test('an abort releases a thread waiting for a party that never comes, with AbortedError', { timeout: 30_000 }, async (t) => {
  // two parties expected, one started: only the abort can release it
  const run = start(1, 1, false, 2);
  t.after(run.close);
  let settled = false;
  void run.reports.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(settled, false, 'the thread waits for the party that never comes');
  abort(run.control);
  const [report] = await run.reports;
  assert.equal(report.aborted, true, report.message);
  assert.equal(aborted(run.control), true);
});

test('a party that arrives first sees the meeting open only when the last one arrives', () => {
  const control = createControl();
  // two parties in one thread: the second arrival stands for the other worker
  const first = new Barrier(control, 2, false);
  const second = new Barrier(control, 2, false);
  for (let round = 0; round < 3; round++) {
    const meeting = first.arrive();
    assert.notEqual(meeting, PASSED);
    assert.equal(first.passed(meeting), false);
    assert.equal(second.arrive(), PASSED, 'the last to arrive passes at once');
    assert.equal(first.passed(meeting), true);
    first.waitFor(meeting);
  }
});
