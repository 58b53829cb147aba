// Observable Plot rendered in Node (linkedom supplies the DOM) to inline SVG, and the <figure>
// wrappers every chart of the report shares: a data-chart id, the chart or a sentence, a caption.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { escapeHtml } from './format.ts';

/** Width of every chart in CSS pixels (the SVG scales down to the page). */
export const WIDTH = 760;

/** Group colours (Observable 10), fixed by the order of the groups so every chart agrees. */
const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];

/** Colours for wrongful harm and for harm the true record supports. */
export const WRONGFUL = '#c4302b';
export const RIGHTFUL = '#9498a0';

export function groupColors(groups: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...groups], range: groups.map((_, i) => PALETTE[i % PALETTE.length]) };
}

let ssr: Document | undefined;
function ssrDocument(): Document {
  ssr ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
  return ssr;
}

/**
 * A chart as inline SVG markup (with its legend when it has one). The chart's own <svg> carries
 * data-plot, so tests and readers can tell it from a legend swatch.
 */
export function renderPlot(options: Plot.PlotOptions): string {
  const element = Plot.plot({
    width: WIDTH,
    style: { fontSize: '12px', background: 'white', color: '#1d1d1f' },
    marginBottom: 44,
    ...options,
    // the x label sits centred under the tick labels, where it cannot collide with the last tick
    x: options.x?.axis === null ? options.x : { labelAnchor: 'center', labelOffset: 38, ...options.x },
    document: ssrDocument(),
  });
  const svg = element.tagName.toLowerCase() === 'svg' ? element : Array.from(element.children).find((c) => c.tagName.toLowerCase() === 'svg');
  svg?.setAttribute('data-plot', '');
  if (typeof options.ariaLabel === 'string') svg?.setAttribute('aria-label', options.ariaLabel);
  return element.outerHTML;
}

export interface FigureText {
  /** stable id of the chart, written as data-chart */
  id: string;
  title: string;
  /** what the chart shows and how to read it (plain text) */
  caption: string;
}

/** A chart in its figure, with anything that belongs under it (a small table) after the chart. */
export function chartFigure(text: FigureText, chart: string, after = ''): string {
  return `<figure class="chart" data-chart="${escapeHtml(text.id)}">
<div class="chart-body">${chart}</div>${after}
<figcaption><strong>${escapeHtml(text.title)}.</strong> ${escapeHtml(text.caption)}</figcaption>
</figure>`;
}

/** A figure without a chart: the sentence says why there is nothing to draw. */
export function emptyFigure(text: FigureText, sentence: string, after = ''): string {
  return `<figure class="chart empty" data-chart="${escapeHtml(text.id)}" data-empty="">
<p class="no-data">${escapeHtml(sentence)}</p>${after}
<figcaption><strong>${escapeHtml(text.title)}.</strong> ${escapeHtml(text.caption)}</figcaption>
</figure>`;
}
