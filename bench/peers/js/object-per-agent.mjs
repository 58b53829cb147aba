// The core model (bench/core-model.yaml) the way a competent JS developer would write it first:
// one object per agent, an array of agents, a loop over days and agents, a small seeded PRNG.
// Usage: node bench/peers/js/object-per-agent.mjs --agents N --days D --seed S
import { parseArgs, report } from './cli.mjs';

const MODEL = {
  offenceRate: 0.01,
  propensityCv: 1,
  detection: 0.3,
  tpir: 0.9,
  fpir: 0.05,
  base: 1000,
  min: 0,
  max: 1100,
  delta: -50,
  recoveryPerDay: 1,
  enterBelow: 900,
  exitAtOrAbove: 950,
};

/** sfc32 (Small Fast Counter), seeded through splitmix32; uniform doubles in [0, 1). */
class Random {
  constructor(seed) {
    let h = seed >>> 0;
    const next = () => {
      h = (h + 0x9e3779b9) >>> 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uniform();
  }

  uniform() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal() {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  below(n) {
    return Math.floor(this.uniform() * n);
  }
}

/** Lognormal with mean 1 and coefficient of variation cv, truncated at its 99.8th percentile. */
function propensity(random, cv) {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const mu = -sigma * sigma / 2;
  const cap = Math.exp(mu + sigma * 2.878161739095483);
  return Math.min(cap, Math.exp(mu + sigma * random.normal()));
}

class Agent {
  constructor(id, propensity) {
    this.id = id;
    this.propensity = propensity;
    this.offenceProbability = Math.min(1, MODEL.offenceRate * propensity);
    this.score = MODEL.base;
    this.trueScore = MODEL.base;
    this.sanctioned = false;
    this.everSanctioned = false;
    this.everWrongfullySanctioned = false;
    this.events = 0;
    this.records = 0;
    this.erroneousRecords = 0;
  }

  /** One day's recovery of both scores towards the base. */
  recover() {
    this.score = towards(this.score, MODEL.base, MODEL.recoveryPerDay);
    this.trueScore = towards(this.trueScore, MODEL.base, MODEL.recoveryPerDay);
  }

  /** Records an event against this agent; only a true record moves the true score. */
  record(isTrue) {
    this.records++;
    this.score = clamp(this.score + MODEL.delta);
    if (isTrue) this.trueScore = clamp(this.trueScore + MODEL.delta);
    else this.erroneousRecords++;
  }

  /** End of the day: the sanction starts below 900 (wrongful if the true score is not) and ends at 950. */
  reviewSanction() {
    if (this.sanctioned) {
      if (this.score >= MODEL.exitAtOrAbove) this.sanctioned = false;
    } else if (this.score < MODEL.enterBelow) {
      this.sanctioned = true;
      this.everSanctioned = true;
      if (this.trueScore >= MODEL.enterBelow) this.everWrongfullySanctioned = true;
    }
  }
}

function towards(score, target, step) {
  if (score < target) return Math.min(target, score + step);
  if (score > target) return Math.max(target, score - step);
  return score;
}

function clamp(score) {
  return Math.max(MODEL.min, Math.min(MODEL.max, score));
}

class Simulation {
  constructor(agents, seed) {
    this.random = new Random(seed);
    this.agents = [];
    for (let i = 0; i < agents; i++) this.agents.push(new Agent(i, propensity(this.random, MODEL.propensityCv)));
  }

  /** A uniformly drawn agent other than `agent`. */
  otherThan(agent) {
    const k = this.random.below(this.agents.length - 1);
    return this.agents[k >= agent.id ? k + 1 : k];
  }

  step() {
    for (const agent of this.agents) agent.recover();
    for (const agent of this.agents) {
      if (this.random.uniform() >= agent.offenceProbability) continue;
      agent.events++;
      if (this.random.uniform() >= MODEL.detection) continue;
      const identification = this.random.uniform();
      if (identification < MODEL.tpir) agent.record(true);
      else if (identification < MODEL.tpir + MODEL.fpir && this.agents.length > 1) this.otherThan(agent).record(false);
    }
    for (const agent of this.agents) agent.reviewSanction();
  }

  run(days) {
    for (let day = 1; day <= days; day++) this.step();
  }

  metrics() {
    const n = this.agents.length;
    const sum = (f) => this.agents.reduce((total, a) => total + f(a), 0);
    return {
      eventsPerAgent: sum((a) => a.events) / n,
      recordedEventsPerAgent: sum((a) => a.records) / n,
      erroneousRecordsPerAgent: sum((a) => a.erroneousRecords) / n,
      sanctionRate: sum((a) => (a.everSanctioned ? 1 : 0)) / n,
      wrongfulSanctionRate: sum((a) => (a.everWrongfullySanctioned ? 1 : 0)) / n,
      meanScore: sum((a) => a.score) / n,
    };
  }
}

const args = parseArgs();
const started = performance.now();
const simulation = new Simulation(args.agents, args.seed);
simulation.run(args.days);
const metrics = simulation.metrics();
report('object-per-agent', args, (performance.now() - started) / 1000, metrics);
