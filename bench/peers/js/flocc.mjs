// The core model (bench/core-model.yaml) in flocc 0.7, written the library's way: an Environment of
// Agents whose data holds their state and a `tick` rule, a `queue` rule as the end-of-day pass, and
// flocc's seeded utils (seed, uniform, gaussian, sample) for every random draw.
// Usage: node bench/peers/js/flocc.mjs --agents N --days D --seed S
import { Agent, Environment, utils } from 'flocc';
import { parseArgs, report } from './cli.mjs';

const OFFENCE_RATE = 0.01;
const SIGMA = Math.sqrt(Math.LN2); // lognormal propensity with mean 1 and CV 1 ...
const MU = -Math.LN2 / 2;
const PROPENSITY_CAP = Math.exp(MU + SIGMA * 2.878161739095483); // ... truncated at its 99.8th percentile
const DETECTION = 0.3;
const TPIR = 0.9;
const FPIR = 0.05;
const BASE = 1000;
const MIN = 0;
const MAX = 1100;
const DELTA = -50;
const ENTER_BELOW = 900;
const EXIT_AT = 950;

const args = parseArgs();
const days = args.days;
utils.seed(args.seed);

const started = performance.now();
const environment = new Environment();

/** A record lowers the recorded score; a true one lowers the true score as well. */
function record(agent, isTrue) {
  agent.increment('records');
  agent.set('score', utils.clamp(agent.get('score') + DELTA, MIN, MAX));
  if (isTrue) agent.set('trueScore', utils.clamp(agent.get('trueScore') + DELTA, MIN, MAX));
  else agent.increment('erroneousRecords');
}

/** Misattribution: a uniformly drawn agent other than `agent`. */
function someoneElse(agent) {
  let other;
  do other = utils.sample(environment.getAgents());
  while (other === agent);
  return other;
}

function tick(agent) {
  if (utils.uniform() < agent.get('offenceProbability')) {
    agent.increment('events');
    if (utils.uniform() < DETECTION) {
      const identification = utils.uniform();
      if (identification < TPIR) record(agent, true);
      else if (identification < TPIR + FPIR && environment.getAgents().length > 1) record(someoneElse(agent), false);
    }
  }
  // after every agent has acted today: review the sanction, then recover for tomorrow
  agent.set('queue', endOfDay);
}

function endOfDay(agent) {
  const score = agent.get('score');
  if (agent.get('sanctioned')) {
    if (score >= EXIT_AT) agent.set('sanctioned', false);
  } else if (score < ENTER_BELOW) {
    agent.set({ sanctioned: true, everSanctioned: true });
    if (agent.get('trueScore') >= ENTER_BELOW) agent.set('everWrongful', true);
  }
  // environment.time counts the days already finished: the last day has no tomorrow
  if (environment.time < days - 1) {
    agent.set('score', Math.min(BASE, score + 1));
    agent.set('trueScore', Math.min(BASE, agent.get('trueScore') + 1));
  }
}

for (let i = 0; i < args.agents; i++) {
  const propensity = Math.min(PROPENSITY_CAP, Math.exp(utils.gaussian(MU, SIGMA)));
  environment.addAgent(new Agent({
    offenceProbability: Math.min(1, OFFENCE_RATE * propensity),
    score: BASE,
    trueScore: BASE,
    sanctioned: false,
    everSanctioned: false,
    everWrongful: false,
    events: 0,
    records: 0,
    erroneousRecords: 0,
    tick,
  }));
}

// the model does not depend on the order agents act in, so flocc's default reshuffle is turned off
for (let day = 1; day <= days; day++) environment.tick({ randomizeOrder: false });

const mean = (key) => utils.mean(environment.stat(key, false).map(Number));
report('flocc', args, (performance.now() - started) / 1000, {
  eventsPerAgent: mean('events'),
  recordedEventsPerAgent: mean('records'),
  erroneousRecordsPerAgent: mean('erroneousRecords'),
  sanctionRate: mean('everSanctioned'),
  wrongfulSanctionRate: mean('everWrongful'),
  meanScore: mean('score'),
});
