// ODD element 2, entities, state variables and scales: the agent columns and flag bits read from
// engine/columns.ts, who reads and writes each, and the scenario's groups, regions and scales.
import * as columns from '../engine/columns.ts';
import { AgentTable, allocateColumns, BYTES_PER_AGENT, MAX_LISTS, MAX_STATUSES, type ColumnName } from '../engine/columns.ts';
import { AGE_CLASSES, BLOCK_SIZE } from '../engine/layout.ts';
import { STORES, type SimulationPlan } from '../engine/plan.ts';
import type { Mechanism } from '../engine/mechanism.ts';
import type { CamerasConfig } from '../mechanisms/cameras.ts';
import type { ScenarioSpec } from './schema.ts';
import { code, names, num, table } from './odd-format.ts';

/** What each column holds; keyed by ColumnName, so a new column fails to compile until it is described here. */
const COLUMN_DOCS: Record<ColumnName, (plan: SimulationPlan) => string> = {
  score: (p) => `recorded score: what the regime believes, in points, bounded by ${p.vocabulary.score.min}..${p.vocabulary.score.max}, starting at the base ${p.vocabulary.score.base}`,
  trueScore: () => 'true score: the score error-free observation would give (moved only by true records), same bounds and base',
  touched: (p) => `the day both scores were last brought up to date by recovery (0..${p.days})`,
  flags: () => 'a 32-bit word of flags: statuses, wrongful statuses, lists, fraudulent numbers, job, pet, history and breach exposure (bit layout below)',
  household: () => 'one byte: position in the household, two marks and the age class (bit layout below)',
};

interface BitField {
  doc: string;
  /** for a *_SHIFT constant: how many bits the field spans */
  width?: number;
  /** the scenario's names for the field's bits, lowest first */
  meaning?: (plan: SimulationPlan) => readonly string[];
}

/** The flag constants of engine/columns.ts, described. A constant missing here is rendered as undescribed (and fails a test). */
const BIT_FIELDS: Record<string, BitField> = {
  FLAG_SANCTION_SHIFT: { doc: 'status k is active (the sanctions, then the perks)', width: MAX_STATUSES, meaning: (p) => [...p.vocabulary.sanctions, ...p.vocabulary.perks] },
  FLAG_WRONGFUL_SHIFT: { doc: 'status k is active and was entered wrongfully', width: MAX_STATUSES, meaning: (p) => p.vocabulary.sanctions },
  FLAG_LIST_SHIFT: { doc: 'the agent is on list k', width: MAX_LISTS, meaning: (p) => p.vocabulary.lists },
  FLAG_FRAUD_SHIFT: { doc: 'number of fraudulent phone numbers registered under the agent\'s identity (0–3)' },
  FLAG_EMPLOYED: { doc: 'the agent has a job' },
  FLAG_PET: { doc: 'the agent keeps a pet' },
  FLAG_EVER_SANCTIONED: { doc: 'the agent was sanctioned at some time in the run' },
  FLAG_EVER_WRONGFUL: { doc: 'the agent was wrongfully sanctioned at some time in the run' },
  FLAG_TRUE_TRIGGERED: { doc: 'the agent\'s true state met some sanction\'s entry condition at some time in the run' },
  FLAG_EXPOSED_SHIFT: { doc: 'the agent\'s records in store k leaked in a breach', width: STORES.length, meaning: () => STORES },
  HOUSEHOLD_OFFSET_MASK: { doc: 'offset of the agent from its household\'s first member' },
  HOUSEHOLD_SPEECH_PENALISED: { doc: 'a member of the agent\'s household, the agent included, has been penalised for a post (chilling)' },
  HOUSEHOLD_STATUS_ACTIVE: { doc: 'the agent is under some sanction or perk' },
};

/** Names of the bit constants exported by engine/columns.ts that the tables render. */
export function bitConstants(): string[] {
  const all = Object.keys(columns).filter((k) => /^(FLAG|HOUSEHOLD)_/.test(k));
  return all.filter((k) => !(k.endsWith('_MASK') && all.includes(k.replace(/_MASK$/, '_SHIFT'))));
}

/** Constants that BIT_FIELDS does not describe (a test keeps this empty). */
export function undescribedBitConstants(): string[] {
  return bitConstants().filter((k) => BIT_FIELDS[k] === undefined);
}

