// Charts of daily series from daily.csv: active sanctions, wrongful against rightful sanctions,
// household spill-over and chilled speech, each by group over the days of the run.
import * as Plot from '@observablehq/plot';
import { cumulative, hasData, itemsOf, per1000, replicateNote, series, type DayPoint, type ReportContext, byGroupText } from './data.ts';
import { formatPercent, percentWithInterval, withInterval } from './format.ts';
import { chartFigure, emptyFigure, groupColors, renderPlot, RIGHTFUL, WRONGFUL } from './plot.ts';

function groupLines(ctx: ReportContext, points: DayPoint[], yLabel: string, ariaLabel: string, percent = false): string {
  return renderPlot({
    height: 300,
    ariaLabel,
    x: { label: 'day of the run' },
    y: { label: yLabel, grid: true, zero: true, ...(percent ? { tickFormat: '%' } : {}) },
    color: { ...groupColors(ctx.groups), legend: true },
    marks: [
      Plot.lineY(points, { x: 'day', y: 'value', stroke: 'group', strokeWidth: 2, tip: false }),
      Plot.ruleY([0]),
    ],
  });
}

/** Agents under a sanction on each day, per 1,000 agents of each group. */
export function sanctionsChart(ctx: ReportContext): string {
  const text = {
    id: 'sanctions-over-time',
    title: 'Sanctions over time',
    caption: `Synthetic agents under at least one sanction on each day, per 1,000 agents of their group. ${replicateNote(ctx.daily)}.`,
  };
  if (itemsOf(ctx.spec, 'sanctions').length === 0 && !hasData(ctx.daily, 'sanctionsActive')) return emptyFigure(text, 'This scenario configures no sanctions, so no agent was sanctioned.');
  if (!hasData(ctx.daily, 'sanctionsActive')) return emptyFigure(text, 'No agent was under a sanction at any time in this run.');
  return chartFigure(text, groupLines(ctx, series(ctx.daily, 'sanctionsActive', per1000(ctx.sizes)), 'sanctioned agents per 1,000', 'Line chart of sanctioned agents per 1,000 by group and day'));
}

/** Active sanctions split into wrongful and rightful, stacked, one panel per group. */
export function wrongfulChart(ctx: ReportContext): string {
  const { summary, daily, groups } = ctx;
  const totals = groups.map((g) => {
    const entered = summary.counts.sanctionsEntered?.byGroup[g] ?? 0;
    const wrongful = summary.counts.wrongfulEntered?.byGroup[g] ?? 0;
    return `${g}: ${entered > 0 ? formatPercent(wrongful / entered) : 'none'} of sanctions imposed were wrongful`;
  });
  const text = {
    id: 'wrongful-sanctions',
    title: 'Wrongful against rightful sanctions',
    caption: `Agents under a sanction on each day, per 1,000 agents of their group, split by whether the sanction is wrongful (the agent's true record would not have triggered it: misidentified by a camera, flagged by a censor's mistake, or charged through a fraudulent phone number) or rests on the true record. ${totals.join('; ')}. ${replicateNote(daily)}.`,
  };
  if (!hasData(daily, 'sanctionsActive')) return emptyFigure(text, 'No agent was under a sanction at any time in this run, wrongfully or not.');
  const rate = per1000(ctx.sizes);
  const all = series(daily, 'sanctionsActive', rate);
  const wrong = series(daily, 'wrongfulActive', rate);
  const points = all.flatMap((p, i) => [
    { ...p, kind: 'wrongful', value: wrong[i]?.value ?? 0 },
    { ...p, kind: 'backed by the true record', value: Math.max(0, p.value - (wrong[i]?.value ?? 0)) },
  ]);
  const chart = renderPlot({
    height: 150 * groups.length + 40,
    ariaLabel: 'Stacked area chart of wrongful and rightful sanctions per 1,000 by group and day',
    x: { label: 'day of the run' },
    y: { label: 'sanctioned agents per 1,000', grid: true },
    fy: { label: null, domain: groups },
    color: { domain: ['wrongful', 'backed by the true record'], range: [WRONGFUL, RIGHTFUL], legend: true },
    marginRight: 90,
    marks: [
      Plot.areaY(points, { x: 'day', y: 'value', fill: 'kind', fy: 'group', order: ['wrongful', 'backed by the true record'] }),
      Plot.ruleY([0]),
    ],
  });
  return chartFigure(text, chart);
}

/** Household members reached by sanctions' household effects, cumulated, per 1,000 agents. */
export function spilloverChart(ctx: ReportContext): string {
  const per = byGroupText(ctx, 'spilloverPerSanction', withInterval);
  const text = {
    id: 'spillover',
    title: 'Spill-over to households',
    caption: `Household members (often children barred from schools) reached by the household effects of another member's sanction, added up over the run, per 1,000 agents of the sanctioned agent's group. Members reached per sanctioned agent: ${per}. ${replicateNote(ctx.daily)}.`,
  };
  const withHousehold = itemsOf(ctx.spec, 'sanctions').some((s) => Array.isArray(s.householdFlags) && s.householdFlags.length > 0);
  if (!hasData(ctx.daily, 'spilloverMembers')) {
    return emptyFigure(text, withHousehold || ctx.spec === undefined
      ? 'No household member was reached by another member\'s sanction in this run.'
      : 'No sanction in this scenario has household effects, so no household member was reached.');
  }
  const points = cumulative(series(ctx.daily, 'spilloverMembers', per1000(ctx.sizes)));
  return chartFigure(text, groupLines(ctx, points, 'household members reached per 1,000 (cumulative)', 'Line chart of household members reached by sanctions per 1,000 by group and day'));
}

/** Share of lawful speech not posted, over trailing 7-day windows. */
export function chillingChart(ctx: ReportContext): string {
  const byGroup = byGroupText(ctx, 'chillingEffect', percentWithInterval);
  const text = {
    id: 'chilling',
    title: 'Chilling of speech',
    caption: `Share of lawful posts that synthetic agents would have written but did not, because they were monitored or had been penalised for speech (trailing 7-day windows). Over the whole run: ${byGroup}. ${replicateNote(ctx.daily)}.`,
  };
  if (!hasData(ctx.daily, 'speechDrawn')) return emptyFigure(text, 'This scenario has no speech behaviours, so no speech could be chilled.');
  if (!hasData(ctx.daily, 'speechChilled')) return emptyFigure(text, 'No speech was chilled in this run: nothing monitored or penalised speech.');
  const drawn = series(ctx.daily, 'speechDrawn');
  const chilled = series(ctx.daily, 'speechChilled');
  const G = ctx.groups.length;
  const points = drawn.map((p, i) => {
    let d = 0;
    let c = 0;
    for (let k = i; k >= 0 && k > i - 7 * G; k -= G) {
      d += drawn[k].value;
      c += chilled[k].value;
    }
    return { ...p, value: d > 0 ? c / d : NaN };
  });
  return chartFigure(text, groupLines(ctx, points, 'speech not posted', 'Line chart of the share of speech chilled by group and day', true));
}
