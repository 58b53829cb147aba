// Specifies memory admission (src/engine/memory.ts): the estimate of what a run needs, the largest
// population that fits a budget, and the sizes accepted by --max-memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { estimateMemory, formatBytes, largestPopulation, parseBytes } from '../../src/engine/memory.ts';
import { AgentTable, allocateColumns, MAX_AGENTS } from '../../src/engine/columns.ts';

const FC = { seed: 7031, numRuns: 300 };
const MiB = 2 ** 20;
const GiB = 2 ** 30;

test('estimateMemory grows linearly with agents: a fixed part plus the same bytes for every agent', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 256 }), (a, b, workers) => {
      const zero = estimateMemory(0, workers).bytes;
      const ea = estimateMemory(a, workers);
      assert.equal(ea.bytes, ea.fixed + ea.perAgent * a);
      assert.equal(estimateMemory(a + b, workers).bytes - zero, (ea.bytes - zero) + (estimateMemory(b, workers).bytes - zero));
    }),
    FC,
  );
  const one = estimateMemory(1_000_000, 4);
  assert.ok(one.perAgent > 0, 'every agent costs memory');
  assert.ok(estimateMemory(2_000_000, 4).bytes > one.bytes);
});

test('estimateMemory charges each worker thread a fixed amount', () => {
  const one = estimateMemory(1000, 1);
  const four = estimateMemory(1000, 4);
  assert.equal(four.perAgent, one.perAgent);
  assert.ok(four.fixed > one.fixed);
  assert.equal(four.fixed - one.fixed, 3 * (estimateMemory(1000, 2).fixed - one.fixed));
});

test('largestPopulation(x) fits in x and one agent more does not, for budgets above the fixed part', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 256 * GiB }), (workers, extra) => {
      const available = estimateMemory(0, workers).fixed + extra;
      const largest = largestPopulation(available, workers);
      assert.ok(estimateMemory(largest, workers).bytes <= available, `${largest} agents should fit in ${available} bytes`);
      assert.ok(largest <= MAX_AGENTS);
      if (largest === MAX_AGENTS) return; // the agent table's limit, not the memory's
      assert.ok(estimateMemory(largest + 1, workers).bytes > available, `${largest + 1} agents should not fit in ${available} bytes`);
      assert.ok(estimateMemory(largest + 5000, workers).bytes > available);
    }),
    FC,
  );
});

test('largestPopulation never exceeds what the agent table can hold', () => {
  assert.equal(largestPopulation(2 ** 40, 2), MAX_AGENTS);
  assert.ok(MAX_AGENTS >= 1_400_000_000, 'a national population fits in the table');
});

test('the agent table can be laid out for MAX_AGENTS agents: no column needs more elements than a typed array holds', () => {
  // the shared buffers are reserved, not touched: the operating system supplies zero pages on first use
  const table = new AgentTable(allocateColumns(MAX_AGENTS));
  const last = MAX_AGENTS - 1;
  table.setScore(last, 1234);
  table.setTrueScore(last, -5);
  table.setTouched(last, 365);
  table.setFlags(last, 0x7fffffff);
  table.setHousehold(last, 0xc3);
  assert.deepEqual([table.score(last), table.trueScore(last), table.touched(last), table.flags(last), table.household(last)], [1234, -5, 365, 0x7fffffff, 0xc3]);
});

test('largestPopulation is 0 when the budget does not cover the fixed part', () => {
  const fixed = estimateMemory(0, 2).fixed;
  assert.equal(largestPopulation(fixed - 1, 2), 0);
  assert.equal(largestPopulation(64 * MiB, 2), 0);
  assert.equal(largestPopulation(0, 1), 0);
});

test('parseBytes reads binary and decimal units, case-insensitively, and plain byte counts', () => {
  assert.equal(parseBytes('512MiB'), 512 * MiB);
  assert.equal(parseBytes('4GiB'), 4 * GiB);
  assert.equal(parseBytes('2.5GB'), 2_500_000_000);
  assert.equal(parseBytes('123'), 123);
  assert.equal(parseBytes('64mib'), 64 * MiB);
  assert.equal(parseBytes('1 TiB'), 2 ** 40);
  assert.equal(parseBytes('10kb'), 10_000);
  assert.equal(parseBytes('7B'), 7);
});

