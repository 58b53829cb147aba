// Validity: scenarios/china-observed.yaml at 1:1,000 of China's population reproduces the court
// list at the end of 2018 and the flight bans of 2018 within ±15 % (docs/validation.md). Its
// parameters come from figures other than these targets, so this is a check, not a fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, runPlan, scenarioText } from '../helpers.ts';

const SCALE = 1000; // agents stand for 1,000 people each: 1.4 M agents for 1.4 bn people

test('china-observed reproduces the 2018 court list (~13 M) and flight bans (~8.1 M attempts) within ±15 %', async () => {
  const { plan } = compile(scenarioText('china-observed'));
  assert.equal(plan.layout.agents, 1_400_000);
  const { summary } = await runPlan(plan, 2);
  const listed = summary.metrics.listedRate.overall * summary.agents * SCALE;
  const flights = summary.counts['gate.planeTicket.deniedByPolicy'].overall * SCALE;
  const within = (x: number, target: number) => Math.abs(x / target - 1) <= 0.15;
  assert.ok(within(listed, 13e6), `court list at the end of 2018: ${(listed / 1e6).toFixed(2)} M, target 13 M ± 15 %`);
  assert.ok(within(flights, 8.1e6), `flight purchases blocked in 2018: ${(flights / 1e6).toFixed(2)} M, target 8.10 M ± 15 %`);
  // every blocked attempt came from a listed agent: nobody off the list was denied
  assert.equal(summary.counts['gate.planeTicket.deniedByPolicyWrongly'].overall, 0);
});
