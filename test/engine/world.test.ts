// The score model's shortcuts: nextGradeChange (O(1)) agrees with walking day by day, and lazy
// recovery applied once equals recovery applied daily.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../../src/engine/world.ts';
import { allocateColumns } from '../../src/engine/columns.ts';
import { compile, scenarioText } from '../helpers.ts';
import { gradeClasses } from '../../src/mechanisms/status.ts';

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

test('recovery moves a score towards the base by the points given and stops there', () => {
  const { plan } = compile(scenarioText('minimal'), { agents: 1000 });
  const w = new World(plan, allocateColumns(1000), 0, 1);
  const b = w.base;
  const cases: [number, number, number][] = [
    [b - 5, 3, b - 2], [b - 5, 5, b], [b - 5, 40, b], [b + 5, 3, b + 2], [b + 5, 5, b], [b + 5, 40, b],
    [b, 0, b], [b, 7, b], [b - 5, 0, b - 5], [b + 5, 0, b + 5],
  ];
  for (const [score, points, want] of cases) assert.equal(w.recover(score, points), want, `recover(${score}, ${points})`);
});

test('with a partition of the grades, nextGradeChange finds the first day the class changes', () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 1000 });
  const w = new World(plan, allocateColumns(1000), 0, 1);
  // the first two grades together, the rest each alone: a change between the first two is not one
  const classes = Array.from({ length: w.gradeCount }, (_, g) => Math.max(0, g - 1));
  const steps = w.scoreSteps(classes);
  let skipped = 0;
  for (let score = w.min; score <= w.max; score += 3) {
    for (let day = 0; day <= plan.days; day += 17) {
      let slow = 0;
      for (let d = day + 1; d <= plan.days && slow === 0; d++) {
        const now = w.recover(score, w.recoveryUntil(d) - w.recoveryUntil(day));
        if (classes[w.grade(now)] !== classes[w.grade(score)]) slow = d;
      }
      assert.equal(w.nextGradeChange(score, day, steps), slow, `score ${score}, day ${day}`);
      if (slow !== w.nextGradeChange(score, day)) skipped++;
    }
  }
  assert.ok(skipped > 0, 'merging two grades removes some wake-ups');
});

test('nextGradeChangeFrom (a table of the day) agrees with nextGradeChange, also when asked about several days', () => {
  const { plan } = compile(scenarioText('article-2019'), { agents: 1000 });
  const w = new World(plan, allocateColumns(1000), 0, 1);
  const classes = Array.from({ length: w.gradeCount }, (_, g) => Math.max(0, g - 1));
  const stepSets = [w.scoreSteps(classes), w.scoreSteps(Array.from({ length: w.gradeCount }, (_, g) => g))];
  let compared = 0;
  for (let day = 0; day <= plan.days; day += 7) {
    for (let score = w.min; score <= w.max; score += 3) {
      for (const steps of stepSets) {
        assert.equal(w.nextGradeChangeFrom(score, day, steps), w.nextGradeChange(score, day, steps), `score ${score}, day ${day}`);
        // a day asked out of turn refills the table; the next call for this day must still agree
        const other = (day + 40) % (plan.days + 1);
        assert.equal(w.nextGradeChangeFrom(score, other, steps), w.nextGradeChange(score, other, steps), `score ${score}, day ${other}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 5_000);
});

test('gradeClasses merges exactly the grades that no table tells apart', () => {
  // 4 grades × 2 list sets, two static combinations: grades 0 and 1 agree everywhere, 2 differs in one cell
  const grades = 4;
  const lists = 2;
  const a = new Uint8Array(2 * grades * lists);
  const b = new Uint8Array(2 * grades * lists);
  for (let base = 0; base < a.length; base += grades * lists) {
    a[base + 3 * lists] = 1; // grade 3 meets table a everywhere
    a[base + 3 * lists + 1] = 1;
  }
  b[grades * lists + 2 * lists + 1] = 1; // grade 2, second static combination, second list set
  assert.deepEqual([...gradeClasses([a, b], grades, lists)], [0, 0, 2, 3]);
  assert.deepEqual([...gradeClasses([a], grades, lists)], [0, 0, 0, 3]);
});
