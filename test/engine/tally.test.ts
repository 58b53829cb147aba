// The final tally against a plain per-agent count of the same columns: the tally walks segments and
// adds to the histograms in runs, so it is checked against the simplest reading of what it counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, scenarioText } from '../helpers.ts';
import { allocateColumns, FLAG_EVER_SANCTIONED, FLAG_EVER_WRONGFUL, FLAG_EXPOSED_SHIFT, FLAG_LIST_SHIFT, FLAG_SANCTION_SHIFT, FLAG_TRUE_TRIGGERED, type ColumnBuffers } from '../../src/engine/columns.ts';
import { BLOCK_SIZE } from '../../src/engine/layout.ts';
import { BlockRunner, EXAMPLES } from '../../src/engine/runner.ts';
import { World } from '../../src/engine/world.ts';
import { MECHANISMS } from '../../src/mechanisms/index.ts';
import type { SimulationPlan } from '../../src/engine/plan.ts';

function copyColumns(b: ColumnBuffers): ColumnBuffers {
  const copy = (buffer: SharedArrayBuffer) => {
    const out = new SharedArrayBuffer(buffer.byteLength);
    new Uint8Array(out).set(new Uint8Array(buffer));
    return out;
  };
  return { agents: b.agents, flags: copy(b.flags), scores: copy(b.scores), household: copy(b.household) };
}

/** What the tally should find, agent by agent: each brought to the last day, then counted. */
function expected(plan: SimulationPlan, buffers: ColumnBuffers, blockFrom: number, blockTo: number) {
  const w = new World(plan, buffers, blockFrom, blockTo, []);
  const cols = w.columns;
  const G = plan.groups.length;
  const range = w.max - w.min + 1;
  const sanctions = ((1 << plan.vocabulary.sanctions.length) - 1) << FLAG_SANCTION_SHIFT;
  const fields = plan.stores.map((s) => s.fields);
  const e = {
    agents: new Float64Array(G), everSanctioned: new Float64Array(G), everWrongful: new Float64Array(G),
    trueTriggered: new Float64Array(G), sanctionedClear: new Float64Array(G), activeSanctioned: new Float64Array(G),
    listed: new Float64Array(G), exposed: new Float64Array(G), exposedFields: new Float64Array(G),
    scoreHistogram: new Float64Array(G * range), trueScoreHistogram: new Float64Array(G * range),
    wrongfulExamples: [] as number[],
  };
  const first = blockFrom * BLOCK_SIZE;
  const last = Math.min(blockTo * BLOCK_SIZE, plan.layout.agents);
  for (let a = first; a < last; a++) {
    const g = w.segmentGroup[w.segmentOf(a)];
    w.touch(a, plan.days);
    const f = cols.flags(a);
    e.agents[g]++;
    if (f & FLAG_EVER_SANCTIONED) e.everSanctioned[g]++;
    if ((f & FLAG_EVER_SANCTIONED) && !(f & FLAG_TRUE_TRIGGERED)) e.sanctionedClear[g]++;
    if (f & FLAG_EVER_WRONGFUL) {
      e.everWrongful[g]++;
      if (e.wrongfulExamples.length < EXAMPLES) e.wrongfulExamples.push(a);
    }
    if (f & FLAG_TRUE_TRIGGERED) e.trueTriggered[g]++;
    if (f & sanctions) e.activeSanctioned[g]++;
    if ((f >>> FLAG_LIST_SHIFT) & 0xf) e.listed[g]++;
    const leaked = (f >>> FLAG_EXPOSED_SHIFT) & 0xf;
    if (leaked) e.exposed[g]++;
    for (let k = 0; k < fields.length; k++) if (leaked & (1 << k)) e.exposedFields[g] += fields[k];
    e.scoreHistogram[g * range + cols.score(a) - w.min]++;
    e.trueScoreHistogram[g * range + cols.trueScore(a) - w.min]++;
  }
  return e;
}

// article-2019 past its breach (day 300), so leaks are counted too
for (const [name, days] of [['article-2019', 310], ['china-observed', 120]] as const) {
  test(`the final tally of ${name} counts what a plain pass over every agent counts`, () => {
    const { plan } = compile(scenarioText(name), { agents: 200_000, days });
    const buffers = allocateColumns(plan.layout.agents);
    // a range that starts past the first block, as a second worker's does
    const from = 1;
    const to = plan.layout.blocks;
    const runner = new BlockRunner(plan, buffers, from, to, MECHANISMS);
    runner.populate();
    for (let day = 1; day <= plan.days; day++) runner.after(day, runner.before(day));
    const before = copyColumns(buffers);
    const tally = runner.tally();
    const want = expected(plan, copyColumns(before), from, to);
    for (const [key, value] of Object.entries(want)) {
      assert.deepEqual(tally[key as keyof typeof want], value, key);
    }
    // the tally only reads: it brings the scores to the last day in its own counting, not in the columns
    for (const column of ['flags', 'scores', 'household'] as const) {
      assert.deepEqual(new Uint8Array(buffers[column]), new Uint8Array(before[column]), column);
    }
    // not a trivial population: statuses, lists and several scores happened (and in article-2019,
    // with its cameras and breach, wrongful sanctions and leaks)
    assert.ok(want.everSanctioned.some((n) => n > 0));
    assert.ok(want.listed.some((n) => n > 0));
    if (name === 'article-2019') assert.ok(want.everWrongful.some((n) => n > 0) && want.exposed.some((n) => n > 0));
    assert.ok(want.scoreHistogram.filter((n) => n > 0).length > 10);
  });
}
