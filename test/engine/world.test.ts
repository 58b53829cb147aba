// The score model's shortcuts: nextGradeChange (O(1)) agrees with walking day by day, and lazy
// recovery applied once equals recovery applied daily.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../../src/engine/world.ts';
import { allocateColumns } from '../../src/engine/columns.ts';
import { compile, scenarioText } from '../helpers.ts';

for (const name of ['article-2019', 'minimal', 'china-observed']) {
  test(`nextGradeChange equals the first day a day-by-day walk changes grade (${name})`, () => {
    const { plan } = compile(scenarioText(name), { agents: 1000 });
    const w = new World(plan, allocateColumns(1000), 0, 1);
    let changes = 0;
    for (let score = w.min; score <= w.max; score += 3) {
      for (let day = 0; day <= plan.days; day += 11) {
        let slow = 0;
        for (let d = day + 1; d <= plan.days && slow === 0; d++) {
          if (w.grade(w.recover(score, w.recoveryUntil(d) - w.recoveryUntil(day))) !== w.grade(score)) slow = d;
        }
        assert.equal(w.nextGradeChange(score, day), slow, `score ${score}, day ${day}`);
        if (slow !== 0) changes++;
      }
    }
    assert.ok(changes > 100, 'grade changes happen in this scenario');
  });
}

test('lazy recovery over a stretch equals daily recovery over the same days', () => {
  const { plan } = compile(scenarioText('minimal'), { agents: 1000 });
  const w = new World(plan, allocateColumns(1000), 0, 1);
  for (const start of [w.min, 500, 990, 999, 1001, w.max]) {
    let daily = start;
    for (let d = 1; d <= 100; d++) daily = w.recover(daily, w.recoveryUntil(d) - w.recoveryUntil(d - 1));
    assert.equal(w.recover(start, w.recoveryUntil(100) - w.recoveryUntil(0)), daily, `from ${start}`);
  }
});
