// The disparate-impact panel: each rate's ratio between the lowest and the highest group, with its
// interval, against the band read as parity; points outside the band are marked.
import * as Plot from '@observablehq/plot';
import { METRIC_DOCS } from '../metrics/summary.ts';
import type { Interval } from '../metrics/intervals.ts';
import type { ReportContext } from './data.ts';
import { escapeHtml, formatNumber, withInterval, words } from './format.ts';
import { chartFigure, emptyFigure, renderPlot, WRONGFUL } from './plot.ts';

/** One rate's disparate impact with what the panel and the table show of it. */
export interface ImpactRow {
  metric: string;
  label: string;
  value: number;
  interval?: Interval;
  difference: number;
  lowest: string;
  highest: string;
  /** false when no group had any of it (the ratio is then 1 by convention and means nothing) */
  applicable: boolean;
  outside: boolean;
}

export function impactRows(ctx: ReportContext): ImpactRow[] {
  const { summary, band } = ctx;
  return Object.entries(summary.disparateImpact).map(([metric, value]) => {
    const byGroup = Object.entries(summary.metrics[metric]?.byGroup ?? {}).filter(([g]) => (ctx.sizes[g] ?? 1) > 0);
    const sorted = [...byGroup].sort((a, b) => a[1] - b[1]);
    const applicable = sorted.some(([, v]) => v !== 0);
    return {
      metric, label: words(metric), value,
      interval: summary.disparateImpactInterval?.[metric],
      difference: summary.rateDifference[metric] ?? 0,
      lowest: sorted[0]?.[0] ?? '',
      highest: sorted[sorted.length - 1]?.[0] ?? '',
      applicable,
      outside: applicable && (value < band[0] || value > band[1]),
    };
  });
}

function impactTable(ctx: ReportContext, rows: ImpactRow[]): string {
  const body = rows.map((r) => {
    const verdict = !r.applicable ? 'not applicable (no group had any)' : r.outside ? '<strong class="outside">outside the band</strong>' : 'inside the band';
    return `<tr${r.outside ? ' class="outside-row"' : ''}><th scope="row">${escapeHtml(r.label)}<div class="doc">${escapeHtml(METRIC_DOCS[r.metric] ?? '')}</div></th>`
      + `<td class="num">${r.applicable ? withInterval(r.value, r.interval) : '—'}</td><td class="num">${formatNumber(r.difference)}</td>`
      + `<td>${escapeHtml(r.applicable ? `${r.lowest} / ${r.highest}` : '—')}</td><td>${verdict}</td></tr>`;
  });
  return `<table><caption>Disparate impact: the rate in the group with the lowest rate divided by the rate in the group with the highest${ctx.summary.replicates > 1 ? ` (mean [95 % interval] of ${ctx.summary.replicates} replicates)` : ''}; band ${formatNumber(ctx.band[0])} to ${formatNumber(ctx.band[1])}</caption>
<thead><tr><th scope="col">rate</th><th scope="col">ratio lowest / highest</th><th scope="col">difference highest − lowest</th><th scope="col">lowest / highest group</th><th scope="col">against the band</th></tr></thead>
<tbody>${body.join('\n')}</tbody></table>`;
}

/** The panel and its table. */
export function disparateChart(ctx: ReportContext): string {
  const [lo, hi] = ctx.band;
  const rows = impactRows(ctx);
  const shown = rows.filter((r) => r.applicable);
  const skipped = rows.filter((r) => !r.applicable).map((r) => r.label);
  const outside = shown.filter((r) => r.outside).map((r) => r.label);
  const text = {
    id: 'disparate-impact',
    title: 'Disparate impact against the band',
    caption: `For each rate, the lowest group's rate divided by the highest group's (1 means every group bears it equally). The shaded band, ${formatNumber(lo)} to ${formatNumber(hi)}, is read as parity (after the four-fifths rule); points outside it are drawn in red and labelled.${ctx.summary.replicates > 1 ? ' Horizontal bars are 95 % intervals across replicates, cut at 0; with few replicates they are wide.' : ''} ${outside.length ? `Outside the band: ${outside.join(', ')}.` : 'Every rate is inside the band.'}${skipped.length ? ` Not shown because no group had any: ${skipped.join(', ')}.` : ''}`,
  };
  const table = impactTable(ctx, rows);
  if (shown.length === 0) return emptyFigure(text, 'No rate was above zero in any group, so there is no disparity to measure.', table);
  const points = shown.map((r) => ({
    label: r.label,
    value: r.value,
    lo: Math.max(0, r.interval?.ciLow ?? r.value),
    hi: r.interval?.ciHigh ?? r.value,
    status: r.outside ? 'outside the band' : 'inside the band',
    note: `${formatNumber(r.value)}${r.outside ? ' outside' : ''}`,
  }));
  const top = Math.max(hi + 0.1, 1.3, ...points.map((p) => p.hi));
  const chart = renderPlot({
    height: 60 + 34 * points.length,
    ariaLabel: 'Dot plot of disparate-impact ratios with intervals against the parity band',
    x: { label: 'lowest group rate ÷ highest group rate', domain: [0, top], grid: true },
    y: { label: null, domain: points.map((p) => p.label) },
    color: { domain: ['inside the band', 'outside the band'], range: ['#1d1d1f', WRONGFUL], legend: true },
    marginLeft: 210,
    marginRight: 20,
    marks: [
      Plot.rectX([{ x1: lo, x2: hi }], { x1: 'x1', x2: 'x2', fill: '#3ca951', fillOpacity: 0.15 }),
      Plot.ruleX([1], { stroke: '#3ca951', strokeDasharray: '4,3' }),
      Plot.ruleY(points, { y: 'label', x1: 'lo', x2: 'hi', stroke: 'status', strokeWidth: 2, strokeOpacity: 0.6 }),
      Plot.dot(points, { x: 'value', y: 'label', fill: 'status', r: 5, symbol: (p: { status: string }) => (p.status === 'outside the band' ? 'diamond' : 'circle') }),
      Plot.text(points, { x: 'value', y: 'label', text: 'note', dy: -11, fontSize: 10, fill: 'status' }),
    ],
  });
  return chartFigure(text, chart, table);
}
