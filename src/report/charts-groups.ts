// Charts comparing groups at the end of the run: recorded against true score distributions, gate
// outcomes per gate, and the share of agents exposed by the breach.
import * as Plot from '@observablehq/plot';
import { countOf, configOf, gateNames, groupOf, type ReportContext, byGroupText } from './data.ts';
import { escapeHtml, formatCount, percentWithInterval, withInterval } from './format.ts';
import { chartFigure, emptyFigure, groupColors, renderPlot, RIGHTFUL, WRONGFUL } from './plot.ts';

const TARGET_BINS = 70;

function gradesOf(ctx: ReportContext): { name: string; min: number }[] {
  const scoring = configOf(ctx.spec, 'scoring') as { grades?: { name: string; min: number }[] } | undefined;
  return scoring?.grades ?? [];
}

/** Recorded and true score distributions by group, binned, as shares of the group (log scale). */
export function scoreChart(ctx: ReportContext): string {
  const { min, recorded, true: truth } = ctx.summary.scoreHistogram;
  const text = {
    id: 'score-distribution',
    title: 'Score distribution by group: recorded against true',
    caption: `Share of each group's synthetic agents at each score on the last day (log scale, scores in bins). The recorded score is what the system holds, errors included; the true score is what the agent's actual behaviour would have earned. Where the recorded line lies left of the true one, agents were marked down for things they did not do. The wide green line is the true score, the thin blue line the recorded score; a bin on the bottom line holds no agent. Dotted lines mark the grade thresholds.${ctx.summary.replicates > 1 ? ' First replicate.' : ''}`,
  };
  const groups = ctx.groups.filter((g) => (recorded[g]?.length ?? 0) > 0);
  if (groups.length === 0) return emptyFigure(text, 'This run recorded no score distribution.');
  const length = Math.max(...groups.map((g) => recorded[g].length));
  const width = Math.max(1, Math.ceil(length / TARGET_BINS));
  const bins: { group: string; kind: string; score: number; share: number }[] = [];
  for (const [kind, histogram] of [['recorded score', recorded], ['true score', truth]] as const) {
    for (const group of groups) {
      const counts = histogram[group] ?? [];
      const total = counts.reduce((a, b) => a + b, 0);
      for (let b = 0; b < length; b += width) {
        let n = 0;
        for (let k = b; k < Math.min(length, b + width); k++) n += counts[k] ?? 0;
        bins.push({ group, kind, score: min + b, share: total > 0 ? n / total : 0 });
      }
    }
  }
  // empty bins sit on the floor of the log scale, so a lone agent far down the scale still shows
  const smallest = Math.min(...bins.filter((p) => p.share > 0).map((p) => p.share));
  const floor = 10 ** Math.floor(Math.log10(smallest));
  const points = bins.map((p) => ({ ...p, share: Math.max(p.share, floor) }));
  const lo = min;
  const hi = min + length;
  const grades = gradesOf(ctx).filter((g) => g.min > lo && g.min < hi).sort((a, b) => a.min - b.min);
  const labelled = grades.filter((g, i) => i === 0 || g.min - grades[i - 1].min >= (hi - lo) / 30);
  const chart = renderPlot({
    height: 170 * groups.length + 60,
    ariaLabel: 'Line chart of recorded and true score distributions by group',
    x: { label: `score (bins of ${width} point${width === 1 ? '' : 's'})`, domain: [lo, hi] },
    y: { type: 'log', label: 'share of the group', grid: true, tickFormat: '~%', domain: [floor, 1] },
    fy: { label: null, domain: groups },
    color: { domain: ['recorded score', 'true score'], range: ['#1f4fbf', '#3ca951'], legend: true },
    marginLeft: 60,
    marginRight: 80,
    marks: [
      Plot.tickX(grades, { x: 'min', stroke: '#999', strokeDasharray: '2,3' }),
      Plot.text(labelled, { x: 'min', text: 'name', frameAnchor: 'top', dy: 4, dx: 3, textAnchor: 'start', fill: '#666', fontSize: 10 }),
      Plot.lineY(points.filter((p) => p.kind === 'true score'), { x: 'score', y: 'share', fy: 'group', stroke: 'kind', strokeWidth: 4, strokeOpacity: 0.55, curve: 'step-after' }),
      Plot.lineY(points.filter((p) => p.kind === 'recorded score'), { x: 'score', y: 'share', fy: 'group', stroke: 'kind', strokeWidth: 1.5, curve: 'step-after' }),
    ],
  });
  return chartFigure(text, chart);
}

const OUTCOMES = [
  { key: 'rightly', label: 'denied by policy (true record)', color: RIGHTFUL },
  { key: 'wrongly', label: 'denied by policy wrongly', color: WRONGFUL },
  { key: 'verification', label: 'failed face verification', color: '#ff8ab7' },
] as const;

