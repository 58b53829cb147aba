// ODD element 4, the eleven design concepts: the engine's part written here, each configured
// mechanism's part from odd-notes.ts, and "not modelled" said plainly where nothing applies.
import type { Mechanism } from '../engine/mechanism.ts';
import type { BehaviourConfig } from '../mechanisms/behaviours.ts';
import { Stream } from '../engine/rng.ts';
import { METRIC_DOCS, RATE_METRICS } from '../metrics/summary.ts';
import type { ScenarioSpec } from './schema.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { code, names, table } from './odd-format.ts';
import { DESIGN_CONCEPTS, MECHANISM_NOTES, type Concept, type NoteContext, type Notes } from './odd-notes.ts';

function notesOf(configured: readonly Mechanism<any, any>[], ctx: NoteContext): Map<string, Notes> {
  return new Map(configured.map((m) => {
    const notes = MECHANISM_NOTES[m.key];
    return [m.key, notes === undefined ? { stochasticity: '' } : notes(ctx.spec[m.key], ctx)];
  }));
}

function gathered(notes: Map<string, Notes>, concept: Exclude<Concept, 'stochasticity'> | 'agentSensing'): string[] {
  return [...notes.values()].flatMap((n) => n[concept] ?? []);
}

export function designConceptsSection(spec: ScenarioSpec, plan: SimulationPlan, configured: readonly Mechanism<any, any>[]): string {
  const ctx: NoteContext = { spec, plan, configured: new Set(configured.map((m) => m.key)) };
  const notes = notesOf(configured, ctx);
  const adaptive = gathered(notes, 'adaptation').length > 0;
  const body: Record<Concept, string[]> = {
    basicPrinciples: [
      'The regime is a pipeline: agents act; observers (cameras, monitoring, records, the registry) turn some acts into records, true or erroneous, addressed to an agent; records move a score; conditions on the score and lists start and end sanctions and perks; gates deny services. Each agent carries both the recorded state (what the regime believes) and the true state (what error-free observation would give), so every harm of error is measured, not estimated.',
      ...gathered(notes, 'basicPrinciples'),
    ],
    emergence: [
      'Imposed: behaviour rates and propensities, observation error rates, rules and conditions. Emergent: which agents are recorded, scored down, listed, sanctioned (rightly or wrongly) and denied, and how these burdens fall across groups; every figure of §4.11 results from individual draws passing through the rules.',
      ...gathered(notes, 'emergence'),
    ],
    adaptation: adaptive
      ? gathered(notes, 'adaptation')
      : ['Not modelled: this scenario has no `adaptation` section, so agents do not change what they do in response to the regime; every act drawn is done.'],
    objectives: ['Not modelled: agents have no objectives, utilities or measures of success.', ...gathered(notes, 'objectives')],
    learning: ['Not modelled: agents do not change how they respond with experience.', ...gathered(notes, 'learning')],
    prediction: ['Not modelled: agents make no predictions.', ...gathered(notes, 'prediction')],
    sensing: [
      ...(gathered(notes, 'agentSensing').length > 0 ? gathered(notes, 'agentSensing') : ['Agents sense nothing: no act depends on any variable of the model (no `adaptation` section).']),
      `What the regime senses, by behaviour:\n\n${table(['behaviour', 'kind', 'rate per day', 'who', 'observed by'], (spec.behaviours as BehaviourConfig[]).map((b) => [code(b.name), b.kind, String(b.ratePerDay), names(b.who), code(b.observedBy)]))}`,
      ...gathered(notes, 'sensing'),
    ],
    interaction: gathered(notes, 'interaction'),
    stochasticity: [
      `Every draw comes from a Philox4x32-10 stream keyed by the seed (${plan.seed}) and a counter (stream, phase, day, block), so a run is reproduced exactly by its scenario and seed, whatever the number of worker threads. Each mechanism owns a stream and is re-keyed at (8 × stream + phase index, day, block): adding or removing one never shifts another's draws.`,
      table(['stream', 'number', 'draws'], [
        [code('population'), String(Stream.population), 'household sizes and age classes (counter 0); jobs and pets (counter 1)'],
        [code('traits'), String(Stream.traits), 'the keyed permutations that deal propensity levels to agents, one per behaviour and block'],
        [code('replicates'), String(Stream.replicates), 'the seeds of further replicates (`--replicates`)'],
        ...configured.map((m) => [code(m.key), String(m.stream), notes.get(m.key)?.stochasticity || 'nothing: deterministic given the state']),
      ]),
    ],
    collectives: [
      `Households are the only collectives: formed at initialization, they take no decisions${gathered(notes, 'collectives').length === 0 ? ', and no mechanism of this scenario acts on a household as a whole' : ', but some mechanisms act on a household as a whole (below)'}. Groups (${names(plan.groups)}) and regions (${plan.regions.length}) are categories, not acting collectives.`,
      ...gathered(notes, 'collectives'),
    ],
    observation: [
      `\`scoresim run\` writes \`summary.json\` (the metrics below, overall and by group, with run totals of every counter), \`daily.csv\` (one row per day and group: every daily counter), \`run.json\` (scenario text, seed and size, for \`scoresim explain\` to replay the run) and, with \`--trace K\`, \`trace.jsonl\` (the full history of K sampled agents). Metrics (\`METRIC_DOCS\`):`,
      table(['metric', 'meaning'], Object.entries(METRIC_DOCS).map(([k, v]) => [code(k), v])),
      `For ${names(RATE_METRICS)} the summary also gives the disparate impact (lowest group rate over the highest, across ${names(plan.groups)}) and the rate difference.`,
      `Daily counters in this scenario: ${names(plan.counterNames)}.`,
    ],
  };
  if (body.interaction.length === 0) body.interaction = ['Not modelled: agents do not interact; each agent\'s history depends only on its own draws.'];
  else body.interaction.push('There is no communication and no network beyond households and regions.');

  const out = ['## 4. Design concepts', ''];
  DESIGN_CONCEPTS.forEach(([key, title], i) => {
    out.push(`### 4.${i + 1} ${title}`, '', ...body[key].flatMap((p) => [p, '']));
  });
  return out.join('\n').trimEnd();
}
