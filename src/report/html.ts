// The self-contained HTML report of a run: inline CSS and inline SVG charts rendered in Node, no
// script and nothing to load, readable offline by a journalist or an assessor.
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import { DEFAULT_BAND } from '../metrics/statistics.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { ScenarioSpec } from '../scenario/schema.ts';
import { billboardChart } from './billboard.ts';
import { breachChart, gateChart, scoreChart } from './charts-groups.ts';
import { chillingChart, sanctionsChart, spilloverChart, wrongfulChart } from './charts-time.ts';
import { groupSizes, groupsOf, parseDaily, type ReportContext } from './data.ts';
import { disparateChart, impactRows } from './disparate.ts';
import { formatCount } from './format.ts';
import { methodsHtml, provenanceHtml } from './methods.ts';
import { pageHtml } from './page.ts';
import { allMetricsTable, keyMetricsTable, leadFindings } from './tables.ts';

/** The data-chart ids of the report's figures, in page order. */
export const CHART_IDS = [
  'score-distribution', 'sanctions-over-time', 'wrongful-sanctions', 'gate-outcomes', 'disparate-impact',
  'spillover', 'chilling', 'breach', 'billboard',
] as const;

export interface ReportInput {
  summary: ReplicatedSummary;
  /** daily.csv as `scoresim run` wrote it */
  dailyCsv: string;
  record: RunRecord;
  /** the scenario as parsed; without it Methods lists only the run's size, time and seeds */
  spec?: ScenarioSpec;
  /** parity band for disparate impact; default [0.8, 1.25] */
  band?: [number, number];
}

/** One HTML document holding the whole report. */
export function renderReport(input: ReportInput): string {
  const { summary, record, spec } = input;
  const daily = parseDaily(input.dailyCsv);
  const groups = groupsOf(summary);
  const ctx: ReportContext = {
    summary, daily, spec,
    groups: groups.length > 0 ? groups : daily.groups,
    sizes: groupSizes(summary, spec),
    band: input.band ?? DEFAULT_BAND,
  };
  const impact = impactRows(ctx);
  const replicates = summary.replicates > 1 ? `, ${summary.replicates} replicates (seeds ${summary.seeds.join(', ')})` : '';
  return pageHtml({
    title: `${record.scenario}: simulated harms of a scoring and surveillance regime`,
    meta: `${formatCount(record.agents)} synthetic agents × ${formatCount(record.days)} days, seed ${record.seed}${replicates}. scoresim ${record.scoresim}.`,
    sections: [
      {
        id: 'findings',
        title: 'Key findings',
        html: `${leadFindings(ctx, impact)}\n${keyMetricsTable(ctx)}`,
      },
      {
        id: 'scores-and-sanctions',
        title: 'Scores and sanctions',
        html: [scoreChart(ctx), sanctionsChart(ctx), wrongfulChart(ctx)].join('\n'),
      },
      { id: 'gates', title: 'Gates: tickets, phones, jobs, schools', html: gateChart(ctx) },
      { id: 'fairness', title: 'Who bears it: disparate impact', html: disparateChart(ctx) },
      {
        id: 'wider-harms',
        title: 'Households, speech and data',
        html: [spilloverChart(ctx), chillingChart(ctx), breachChart(ctx)].join('\n'),
      },
      { id: 'billboard-section', title: 'Billboard of synthetic agents', html: billboardChart(ctx) },
      { id: 'all-measures', title: 'Every measure', html: allMetricsTable(ctx) },
    ],
    appendix: `${methodsHtml(record, summary, spec)}\n${provenanceHtml(record)}`,
  });
}
