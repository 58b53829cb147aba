// The ODD description of a scenario (Grimm et al. 2020): the seven elements in order, generated from
// the loaded scenario and from the code (mechanism docs, reads/writes, phases, schema descriptions,
// the engine's phases and columns), so that it cannot drift from what a run computes.
import { createHash } from 'node:crypto';
import { PHASES, PHASES_BEFORE_EXCHANGE, type Mechanism, type Phase } from '../engine/mechanism.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import { designConceptsSection } from './odd-concepts.ts';
import { code, names, num, parameterTables, table, valueText } from './odd-format.ts';
import { entitiesSection } from './odd-state.ts';
import type { JsonSchemaNode } from './reference.ts';
import { scenarioJsonSchema, type ScenarioSpec } from './schema.ts';

export interface OddInput {
  spec: ScenarioSpec;
  plan: SimulationPlan;
  /** the scenario file as read: named and hashed under Input data */
  source?: { file: string; text: string };
}

/** What happens in each phase of a day, whichever mechanisms step in it (keyed by Phase: a new phase must be described). */
const PHASE_DOCS: Record<Phase, string> = {
  act: 'Agents act: the day\'s acts are drawn, behaviour by behaviour.',
  adapt: 'Drawn acts may be dropped as agents respond to the regime; the engine then counts the acts that remain (`events`).',
  observe: 'Observers turn acts into records, true or erroneous, each addressed to an agent.',
  record: 'Records are applied to the agents they name: list entries first, then score changes.',
  daily: 'Day-level processes: list exits, gate attempts, the breach on its day; agents whose queued grade-change day or term end has come join those touched today.',
  react: 'Every agent touched today is re-evaluated against every entry and exit condition.',
};

const EXCHANGE = 'Records addressed to an agent of another block travel through the main thread. Each block applies its own records first, in the order raised, then the delivered ones in ascending source-block order, so the outcome does not depend on the number of workers.';

function configuredMechanisms(spec: ScenarioSpec): Mechanism<any, any>[] {
  return MECHANISMS.filter((m) => spec[m.key] !== undefined);
}

function purposeSection(spec: ScenarioSpec, plan: SimulationPlan, configured: readonly Mechanism<any, any>[]): string {
  return [
    '## 1. Purpose and patterns',
    '',
    `**Purpose.** ${spec.description === undefined ? `Scenario ${code(spec.name)}.` : spec.description.trim()}`,
    '',
    'scoresim runs a social-scoring and surveillance regime on a synthetic population and measures its harms: who is sanctioned, who is sanctioned wrongly, who is wrongly turned away at an identity checkpoint, how unequally these burdens fall across groups, how behaviour and lawful speech change, how far sanctions reach into households, and what a data breach exposes. '
      + `This scenario configures ${names(configured.map((m) => m.key))} over ${num(plan.layout.agents)} agents and ${num(plan.days)} days.`,
    '',
    `**Patterns.** The run is judged on the harm metrics of §4.11, overall and for each group (${names(plan.groups)}), and on the ratio of group rates (disparate impact; the four-fifths rule flags ratios under 0.8). Values taken from published figures are cited in the scenario file's comments; nothing is fitted at run time.`,
  ].join('\n');
}

function scheduleSection(configured: readonly Mechanism<any, any>[]): string {
  const rows: string[][] = [];
  for (const phase of PHASES) {
    const stepping = configured.filter((m) => m.phases.includes(phase)).map((m) => m.key);
    rows.push([code(phase), stepping.length === 0 ? 'none configured' : stepping.map(code).join(', '), PHASE_DOCS[phase]]);
    if (phase === PHASES_BEFORE_EXCHANGE[PHASES_BEFORE_EXCHANGE.length - 1]) rows.push(['*exchange*', 'engine', EXCHANGE]);
  }
  const absent = MECHANISMS.filter((m) => !configured.includes(m)).map((m) => m.key);
  const reacting = configured.filter((m) => m.phases.includes('react')).map((m) => m.key);
  const out = [
    '## 3. Process overview and scheduling',
    '',
    `Each day d = 1..D runs the phases of \`PHASES\` (src/engine/mechanism.ts) in order. Within a phase the configured mechanisms step in registry order (src/mechanisms/index.ts), block by block; ${names(PHASES_BEFORE_EXCHANGE)} run for every block before any block goes on.`,
    '',
    table(['phase', 'mechanisms, in order', 'what happens'], rows),
    '',
    absent.length === 0 ? 'Every mechanism of the registry is configured.' : `Not configured, so never stepping: ${names(absent)}.`,
    '',
    'Scores are updated lazily: whenever a mechanism needs an agent\'s score on day d, both scores first move towards the base by the recovery accrued since the day they were last brought up to date (`touched`). The outcome is the same as a daily update.',
  ];
  if (reacting.length > 0) {
    out.push('', `${names(reacting)} ${reacting.length === 1 ? 're-evaluates' : 're-evaluate'} an agent on a day when it received a record, entered or left a list, had a term end, reached a queued grade-change day (the first day recovery alone moves a score into another grade), or on day 1 when the starting state meets an entry condition. An agent's state can change at no other time, so conditions are evaluated whenever they could change value, on the state at the end of the day's records.`);
  }
  return out.join('\n');
}

