// Replicates that leave cores idle run several at once, each in a worker thread of its own: as many
// as the cores and the memory hold, with the same results as one after the other, and the first
// failure stops the others.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import test from 'node:test';
import { createProgress } from '../../src/cli/progress.ts';
import { estimateMemory, estimateRunsAtOnce } from '../../src/engine/memory.ts';
import { EVENTS_PER_LANE, replicateSlots, runReplicates } from '../../src/parallel/replicates.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';
import { MemoryExceededError } from '../../src/parallel/simulate.ts';
import { comparable, compile, scenarioText } from '../helpers.ts';

const GiB = 2 ** 30;

test('replicates run as many at once as the cores hold side by side, and the memory, once each has events enough to gain', () => {
  // a run of article-2019's behaviours (0.041 events an agent a day)
  const size = (agents: number, days = 365, eventsPerAgentDay = 0.041) =>
    ({ layout: { agents }, days, eventsPerAgentDay }) as Pick<SimulationPlan, 'layout' | 'days' | 'eventsPerAgentDay'>;
  const million = size(1_000_000);
  // one-worker runs: one per core, never more than there are runs
  assert.equal(replicateSlots(10, million, 1, 20 * GiB, 2), 2);
  assert.equal(replicateSlots(10, million, 1, 20 * GiB, 8), 8);
  assert.equal(replicateSlots(3, million, 1, 20 * GiB, 8), 3);
  // runs that already use both cores go one at a time; four-worker runs on 8 cores, two at once
  assert.equal(replicateSlots(10, million, 2, 20 * GiB, 2), 1);
  assert.equal(replicateSlots(10, million, 4, 20 * GiB, 8), 2);
  // runs with too few expected events go one at a time: agents, days and rates all count
  assert.equal(EVENTS_PER_LANE, 4_000_000);
  assert.equal(replicateSlots(10, size(200_000), 1, 20 * GiB, 8), 1);
  assert.equal(replicateSlots(10, size(300_000), 1, 20 * GiB, 8), 8);
  assert.equal(replicateSlots(10, size(1_000_000, 60), 1, 20 * GiB, 8), 1);
  assert.equal(replicateSlots(10, size(1_000_000, 365, 0.007), 1, 20 * GiB, 8), 1, 'china-observed\'s rates at a million agents');
  // the memory: the process once, then each run's own share
  const processBytes = estimateMemory(0, 0).fixed;
  const perRun = estimateMemory(50_000_000, 1).bytes - processBytes;
  assert.equal(estimateRunsAtOnce(50_000_000, 1, 3), processBytes + 3 * perRun);
  assert.equal(replicateSlots(10, size(50_000_000), 1, processBytes + 2.5 * perRun, 8), 2);
  assert.equal(replicateSlots(10, size(50_000_000), 1, processBytes + 0.5 * perRun, 8), 1, 'at least one: admission refuses a run that does not fit');
});

const plan = compile(scenarioText('article-2019'), { agents: 30_000, days: 40 }).plan;

test('replicates run at once give what they give one after the other, traces included', async () => {
  const trace = [7, 1_000, 29_999];
  const apart = await runReplicates(plan, { replicates: 3, workers: 1, atOnce: 1, trace });
  const together = await runReplicates(plan, { replicates: 3, workers: 1, atOnce: 2, trace });
  assert.deepEqual(together.results.map((r) => r.seed), apart.results.map((r) => r.seed));
  for (let r = 0; r < 3; r++) {
    assert.equal(comparable(together.results[r].summary), comparable(apart.results[r].summary), `replicate ${r}`);
    assert.equal(together.results[r].daily, apart.results[r].daily, `replicate ${r}`);
  }
  assert.ok(apart.results[0].trace.length > 0);
  assert.deepEqual(together.results[0].trace, apart.results[0].trace);
  const { elapsedSeconds: _a, ...a } = apart.summary;
  const { elapsedSeconds: _b, ...b } = together.summary;
  assert.deepEqual(b, a);
});

test('replicates of two workers each run two at once as they run alone (worker threads within lanes)', async () => {
  // three blocks of agents, so that each run has blocks for two workers
  const wide = compile(scenarioText('article-2019'), { agents: 150_000, days: 20 }).plan;
  const apart = await runReplicates(wide, { replicates: 2, workers: 2, atOnce: 1 });
  const together = await runReplicates(wide, { replicates: 2, workers: 2, atOnce: 2 });
  assert.deepEqual(together.results.map((r) => r.summary.workers), [2, 2]);
  for (let r = 0; r < 2; r++) assert.equal(comparable(together.results[r].summary), comparable(apart.results[r].summary), `replicate ${r}`);
});

test('a replicate that outgrows its memory stops the ones running beside it, and its error is the one thrown', async () => {
  const reported: number[] = [0, 0, 0, 0];
  let looks = 0;
  const run = runReplicates(plan, {
    replicates: 4, workers: 1, atOnce: 2, memoryLimit: 8 * GiB,
    // the memory "grows" past the limit at the 30th look, in the first two replicates' run
    residentBytes: () => (++looks >= 30 ? 9 * GiB : GiB),
    onDay: (r) => reported[r]++,
  });
  await assert.rejects(run, (e: unknown) => e instanceof MemoryExceededError && e.limit === 8 * GiB);
  assert.ok(reported[0] < plan.days && reported[1] < plan.days, `both stopped early: ${reported}`);
  assert.deepEqual(reported.slice(2), [0, 0], 'the replicates after them never started');
});

test('one progress display for several runs counts the days all of them have finished', () => {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  const progress = createProgress('article-2019 (2 replicates)', 10, stream, 2);
  for (let n = 1; n <= 20; n++) progress.day(n, 1000);
  progress.stop();
  const lines = text.trim().split('\n');
  assert.match(lines[0], /^article-2019 \(2 replicates\): 2\/20 days \(10%\), .* events\/s, ETA 0 s$/);
  assert.match(lines.at(-1)!, /^article-2019 \(2 replicates\): 20\/20 days \(100%\), .* events\/s, ETA 0 s$/);
  assert.equal(lines.length, 10, 'a line at each tenth');
});
