// The billboard: the sampled synthetic agents a sanction put on a public billboard on the last day,
// drawn as billboard panels, with the listings that rest on a wrongful sanction marked.
import * as Plot from '@observablehq/plot';
import type { BillboardEntry } from '../engine/runner.ts';
import { itemsOf, type ReportContext } from './data.ts';
import { escapeHtml, formatCount } from './format.ts';
import { chartFigure, emptyFigure, renderPlot, WRONGFUL, WIDTH } from './plot.ts';

const COLUMNS = 4;
const LABELS = { wrongful: 'wrongful listing', rightful: 'listing backed by the true record' };

function panelText(e: BillboardEntry): string {
  return [
    `SYNTHETIC AGENT #${e.agent}`,
    `${e.group} · ${e.region}`,
    e.sanctions.join(', '),
    `score ${e.score} (true ${e.trueScore})`,
    e.wrongful ? '✗ WRONGFUL LISTING' : 'listing backed by record',
  ].join('\n');
}

function billboardTable(entries: BillboardEntry[]): string {
  const rows = entries.map((e) => `<tr${e.wrongful ? ' class="outside-row"' : ''}><td class="num">${e.agent}</td><td>${escapeHtml(e.group)}</td><td>${escapeHtml(e.region)}</td><td>${escapeHtml(e.sanctions.join(', '))}</td><td class="num">${e.score}</td><td class="num">${e.trueScore}</td><td>${e.wrongful ? '<strong class="outside">wrongful</strong>' : 'backed by the true record'}</td></tr>`);
  return `<details><summary>The same synthetic agents as a table</summary><table class="compact">
<thead><tr><th scope="col">synthetic agent</th><th scope="col">group</th><th scope="col">region</th><th scope="col">sanctions</th><th scope="col">recorded score</th><th scope="col">true score</th><th scope="col">listing</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></details>`;
}

export function billboardChart(ctx: ReportContext): string {
  const entries = ctx.summary.billboard ?? [];
  const wrongful = entries.filter((e) => e.wrongful).length;
  const exposures = ctx.summary.metrics.billboardExposures?.overall ?? 0;
  const text = {
    id: 'billboard',
    title: 'Billboard of synthetic agents',
    caption: `These are synthetic agents of the simulation, not real people: a sample of those a sanction displayed on a public billboard on the last day${ctx.summary.replicates > 1 ? ' of the first replicate' : ''}. Red panels are wrongful listings: the agent's true record would not have led to the sanction that put them there. ${entries.length ? `${wrongful} of the ${entries.length} shown are wrongful.` : ''} Person-days on billboards over the run: ${formatCount(exposures)}.`,
  };
  const onBillboard = itemsOf(ctx.spec, 'sanctions').some((s) => s.billboard === true);
  if (entries.length === 0) {
    return emptyFigure(text, onBillboard || ctx.spec === undefined
      ? 'No synthetic agent was on a billboard on the last day of the run.'
      : 'No sanction in this scenario displays agents on a billboard.');
  }
  const panels = entries.map((e, i) => ({ ...e, col: i % COLUMNS, row: Math.floor(i / COLUMNS), status: e.wrongful ? LABELS.wrongful : LABELS.rightful, text: panelText(e) }));
  const rows = Math.ceil(entries.length / COLUMNS);
  const chart = renderPlot({
    width: WIDTH,
    height: rows * 104 + 20,
    ariaLabel: `Billboard of ${entries.length} synthetic agents, ${wrongful} wrongfully listed`,
    x: { axis: null, domain: [...Array(COLUMNS).keys()], padding: 0.06 },
    y: { axis: null, domain: [...Array(rows).keys()], padding: 0.08 },
    color: { domain: [LABELS.wrongful, LABELS.rightful], range: [WRONGFUL, '#2b2f36'], legend: true },
    margin: 4,
    marks: [
      Plot.cell(panels, { x: 'col', y: 'row', fill: 'status', rx: 4 }),
      Plot.text(panels, { x: 'col', y: 'row', text: 'text', fill: 'white', fontSize: 11, lineHeight: 1.25, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }),
    ],
  });
  return chartFigure(text, chart, billboardTable(entries));
}
