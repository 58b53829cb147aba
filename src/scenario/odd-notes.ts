// What each mechanism contributes to the ODD design concepts, written from its configured values.
// One entry per registry key (a test checks every mechanism has one, with what it draws at random).
import type { SimulationPlan } from '../engine/plan.ts';
import type { AdaptationConfig } from '../mechanisms/adaptation.ts';
import type { BehaviourConfig } from '../mechanisms/behaviours.ts';
import type { BreachConfig } from '../mechanisms/breach.ts';
import { detectionProbability, toDetection, type CamerasConfig } from '../mechanisms/cameras.ts';
import type { GateConfig } from '../mechanisms/gates.ts';
import type { MonitoringConfig } from '../mechanisms/monitoring.ts';
import type { PerkConfig } from '../mechanisms/perks.ts';
import type { RecordsConfig } from '../mechanisms/records.ts';
import type { RegistryConfig } from '../mechanisms/registry.ts';
import type { SanctionConfig } from '../mechanisms/sanctions.ts';
import type { ScoringConfig } from '../mechanisms/scoring.ts';
import type { ScenarioSpec } from './schema.ts';
import { code, names, table, valueText } from './odd-format.ts';

export const DESIGN_CONCEPTS = [
  ['basicPrinciples', 'Basic principles'],
  ['emergence', 'Emergence'],
  ['adaptation', 'Adaptation'],
  ['objectives', 'Objectives'],
  ['learning', 'Learning'],
  ['prediction', 'Prediction'],
  ['sensing', 'Sensing'],
  ['interaction', 'Interaction'],
  ['stochasticity', 'Stochasticity'],
  ['collectives', 'Collectives'],
  ['observation', 'Observation'],
] as const;
export type Concept = (typeof DESIGN_CONCEPTS)[number][0];

/**
 * Paragraphs a mechanism adds under each concept; `sensing` is what the regime senses, `agentSensing`
 * what agents sense; `stochasticity` is one phrase: what it draws ('' for nothing).
 */
export type Notes = Partial<Record<Exclude<Concept, 'stochasticity'>, string[]>> & { agentSensing?: string[]; stochasticity: string };

export interface NoteContext {
  spec: ScenarioSpec;
  plan: SimulationPlan;
  /** keys of the configured mechanisms */
  configured: ReadonlySet<string>;
}

const p3 = (x: number) => String(+x.toPrecision(3));
const byGroup = (m: Record<string, number>) => (Object.keys(m).length === 0 ? '' : ` (${valueText(m)})`);