/** Every configured value whose key starts with `initial`, as [dotted path, value]; list items are named. */
function initialValues(value: unknown, path: string): [string, unknown][] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => initialValues(v, `${path}[${typeof (v as { name?: unknown })?.name === 'string' ? (v as { name: string }).name : i}]`));
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k.startsWith('initial') && typeof v !== 'object' ? [[`${path}.${k}`, v] as [string, unknown]] : initialValues(v, `${path}.${k}`)));
}

function initializationSection(spec: ScenarioSpec, plan: SimulationPlan, configured: readonly Mechanism<any, any>[]): string {
  const pop = spec.population;
  const initial = configured.flatMap((m) => initialValues(spec[m.key], m.key));
  const everyone = plan.mechanisms.filter((m) => (m.plan as { checkAllOnFirstDay?: unknown } | null)?.checkAllOnFirstDay === true).map((m) => m.key);
  const out = [
    '## 5. Initialization',
    '',
    `The run starts from seed ${plan.seed} with ${num(plan.layout.agents)} agents for ${num(plan.days)} days (\`scoresim run\` can override these with \`--seed\`, \`--agents\` and \`--days\`). The same scenario and seed give the same starting state, whatever the number of workers.`,
    '',
    '- **Layout**: agents are laid out region by region and, within a region, group by group, in the numbers of §2.',
    `- **Households**: drawn one after another within each run of one region and group, sizes from these shares (a household is cut short at the end of its run or block); the first two members are elders with probability ${pop.households.elderShare}, otherwise adults, and further members are children.`,
    '',
    table(['household size', ...pop.households.sizeShares.map((_, i) => String(i + 1))], [['share', ...pop.households.sizeShares.map(String)]]),
    '',
    `- **Jobs and pets**: each adult has a job with probability ${pop.employmentRate}; each agent keeps a pet with probability ${pop.petShare}.`,
    `- **Scores**: every agent's recorded and true score start at the base, ${plan.vocabulary.score.base} points (grade ${code(plan.vocabulary.score.grades[plan.vocabulary.score.gradeOfScore[plan.vocabulary.score.base - plan.vocabulary.score.min]])}); no agent is under a sanction or perk before day 1.`,
    '- **Propensities**: each behaviour\'s levels are dealt by a keyed permutation within each block, so every level holds the same number of agents (§4.9).',
  ];
  if (initial.length > 0) out.push(`- **Starting stocks**: ${initial.map(([p, v]) => `${code(p)} = ${valueText(v)}`).join('; ')}.`);
  if (everyone.length > 0) out.push(`- **Day 1**: the starting state already meets an entry condition of ${names(everyone)}, so every agent is evaluated on day 1.`);
  return out.join('\n');
}

function inputSection(source: OddInput['source']): string {
  const out = [
    '## 6. Input data',
    '',
    'None: the model reads no external data. The population is synthetic, generated from the aggregates in the scenario (group, region and household-size shares, rates, camera densities); there is no input path for personal records, images or biometric templates, and no time series drives the model while it runs. This is the boundary of the project: the only per-agent identity is a row number, and the outputs are aggregate figures and the histories of synthetic agents.',
  ];
  if (source !== undefined) {
    const hash = createHash('sha256').update(source.text).digest('hex');
    out.push('', `The only input is the scenario file ${code(source.file)} (SHA-256 \`${hash}\`).`);
  }
  return out.join('\n');
}

function submodelsSection(spec: ScenarioSpec, configured: readonly Mechanism<any, any>[]): string {
  const root = scenarioJsonSchema() as JsonSchemaNode;
  const out = ['## 7. Submodels', '', 'One submodel per configured mechanism, in registry order. The text is the mechanism\'s own `doc`; the tables give this scenario\'s values (defaults filled in) next to the schema\'s description of each key.'];
  configured.forEach((m, i) => {
    const list = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.map(code).join(', '));
    const counters = m.counters?.(spec[m.key]) ?? [];
    out.push('', `### 7.${i + 1} ${m.key}`, '', m.doc, '');
    out.push(`Phases: ${list(m.phases)} · reads: ${list(m.reads)} · writes: ${list(m.writes)} · random stream: ${m.stream} · daily counters: ${list(counters)}`, '');
    out.push(parameterTables(m.key, spec[m.key], root.properties?.[m.key] ?? {}, root));
  });
  return out.join('\n');
}

/** The scenario's ODD description as Markdown, ending with a newline. */
export function oddMarkdown({ spec, plan, source }: OddInput): string {
  const configured = configuredMechanisms(spec);
  return [
    `# ODD description: ${spec.name}`,
    '',
    `Generated by \`scoresim odd\`${source === undefined ? '' : ` from ${code(source.file)}`} and from the code (the mechanisms' docs, columns, phases and schema descriptions); regenerate it rather than edit it. It follows the ODD protocol as updated by Grimm et al. 2020 (JASSS 23(2) 7, doi:10.18564/jasss.4259): Overview (1–3), Design concepts (4), Details (5–7).`,
    '',
    purposeSection(spec, plan, configured),
    '',
    entitiesSection(spec, plan, configured),
    '',
    scheduleSection(configured),
    '',
    designConceptsSection(spec, plan, configured),
    '',
    initializationSection(spec, plan, configured),
    '',
    inputSection(source),
    '',
    submodelsSection(spec, configured),
    '',
  ].join('\n');
}
