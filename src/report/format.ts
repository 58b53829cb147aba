// Text for the report: HTML escaping, numbers as the CLI prints them, values with their 95 % intervals.
import type { Interval } from '../metrics/intervals.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A number with three significant digits below 1, three decimals below 1,000, one above. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  return x.toPrecision(3);
}

/** A value with its interval beside it, "0.0198 [0.0195, 0.0201]", or the value alone without one. */
export function withInterval(value: number, interval?: Interval): string {
  if (interval === undefined) return formatNumber(value);
  return `${formatNumber(value)} [${formatNumber(interval.ciLow)}, ${formatNumber(interval.ciHigh)}]`;
}

/** A share as a percentage with two significant digits at least, "1.9 %". */
export function formatPercent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0 %';
  const a = Math.abs(p);
  return `${a >= 10 ? p.toFixed(1) : a >= 0.1 ? p.toFixed(2) : p.toPrecision(2)} %`;
}

/** A share with its interval, as percentages: "1.9 % [0.86 %, 2.9 %]". */
export function percentWithInterval(share: number, interval?: Interval): string {
  if (interval === undefined) return formatPercent(share);
  return `${formatPercent(share)} [${formatPercent(interval.ciLow)}, ${formatPercent(interval.ciHigh)}]`;
}

/** An integer count with thousands separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Sentence case for a camelCase name: "wrongfulGateDenialsPer1000" → "wrongful gate denials per 1000". */
export function words(name: string): string {
  return name.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}