function gateTable(ctx: ReportContext, gates: string[]): string {
  const c = (gate: string, o: string) => countOf(ctx.summary, `gate.${gate}.${o}`);
  const rows = gates.map((gate) => {
    const attempts = c(gate, 'attempts');
    const cells = [
      formatCount(attempts), formatCount(c(gate, 'admitted')), formatCount(c(gate, 'deniedByPolicy')),
      formatCount(c(gate, 'deniedByPolicyWrongly')), formatCount(c(gate, 'deniedByVerification')),
    ];
    return `<tr><th scope="row">${escapeHtml(gate)}</th>${cells.map((v) => `<td class="num">${v}</td>`).join('')}</tr>`;
  });
  return `<table class="compact"><caption>Gate attempts over the run, all groups${ctx.summary.replicates > 1 ? ` (mean of ${ctx.summary.replicates} replicates)` : ''}</caption>
<thead><tr><th scope="col">gate</th><th scope="col">attempts</th><th scope="col">admitted</th><th scope="col">denied by policy</th><th scope="col">of which wrongly</th><th scope="col">failed verification (wrongly)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/** Denials per 1,000 attempts at each gate, by kind of denial, one panel per group; counts below. */
export function gateChart(ctx: ReportContext): string {
  const gates = gateNames(ctx.summary);
  const wrongful = byGroupText(ctx, 'wrongfulGateDenialsPer1000', withInterval);
  const text = {
    id: 'gate-outcomes',
    title: 'Gate outcomes',
    caption: `Attempts to buy a ticket, register a phone, apply for a job or enrol a child, denied per 1,000 attempts at each gate: by policy because of a sanction the true record supports, by policy wrongly (the sanction behind it was wrongful), or because every face-verification try falsely failed (always wrongful). All other attempts were admitted (see the table). Wrongful denials per 1,000 attempts, all gates: ${wrongful}.`,
  };
  if (gates.length === 0) return emptyFigure(text, 'This scenario configures no gates, so there are no gate outcomes to show.');
  const table = gateTable(ctx, gates);
  const attempts = gates.reduce((s, g) => s + countOf(ctx.summary, `gate.${g}.attempts`), 0);
  if (attempts === 0) return emptyFigure(text, 'No agent attempted to pass a gate in this run.', table);
  const denied = gates.reduce((s, g) => s + countOf(ctx.summary, `gate.${g}.deniedByPolicy`) + countOf(ctx.summary, `gate.${g}.deniedByVerification`), 0);
  if (denied === 0) return emptyFigure(text, `All ${formatCount(attempts)} gate attempts were admitted; none was denied.`, table);
  const points = gates.flatMap((gate) => ctx.groups.flatMap((group) => {
    const c = (o: string) => countOf(ctx.summary, `gate.${gate}.${o}`, group);
    const attemptsHere = c('attempts');
    const rate = (n: number) => (attemptsHere > 0 ? (1000 * n) / attemptsHere : 0);
    const values = { rightly: c('deniedByPolicy') - c('deniedByPolicyWrongly'), wrongly: c('deniedByPolicyWrongly'), verification: c('deniedByVerification') };
    return OUTCOMES.map((o) => ({ gate, group, outcome: o.label, value: rate(values[o.key]) }));
  }));
  const chart = renderPlot({
    height: Math.max(160, 26 * gates.length + 70),
    ariaLabel: 'Bar chart of gate denials per 1,000 attempts by gate, kind of denial and group',
    x: { label: 'denied per 1,000 attempts', grid: true },
    y: { label: null, domain: gates },
    fx: { label: null, domain: ctx.groups },
    color: { domain: OUTCOMES.map((o) => o.label), range: OUTCOMES.map((o) => o.color), legend: true },
    marginLeft: 150,
    marks: [
      Plot.barX(points, { x: 'value', y: 'gate', fill: 'outcome', fx: 'group', order: OUTCOMES.map((o) => o.label) }),
      Plot.ruleX([0]),
    ],
  });
  return chartFigure(text, chart, table);
}

/** Share of each group with at least one record leaked in the breach, with its interval. */
export function breachChart(ctx: ReportContext): string {
  const breach = configOf(ctx.spec, 'breach') as { day?: number } | undefined;
  const fields = byGroupText(ctx, 'breachExposedFieldsPerAgent', withInterval);
  const text = {
    id: 'breach',
    title: 'Breach exposure',
    caption: `Share of each group's synthetic agents with at least one record leaked when a data store was breached${breach?.day !== undefined ? ` on day ${breach.day}` : ''}${ctx.summary.replicates > 1 ? ', with 95 % intervals across replicates' : ''}. ${formatCount(countOf(ctx.summary, 'breachLeaked'))} records leaked. Personal fields leaked per agent: ${fields}.`,
  };
  const points = ctx.groups.map((group) => {
    const v = groupOf(ctx.summary, 'breachExposedShare', group);
    return { group, value: v?.value ?? 0, lo: v?.interval?.ciLow ?? v?.value ?? 0, hi: v?.interval?.ciHigh ?? v?.value ?? 0, label: v === undefined ? '' : percentWithInterval(v.value, v.interval) };
  });
  if (points.every((p) => p.value === 0)) {
    return emptyFigure(text, breach === undefined && ctx.spec !== undefined ? 'This scenario has no data breach, so no record was exposed.' : 'No record was leaked in this run.');
  }
  const chart = renderPlot({
    height: 60 + 44 * ctx.groups.length,
    ariaLabel: 'Bar chart of the share of agents exposed by the breach by group',
    x: { label: 'agents exposed', tickFormat: '%', grid: true, domain: [0, Math.max(...points.map((p) => p.hi)) * 1.35] },
    y: { label: null, domain: ctx.groups },
    color: groupColors(ctx.groups),
    marginLeft: 90,
    marks: [
      Plot.barX(points, { x: 'value', y: 'group', fill: 'group', insetTop: 8, insetBottom: 8 }),
      Plot.ruleY(points, { y: 'group', x1: 'lo', x2: 'hi', stroke: '#222', strokeWidth: 1.5 }),
      Plot.text(points, { x: 'hi', y: 'group', text: 'label', textAnchor: 'start', dx: 6 }),
      Plot.ruleX([0]),
    ],
  });
  return chartFigure(text, chart);
}
