// The report's tables and its lead: key findings in sentences, the key metrics and every metric by
// group, each value with its 95 % interval when the run has replicates.
import { METRIC_DOCS } from '../metrics/summary.ts';
import { groupOf, overallOf, type ReportContext } from './data.ts';
import type { ImpactRow } from './disparate.ts';
import { escapeHtml, formatNumber, percentWithInterval, withInterval, words } from './format.ts';

/** Metrics of the key findings table, in the order a reader meets the harms. */
export const KEY_METRICS = [
  'sanctionRate', 'wrongfulSanctionRate', 'sanctionFalsePositiveRate', 'erroneousRecordsPerAgent',
  'gateDenialsPer1000', 'wrongfulGateDenialsPer1000', 'spilloverPerSanction', 'chillingEffect',
  'breachExposedShare', 'billboardExposures',
] as const;

function metricRow(ctx: ReportContext, name: string): string {
  const overall = overallOf(ctx.summary, name);
  if (overall === undefined) return '';
  const cells = [withInterval(overall.value, overall.interval), ...ctx.groups.map((g) => {
    const v = groupOf(ctx.summary, name, g);
    return v === undefined ? '—' : withInterval(v.value, v.interval);
  })];
  return `<tr><th scope="row">${escapeHtml(words(name))}<div class="doc">${escapeHtml(METRIC_DOCS[name] ?? '')}</div></th>${cells.map((c) => `<td class="num">${c}</td>`).join('')}</tr>`;
}

function metricTable(ctx: ReportContext, names: readonly string[], caption: string): string {
  const header = ['measure', 'all agents', ...ctx.groups].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const note = ctx.summary.replicates > 1
    ? `mean [95 % confidence interval] over ${ctx.summary.replicates} replicates`
    : 'one run: no intervals (run with --replicates to get them)';
  return `<table><caption>${escapeHtml(caption)} (${note})</caption>
<thead><tr>${header}</tr></thead>
<tbody>${names.map((n) => metricRow(ctx, n)).join('\n')}</tbody></table>`;
}

export function keyMetricsTable(ctx: ReportContext): string {
  return metricTable(ctx, KEY_METRICS.filter((n) => n in ctx.summary.metrics), 'Key findings by group');
}

export function allMetricsTable(ctx: ReportContext): string {
  return metricTable(ctx, Object.keys(ctx.summary.metrics), 'Every measure of the run by group');
}

function share(ctx: ReportContext, name: string, group?: string): string | undefined {
  const v = group === undefined ? overallOf(ctx.summary, name) : groupOf(ctx.summary, name, group);
  return v === undefined ? undefined : percentWithInterval(v.value, v.interval);
}

/** The findings in sentences, for a reader who stops after the first screen. */
export function leadFindings(ctx: ReportContext, impact: ImpactRow[]): string {
  const s = ctx.summary;
  const items: string[] = [];
  const sanctioned = share(ctx, 'sanctionRate');
  const wrongful = share(ctx, 'wrongfulSanctionRate');
  if (sanctioned !== undefined && wrongful !== undefined) {
    items.push(`${sanctioned} of the synthetic agents were sanctioned at some point; ${wrongful} were sanctioned wrongfully, for things their true record does not contain.`);
  }
  const clear = share(ctx, 'sanctionFalsePositiveRate');
  if (clear !== undefined) items.push(`Of the agents whose true record never met a sanction's condition, ${clear} were sanctioned all the same.`);
  const byGroup = ctx.groups.map((g) => `${g} ${share(ctx, 'wrongfulSanctionRate', g) ?? '—'}`);
  if (ctx.groups.length > 1) items.push(`Wrongful sanctions by group: ${byGroup.join('; ')}.`);
  const gates = overallOf(s, 'wrongfulGateDenialsPer1000');
  if (gates !== undefined && gates.value > 0) items.push(`${withInterval(gates.value, gates.interval)} of every 1,000 attempts to pass a gate (travel, phone, job, school) were denied wrongly.`);
  const chilled = overallOf(s, 'chillingEffect');
  if (chilled !== undefined && chilled.value > 0) items.push(`${percentWithInterval(chilled.value, chilled.interval)} of lawful posts were never written because agents were watched or had been penalised for speech.`);
  const exposed = overallOf(s, 'breachExposedShare');
  if (exposed !== undefined && exposed.value > 0) items.push(`${percentWithInterval(exposed.value, exposed.interval)} of agents had records leaked in the breach.`);
  const outside = impact.filter((r) => r.outside);
  const applicable = impact.filter((r) => r.applicable);
  if (applicable.length > 0) {
    items.push(outside.length === 0
      ? `Every one of the ${applicable.length} group disparities measured lies inside the ${formatNumber(ctx.band[0])}–${formatNumber(ctx.band[1])} band.`
      : `${outside.length} of ${applicable.length} group disparities lie outside the ${formatNumber(ctx.band[0])}–${formatNumber(ctx.band[1])} band: ${outside.map((r) => `${r.label} (${withInterval(r.value, r.interval)}, ${r.lowest} lowest)`).join('; ')}.`);
  }
  return `<ul class="lead">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}</ul>`;
}