test('parseBytes rejects anything that is not a number with an optional unit', () => {
  for (const text of ['', ' ', 'abc', 'GiB', '12XB', '-5MiB', '1.2.3GB', '4 GiB extra', '0x10', '1e9', '.5GB', '5,000']) {
    assert.equal(parseBytes(text), undefined, `parseBytes(${JSON.stringify(text)})`);
  }
});

test('formatBytes prints the largest binary unit with one decimal', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(64 * MiB), '64.0 MiB');
  assert.equal(formatBytes(1.5 * GiB), '1.5 GiB');
});

test('a national population (1.4 billion agents, 2 workers) is admitted within 20 GiB, and refused with less than it needs', async () => {
  const { admit, AdmissionError } = await import('../../src/parallel/simulate.ts');
  const national = estimateMemory(1_400_000_000, 2);
  assert.ok(national.bytes <= 20 * GiB, `estimate ${formatBytes(national.bytes)} should be at most 20 GiB`);
  // the project's machine: 23.5 GiB, of which the default limit leaves 1 GiB to the system
  assert.doesNotThrow(() => admit(1_400_000_000, 2, 22.5 * GiB));
  assert.throws(() => admit(1_400_000_000, 2, 12 * GiB), (e: unknown) => e instanceof AdmissionError && /largest population that fits is about/.test(e.message));
});

test('a run that outgrows its memory limit is stopped, names the day, produces nothing and closes its workers', async () => {
  const { simulate, MemoryExceededError } = await import('../../src/parallel/simulate.ts');
  const { loadScenarioFile } = await import('../../src/scenario/load.ts');
  const loaded = loadScenarioFile('scenarios/minimal.yaml', { agents: 140_000, days: 10 }); // three blocks: two workers
  assert.ok(loaded.ok);
  const limit = estimateMemory(140_000, 2).bytes + MiB;
  // the memory the process holds, as a run that keeps growing would show it: over the limit from the 4th check
  let checks = 0;
  const growing = () => (++checks >= 4 ? limit + 1 : limit);
  const days: number[] = [];
  await assert.rejects(
    simulate(loaded.plan, { workers: 2, memoryLimit: limit, residentBytes: growing, onDay: (day) => days.push(day) }),
    (e: unknown) => e instanceof MemoryExceededError && e.day === 4 && e.used === limit + 1 && e.limit === limit
      && /^stopped on day 4: the run held .* more than the .* it may use .* run fewer agents or allow the run more memory \(--max-memory\)$/.test(e.message),
  );
  assert.deepEqual(days, [1, 2, 3], 'no day is reported after the one that went over');
  // exactly at the limit is within it
  const within = await simulate(loaded.plan, { workers: 2, memoryLimit: limit, residentBytes: () => limit });
  assert.equal(within.workers, 2);
});

test('the command line reports a run stopped for memory and stops its progress bar; other failures pass through', async () => {
  const { withinMemory } = await import('../../src/cli/options.ts');
  const { MemoryExceededError } = await import('../../src/parallel/simulate.ts');
  const written: string[] = [];
  const write = process.stderr.write;
  let stopped = 0;
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const outcome = await withinMemory(() => Promise.reject(new MemoryExceededError(7, 3 * GiB, 2 * GiB, GiB)), () => stopped++);
    assert.equal(outcome, undefined);
    assert.equal(stopped, 1);
    assert.match(written.join(''), /^scoresim: stopped on day 7: the run held 3\.0 GiB, more than the 2\.0 GiB it may use \(admitted on an estimate of 1\.0 GiB\)/);
    await assert.rejects(withinMemory(() => Promise.reject(new Error('boom')), () => stopped++), /boom/);
    assert.equal(stopped, 2);
    assert.equal(await withinMemory(() => Promise.resolve(42), () => stopped++), 42);
    assert.equal(stopped, 2, 'a run that finishes leaves stopping the bar to its caller');
  } finally {
    process.stderr.write = write;
  }
});