export const MECHANISM_NOTES: Record<string, (config: any, ctx: NoteContext) => Notes> = {
  behaviours: (c: BehaviourConfig[]) => {
    const varied = c.filter((b) => b.heterogeneity > 0);
    const unseen = c.filter((b) => b.observedBy === 'none');
    return {
      basicPrinciples: [`Behaviour is exogenous: ${c.length === 1 ? 'one behaviour' : `${c.length} behaviours`} (${c.map((b) => `${code(b.name)} ${b.kind}`).join(', ')}) ${c.length === 1 ? 'happens' : 'happen'} at fixed daily rates, scaled for each agent by a propensity that never changes. Behaviour rates are the same for every group, so any difference between groups comes from the regime.`],
      emergence: varied.length === 0 ? [] : [`Propensities vary between agents for ${names(varied.map((b) => b.name))} (lognormal, mean 1, coefficient of variation ${varied.map((b) => b.heterogeneity).join(', ')}), so events, records and sanctions concentrate on some agents.`],
      sensing: unseen.length === 0 ? [] : [`${names(unseen.map((b) => b.name))} ${unseen.length === 1 ? 'is' : 'are'} observed by nobody (\`observedBy: none\`).`],
      stochasticity: 'which eligible agents do each behaviour on each day (independent daily draws, found by geometric skipping)',
    };
  },
  adaptation: (c: AdaptationConfig, ctx) => {
    const { general, specific } = c.deterrence;
    const { monitoring, region, household } = c.chilling;
    const sensed = [
      general > 0 ? 'the probability that cameras catch an offence in its region and group today (general deterrence)' : '',
      specific > 0 ? 'whether its own recorded score is below the base (specific deterrence)' : '',
      monitoring > 0 ? 'the monitoring coverage of its posts' : '',
      region > 0 ? 'the number of posts flagged in its region on the previous day' : '',
      household > 0 ? 'whether a member of its household has been penalised for a post' : '',
    ].filter((s) => s !== '');
    const off = Object.entries({ 'deterrence.general': general, 'deterrence.specific': specific, 'chilling.monitoring': monitoring, 'chilling.region': region, 'chilling.household': household })
      .filter(([, v]) => v === 0).map(([k]) => k);
    return {
      adaptation: [
        `Agents respond to the regime by not doing some of the acts drawn for them. An offence is kept with probability exp(−${general} × p_detect − ${specific} × [recorded score below base]); an act of lawful speech with probability exp(−${monitoring} × coverage − ${region} × flagged posts per 1,000 residents of the region the day before − ${household} × [household member penalised for a post]); rewarded acts are always kept.`
        + (off.length === 0 ? '' : ` Terms set to 0 are off: ${names(off)}.`),
        'The response is a fixed rule (indirect objective seeking: it lowers exposure to detection and penalties), not a choice among alternatives.',
      ],
      objectives: ['The adaptation rule is not derived from an objective: its coefficients are given by the scenario.'],
      learning: ['The coefficients do not change with experience.' + (household > 0 ? ' The household\'s post-penalty mark, once set, is never cleared: memory, not learning.' : '')],
      prediction: ['Agents respond to the present state (today\'s detection probability, their current score, yesterday\'s flagged posts), never to predicted consequences.'],
      agentSensing: sensed.length === 0 ? ['Every adaptation coefficient is 0: agents sense nothing.'] : [`Each agent senses ${sensed.join('; ')}.`],
      interaction: [
        region > 0 && ctx.configured.has('monitoring') ? 'Posts flagged in a region lower the lawful speech of everyone in it the next day (a region signal, summed over all blocks).' : '',
        household > 0 && ctx.configured.has('monitoring') ? 'A member\'s flagged post lowers the lawful speech of the whole household for the rest of the run.' : '',
      ].filter((s) => s !== ''),
      collectives: household > 0 ? ['Households share chilling: once a member has been penalised for a post, every member posts less lawful speech.'] : [],
      emergence: ['The chilling effect (the share of lawful speech not posted) and the deterred offences emerge from these responses; they are measured on the same random draws as the acts that would have happened without the regime.'],
      stochasticity: 'whether each drawn act is kept (one uniform draw per act whose keep probability is below 1)',
    };
  },
  cameras: (c: CamerasConfig, ctx) => {
    const { plan } = ctx;
    const detection = toDetection(c, plan.groups);
    const rows = plan.regions.map((r) => [code(r.name), ...plan.groups.map((_, g) => {
      const first = detectionProbability(detection, r.camerasPer1000, g, 1, plan.days);
      const last = detectionProbability(detection, r.camerasPer1000, g, plan.days, plan.days);
      return first === last ? p3(first) : `${p3(first)} → ${p3(last)}`;
    })]);
    const fpirs = Object.keys(c.identification.fpirByGroup);
    const misattributes = c.identification.fpir > 0 || Object.values(c.identification.fpirByGroup).some((f) => f > 0);
    return {
      basicPrinciples: ['Street surveillance is probabilistic: detection grows with camera density, and 1:N face identification can name the wrong person. Errors move only the recorded score, so the harm of every error is measured against the true score.'],
      sensing: [
        `The regime sees a camera-observed act with probability min(${c.maxDetection}, ${c.detectionPerCamera} × cameras per 1,000 × ramp × targeting${Object.keys(c.targeting).length === 0 ? ' (1 for every group)' : byGroup(c.targeting)}), ${c.rampTo === 1 ? 'camera density staying at its first-day value' : `camera density growing linearly to ${c.rampTo} × its first-day value`}. In this scenario (day 1 → day ${plan.days}, by region and group):\n\n${table(['region', ...plan.groups.map(code)], rows)}`,
        `A detected person is identified correctly with probability ${c.identification.tpir}, attributed to another resident with probability ${c.identification.fpir}${byGroup(c.identification.fpirByGroup)}, otherwise not identified.`,
      ],
      interaction: misattributes ? ['A misidentification records the act against another adult or elder of the same region: one agent\'s behaviour moves another\'s score, and may sanction them wrongly.'] : [],
      emergence: Object.keys(c.targeting).length + fpirs.length === 0 ? [] : [`Differences between groups in records, errors and sanctions arise from targeting${byGroup(c.targeting)} and group-specific error rates${byGroup(c.identification.fpirByGroup)}, not from different behaviour.`],
      stochasticity: 'detection and identification of each camera-observed act, and the resident a misidentification names',
    };
  },
  monitoring: (c: MonitoringConfig) => ({
    sensing: [`Posts are scanned with probability ${c.coverage}; targeted speech (${names(c.targets)}) is flagged with probability ${c.truePositiveRate}, other posts with probability ${c.falsePositiveRate}. A flagged post is recorded against the poster, as an error when it was not targeted; it also raises its region's flagged-post count and marks the poster's household, which only adaptation reads.`],
    stochasticity: 'whether each post is scanned and whether it is flagged',
  }),
  registry: (c: RegistryConfig) => ({
    basicPrinciples: [`Identity fraud: phone numbers are registered under a holder's identity by others (${c.initialFraudulentShare} of holders at the start, ${c.fraudulentPerDay} a day), and each misuse is recorded against the holder as ${code(c.misuseEvent)}, an error.`],
    interaction: ['The fraudsters are not agents: fraudulent registrations and misuse arrive at the configured rates.'],
    agentSensing: [`A holder with a fraudulent number notices after a geometric time (daily probability ${c.selfCheckPerDay}) and has every fraudulent number removed.`],
    stochasticity: 'fraudulent registrations (at the start and each day), the waits until each misuse and until the holder\'s self-check',
  }),
  records: (c: RecordsConfig, ctx) => {
    const certain = (ctx.spec.behaviours as BehaviourConfig[]).filter((b) => b.observedBy === 'records').map((b) => b.name);
    return {
      sensing: [`Acts observed by institutional records (${names(certain)}) are known with certainty.` + (c.lists.length === 0 ? '' : ` A record may put the agent on a list (${names(c.lists.map((l) => l.name))}), which it leaves by paying (a daily probability) or when the listing period ends.`)],
      stochasticity: c.lists.length === 0 ? '' : 'how long each listing lasts (geometric, capped at maxDays) and, with initialShare, who is listed at the start',
    };
  },
  scoring: (c: ScoringConfig) => ({
    basicPrinciples: [`One score per agent, starting at ${c.base} points and bounded by ${c.min}..${c.max}, falls into grades ${c.grades.map((g) => `${code(g.name)} (from ${g.min})`).join(', ')}; ${c.rules.length === 0 ? 'no rule moves' : c.rules.length === 1 ? 'one rule moves' : `${c.rules.length} rules move`} it when an act is recorded, and it ${c.recovery.pointsPerDay === 0 ? 'never recovers' : `recovers towards the base by ${c.recovery.pointsPerDay} points a day`}. Every agent also carries the true score, moved only by true records.`],
    emergence: ['The distribution of scores and grades (mean, Gini coefficient) emerges from the records each agent happens to receive.'],
    stochasticity: '',
  }),
  gates: (c: GateConfig[]) => {
    const household = c.filter((g) => g.blockedByHousehold.length > 0);
    return {
      sensing: [`At ${c.length} gate${c.length === 1 ? '' : 's'} (${names(c.map((g) => g.name))}) the regime verifies identity 1:1; each try falsely fails with the gate's false-non-match rate (by group), with ${[...new Set(c.map((g) => g.retries))].join(' or ')} retries.`],
      interaction: household.length === 0 ? [] : [`${names(household.map((g) => g.name))} ${household.length === 1 ? 'denies' : 'deny'} an agent because of a household member's sanction (${names([...new Set(household.flatMap((g) => g.blockedByHousehold))])}).`],
      emergence: ['Denials, wrongful denials and their ratio between groups emerge from demand, verification errors and the sanctions agents happen to be under.'],
      stochasticity: 'which agents need each gate on each day, and whether each verification try falsely fails',
    };
  },
  breach: (c: BreachConfig, ctx) => ({
    basicPrinciples: [`A data breach on day ${c.day}${c.day > ctx.plan.days ? ` (after the last day, ${ctx.plan.days}: it does not happen in this run)` : ''} leaks ${c.stores.map((s) => `${code(s.store)} (share ${s.share}${s.retentionDays === undefined ? '' : `, records kept ${s.retentionDays} days`})`).join(', ')}.`],
    stochasticity: 'which stored records leak',
  }),
  sanctions: (c: SanctionConfig[]) => {
    const reaching = c.filter((s) => s.householdFlags.length > 0);
    return {
      basicPrinciples: [`Sanctions (${names(c.map((s) => s.name))}) follow conditions on the recorded state; a sanction is wrongful when the true state would not have met its entry condition.`],
      emergence: ['Who is sanctioned, who wrongly, and the ratio of these rates between groups emerge; the conditions are imposed.'],
      collectives: reaching.length === 0 ? [] : [`The household bears sanctions as a collective: ${reaching.map((s) => `${code(s.name)} sets ${names(s.householdFlags)} on its household members (counted for ${names(s.spilloverTo)})`).join('; ')}.`],
      interaction: reaching.length === 0 ? [] : ['A sanction reaches the sanctioned agent\'s household members through its household flags.'],
      stochasticity: '',
    };
  },
  perks: (c: PerkConfig[]) => ({
    basicPrinciples: [`Perks (${c.map((p) => `${code(p.name)} worth ${p.valuePerDay} a day`).join(', ')}) reward the recorded state as sanctions punish it.`],
    emergence: ['Who receives perks, and their value per agent by group, emerge from the scores.'],
    stochasticity: '',
  }),
};
