// Status mechanisms look at an agent again when recovery moves its recorded or true score into
// another class of grades, but pass over the looks that could decide nothing. Passing over must
// change nothing: every scenario gives the same outputs and the same daily series as the plain
// version that looks at every class change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile, comparable, runPlan, scenarioText } from '../helpers.ts';
import { plainLooks } from '../../src/mechanisms/status.ts';

/**
 * The core model made to stress looks: fast recovery through four grades, many erroneous records (so
 * true and recorded scores part), a sanction with a short term that ends while its condition may
 * still hold, another entered further down (or none, so that a true score recovering from the
 * bottom grade meets an entry condition for the first time), and a perk at the top.
 */
function stress(ban: boolean): string {
  const core = readFileSync(new URL('../../bench/core-model.yaml', import.meta.url), 'utf8');
  const body = core
    .replace('ratePerDay: 0.01', 'ratePerDay: 0.05')
    .replace(/fpir: 0\.05.*/, 'fpir: 0.1')
    .replace('pointsPerDay: 1', 'pointsPerDay: 3')
    .replace('delta: -50', 'delta: -80'); // a record can jump over a grade
  assert.notEqual(body, core);
  const banned = ban ? `
  - name: ban
    enter: grade == "D"
    exit: grade in ["A", "B"]` : '';
  return body.slice(0, body.indexOf('sanctions:')) + `sanctions:${banned}
  - name: warning
    enter: grade == "C"
    exit: grade == "A"
    termDays: 7
perks:
  - name: goodStanding
    enter: grade == "A"
    exit: grade != "A"
    valuePerDay: 1
`;
}

const CASES: [string, string][] = [
  ['a stress scenario', stress(true)],
  ['a stress scenario with one sanction', stress(false)],
  ['article-2019', scenarioText('article-2019')],
  ['china-observed', scenarioText('china-observed')],
  ['core model', readFileSync(new URL('../../bench/core-model.yaml', import.meta.url), 'utf8')],
];

for (const [name, text] of CASES) {
  test(`passing over idle looks leaves every output of ${name} unchanged`, async () => {
    const { plan } = compile(text, { agents: 70_000, days: 365 });
    const skipping = await runPlan(plan, 1);
    plainLooks.on = true;
    try {
      const plain = await runPlan(plan, 1);
      assert.equal(comparable(skipping.summary), comparable(plain.summary));
      assert.equal(skipping.daily, plain.daily);
    } finally {
      plainLooks.on = false;
    }
    assert.ok(skipping.summary.metrics.sanctionRate.overall > 0, 'sanctions happen in this run');
  });
}
