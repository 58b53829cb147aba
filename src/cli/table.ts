// The summary table printed at the end of a run.
import type { ReplicatedMetric, ReplicatedSummary } from '../metrics/replicates.ts';

function format(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  return x.toPrecision(3);
}

function withInterval(value: number, m: Partial<ReplicatedMetric>, group?: string): string {
  const i = group === undefined ? (m.ciLow === undefined ? undefined : m) : m.byGroupInterval?.[group];
  return i === undefined ? format(value) : `${format(value)} [${format(i.ciLow!)}, ${format(i.ciHigh!)}]`;
}

export function summaryTable(s: ReplicatedSummary): string {
  const groups = Object.keys(Object.values(s.metrics)[0]?.byGroup ?? {});
  const header = [s.replicates > 1 ? `metric (mean [95 % CI] of ${s.replicates})` : 'metric', 'overall', ...groups];
  const rows = Object.entries(s.metrics).map(([name, m]) => [name, withInterval(m.overall, m), ...groups.map((g) => withInterval(m.byGroup[g], m, g))]);
  const di = Object.entries(s.disparateImpact).map(([name, v]) => {
    const i = s.disparateImpactInterval?.[name];
    return [`disparate impact: ${name}`, i ? `${format(v)} [${format(i.ciLow)}, ${format(i.ciHigh)}]` : format(v), ...groups.map(() => '')];
  });
  const all = [header, ...rows, ...di];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `${s.scenario}: ${s.agents.toLocaleString('en-US')} agents × ${s.days} days, seed ${s.seed}${s.replicates > 1 ? `, ${s.replicates} replicates` : ''}, ${s.workers} worker${s.workers === 1 ? '' : 's'}, ${s.elapsedSeconds.toFixed(2)} s`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...di.map(line),
  ].join('\n');
}
