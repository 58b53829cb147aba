// The Methods section, generated from the scenario as parsed (defaults filled in) and the run record:
// size, time, seeds, the population, every configured mechanism with its parameters; provenance.
import { MECHANISMS } from '../mechanisms/index.ts';
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { ScenarioSpec } from '../scenario/schema.ts';
import { escapeHtml, formatCount } from './format.ts';

type Plain = Record<string, unknown>;
const isPlain = (x: unknown): x is Plain => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTableLike = (x: unknown): x is Plain[] => Array.isArray(x) && x.length > 0 && x.every(isPlain);

/** A parameter value on one line: lists joined by commas, maps as "key: value". */
function inline(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(inline).join(', ');
  if (isPlain(v)) {
    const entries = Object.entries(v);
    return entries.length === 0 ? '—' : entries.map(([k, x]) => `${k}: ${inline(x)}`).join('; ');
  }
  return String(v);
}

/** Parameters as HTML: a list of items becomes a table with a column per key, a map a key/value table. */
export function parametersHtml(v: unknown): string {
  if (isTableLike(v)) {
    const keys = [...new Set(v.flatMap((item) => Object.keys(item)))];
    const head = keys.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join('');
    const rows = v.map((item) => `<tr>${keys.map((k) => `<td>${isTableLike(item[k]) ? parametersHtml(item[k]) : escapeHtml(inline(item[k]))}</td>`).join('')}</tr>`);
    return `<table class="params"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  }
  if (isPlain(v)) {
    const rows = Object.entries(v).map(([k, x]) => {
      const cell = isTableLike(x) || (isPlain(x) && Object.values(x).some((y) => isPlain(y) || isTableLike(y))) ? parametersHtml(x) : escapeHtml(inline(x));
      return `<tr><th scope="row">${escapeHtml(k)}</th><td>${cell}</td></tr>`;
    });
    return `<table class="params"><tbody>${rows.join('')}</tbody></table>`;
  }
  return `<p>${escapeHtml(inline(v))}</p>`;
}

function runFacts(record: RunRecord, summary: ReplicatedSummary, spec?: ScenarioSpec): string {
  const differs = (ran: number, declared: number | undefined, flag: string) =>
    declared !== undefined && declared !== ran ? ` (the scenario declares ${formatCount(declared)}; this run used ${flag})` : '';
  const facts: [string, string][] = [
    ['scenario', `${record.scenario}${spec?.description ? ` — ${spec.description.trim()}` : ''}`],
    ['population size', `${formatCount(record.agents)} synthetic agents${differs(record.agents, spec?.agents, '--agents')}`],
    ['days simulated', `${formatCount(record.days)}${differs(record.days, spec?.days, '--days')}`],
    ['seed', `${record.seed}${differs(record.seed, spec?.seed, '--seed')}`],
    ['replicates', record.replicates > 1 ? `${record.replicates}, with seeds ${record.seeds.join(', ')}; intervals are t-based 95 % confidence intervals of the mean across replicates` : '1 (no intervals)'],
    ['worker threads', `${record.workers} (results do not depend on it)`],
    ['run time', `${summary.elapsedSeconds.toFixed(2)} s`],
  ];
  return `<table class="params"><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
}

function populationHtml(spec: ScenarioSpec): string {
  const { groups, regions, ...rest } = spec.population;
  return `<h3>Population</h3>
<p>Agents are generated, not sampled from any real register: each belongs to a synthetic group and a region and lives in a household, drawn from the shares below.</p>
<h4>Groups</h4>${parametersHtml(groups)}
<h4>Regions</h4>${parametersHtml(regions)}
<h4>Other population parameters</h4>${parametersHtml(rest)}`;
}

function mechanismsHtml(spec: ScenarioSpec): string {
  const configured = MECHANISMS.filter((m) => spec[m.key] !== undefined);
  if (configured.length === 0) return '<p>No mechanism is configured.</p>';
  return configured.map((m) => `<section class="mechanism" data-mechanism="${escapeHtml(m.key)}">
<h4>${escapeHtml(m.key)}</h4>
<p>${escapeHtml(m.doc)}</p>
${parametersHtml(spec[m.key])}
</section>`).join('\n');
}

/** The Methods section: the run, the population and each configured mechanism. */
export function methodsHtml(record: RunRecord, summary: ReplicatedSummary, spec?: ScenarioSpec): string {
  const scenario = spec === undefined
    ? '<p>The scenario could not be read back from the run record, so its parameters are not listed; see the scenario file named under Provenance.</p>'
    : `${populationHtml(spec)}
<h3>Mechanisms</h3>
<p>The mechanisms this scenario configures, in the order they act within a day, with their parameters as the simulator read them (defaults filled in). The sources the scenario file quotes in its comments are not part of the parsed scenario and are not repeated here; see the scenario file.</p>
${mechanismsHtml(spec)}`;
  return `<section id="methods">
<h2>Methods</h2>
<h3>The run</h3>
${runFacts(record, summary, spec)}
${scenario}
</section>`;
}

/** Where the numbers come from: the simulator version and the exact scenario. */
export function provenanceHtml(record: RunRecord): string {
  const rows: [string, string][] = [
    ['scoresim version', record.scoresim],
    ['scenario file', record.scenarioFile],
    ['scenario SHA-256', record.scenarioSha256],
    ['seeds', record.seeds.join(', ')],
    ['reproduce', `scoresim run ${record.scenarioFile} --agents ${record.agents} --days ${record.days} --seed ${record.seed}${record.replicates > 1 ? ` --replicates ${record.replicates}` : ''}`],
  ];
  return `<section id="provenance">
<h2>Provenance</h2>
<table class="params"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`).join('')}</tbody></table>
</section>`;
}
