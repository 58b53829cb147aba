// The summary table printed at the end of a run.
import type { RunSummary } from '../metrics/summary.ts';

function format(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  return x.toPrecision(3);
}

export function summaryTable(s: RunSummary): string {
  const groups = Object.keys(Object.values(s.metrics)[0]?.byGroup ?? {});
  const header = ['metric', 'overall', ...groups];
  const rows = Object.entries(s.metrics).map(([name, m]) => [name, format(m.overall), ...groups.map((g) => format(m.byGroup[g]))]);
  const di = Object.entries(s.disparateImpact).map(([name, v]) => [`disparate impact: ${name}`, format(v), ...groups.map(() => '')]);
  const all = [header, ...rows, ...di];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `${s.scenario}: ${s.agents.toLocaleString('en-US')} agents × ${s.days} days, seed ${s.seed}, ${s.workers} worker${s.workers === 1 ? '' : 's'}, ${s.elapsedSeconds.toFixed(2)} s`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...di.map(line),
  ].join('\n');
}