function bitRange(lo: number, hi: number): string {
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

function bitRows(prefix: 'FLAG' | 'HOUSEHOLD', plan: SimulationPlan): string[][] {
  const values = columns as unknown as Record<string, number>;
  return bitConstants().filter((k) => k.startsWith(`${prefix}_`)).map((k) => {
    const field = BIT_FIELDS[k];
    const value = values[k];
    let lo: number;
    let hi: number;
    if (k.endsWith('_SHIFT')) {
      const mask = values[k.replace(/_SHIFT$/, '_MASK')];
      const width = field?.width ?? (mask === undefined ? 1 : (mask >>> value).toString(2).replace(/0/g, '').length);
      [lo, hi] = [value, value + width - 1];
    } else {
      lo = Math.log2(value & -value);
      hi = 31 - Math.clz32(value);
    }
    const meaning = field?.meaning?.(plan) ?? [];
    const inScenario = meaning.length === 0 ? '—' : meaning.map((m, i) => `${lo + i}: ${m}`).join(', ');
    return [code(k), bitRange(lo, hi), field?.doc ?? '(not described by the ODD generator)', inScenario];
  }).sort((a, b) => parseInt(a[1], 10) - parseInt(b[1], 10));
}

/** The typed arrays behind the agent table, measured on a one-agent table. */
function storage(): string {
  const one = new AgentTable(allocateColumns(1));
  const arrays = Object.entries(one).filter(([, v]) => ArrayBuffer.isView(v)) as [string, Int32Array | Int16Array | Uint8Array][];
  const parts = arrays.map(([name, a]) => `${code(name)} (${a.constructor.name}, ${a.length * a.BYTES_PER_ELEMENT} byte${a.length * a.BYTES_PER_ELEMENT === 1 ? '' : 's'} per agent)`);
  return `The columns are stored as ${parts.join(', ')}: ${BYTES_PER_AGENT} bytes per agent (\`BYTES_PER_AGENT\`).`;
}

export function entitiesSection(spec: ScenarioSpec, plan: SimulationPlan, configured: readonly Mechanism<any, any>[]): string {
  const pop = spec.population;
  const layout = plan.layout;
  const G = plan.groups.length;
  const groupAgents = (g: number) => plan.regions.reduce((acc, _, r) => acc + layout.regionGroupCount[r * G + g], 0);
  const residents = (r: number) => layout.regionStart[r + 1] - layout.regionStart[r];
  const cameras = spec.cameras as CamerasConfig | undefined;
  const out: string[] = ['## 2. Entities, state variables and scales', ''];

  out.push('**Entities.**', '');
  out.push(`- **Agents**: ${num(layout.agents)} synthetic persons, rows 0..${num(layout.agents - 1)} of the agent columns. Each has an age class (${names(AGE_CLASSES)}), a household, a group and a region; none has a name, an image or any attribute beyond those below.`);
  out.push(`- **Households**: groups of 1 to ${pop.households.sizeShares.length} co-resident agents, formed at initialization (§5); they never cross a region or a group.`);
  out.push(`- **Groups** (${G}): synthetic labels used to measure disparate impact. They do not act.`);
  out.push(`- **Regions** (${plan.regions.length}): places with a kind, a share of the population and a camera density. They are not spatially explicit: there are no coordinates or distances, only membership.`);
  out.push(`- **The regime**: the configured mechanisms (${names(configured.map((m) => m.key))}), with global state: the score model (grades ${names(plan.vocabulary.score.grades)}), lists (${names(plan.vocabulary.lists)}), sanctions (${names(plan.vocabulary.sanctions)}), perks (${names(plan.vocabulary.perks)})${configured.some((m) => m.key === 'monitoring') ? ', the flagged-post count of each region (seen by all the next day)' : ''}, and the data stores a breach can leak (${names(STORES)}).`);
  out.push('');

  out.push(table(['group', 'share', 'concentrated in', 'agents'], pop.groups.map((g, i) => [code(g.name), String(g.share), names(g.concentratedIn), num(groupAgents(i))])));
  out.push('');
  const ramp = cameras !== undefined && cameras.rampTo !== 1 ? cameras.rampTo : undefined;
  const regionHeader = ['region', 'kind', 'share', 'cameras per 1,000 (day 1)', ...(ramp === undefined ? [] : [`cameras per 1,000 (day ${plan.days})`]), 'residents', ...plan.groups.map((g) => `of them ${g}`)];
  out.push(table(regionHeader, pop.regions.map((r, i) => [
    code(r.name), code(r.kind), String(r.share), String(r.camerasPer1000), ...(ramp === undefined ? [] : [num(+(r.camerasPer1000 * ramp).toFixed(2))]), num(residents(i)),
    ...plan.groups.map((_, g) => num(layout.regionGroupCount[i * G + g])),
  ])));
  out.push('', `Segregation is ${pop.segregation}: agent counts follow the shares, moved towards each group's \`concentratedIn\` regions by that weight (largest-remainder rounding).`, '');

  out.push('**State variables of an agent** (columns of `src/engine/columns.ts`; read and written by the configured mechanisms as they declare):', '');
  const columnNames = Object.keys(COLUMN_DOCS) as ColumnName[];
  const by = (kind: 'reads' | 'writes', c: ColumnName) => names(configured.filter((m) => m[kind].includes(c)).map((m) => m.key));
  out.push(table(['column', 'meaning', 'read by', 'written by'], columnNames.map((c) => [code(c), COLUMN_DOCS[c](plan), by('reads', c), by('writes', c)])));
  out.push('', storage(), '');
  out.push('Bits of `flags` (the last column names the bits this scenario uses):', '');
  out.push(table(['constant', 'bits', 'meaning', 'in this scenario'], bitRows('FLAG', plan)));
  out.push('', 'Bits of `household`:', '');
  out.push(table(['constant', 'bits', 'meaning'], [...bitRows('HOUSEHOLD', plan).map((r) => r.slice(0, 3)), ['(age class)', '6–7', `age class: ${AGE_CLASSES.map((a, i) => `${i} ${a}`).join(', ')}`]]));
  out.push('');
  out.push('Not stored but derived: an agent\'s region and group follow from its row through the layout (contiguous segments of one region and one group); its propensity for each behaviour follows from the seed, the behaviour\'s position and the row (a keyed permutation, §4.9). Age class, household, region and group never change; job and pet can only be lost.', '');

  out.push('**Scales.**', '');
  out.push(`- Time: one step is one day; the run lasts ${num(plan.days)} days (day 0 holds the starting state).`);
  out.push(`- Population: ${num(layout.agents)} agents in ${num(layout.blocks)} block${layout.blocks === 1 ? '' : 's'} of up to ${num(BLOCK_SIZE)} rows, the unit of randomness and of parallel work.`);
  out.push(`- Space: ${plan.regions.length} region${plan.regions.length === 1 ? '' : 's'} of kind${plan.regionKinds.length === 1 ? '' : 's'} ${names(plan.regionKinds)}; membership only, no distances or neighbourhoods.`);
  return out.join('\n');
}
