/**
 * Inline SVG charts for the HTML reports: a histogram and a step chart. Deterministic output
 * (coordinates rounded to 0.1), tooltips as SVG `<title>`, no script. The histogram's y axis
 * ends at a nice tick at or above its tallest bar, so bars never reach into the title; a bin
 * of exact zeros (see `histogram` in stats.ts) is drawn in a neutral colour and labelled
 * "0", so a zero rate never looks like an alarm.
 * @module
 */
import { niceStep, ticks, type Bin } from '../stats.js';
import { esc } from './page.js';

/** Rounds a coordinate to 0.1 so the markup is stable and short. */
export const r1 = (v: number): number => Math.round(v * 10) / 10;

/** Colour of a bin of exact zeros (and of a one-value histogram at 0). */
export const ZERO_BIN_COLOR = '#8c959f';

/** Options of {@link histogramSvg}. */
export interface HistogramOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly color?: string;
  /** Colour of a bin of exact zeros (default {@link ZERO_BIN_COLOR}). */
  readonly zeroColor?: string;
  readonly width?: number;
  readonly height?: number;
  /** Formats a bin bound for labels and tooltips. */
  readonly fmt?: (v: number) => string;
}

/**
 * A histogram of binned values.
 * @param bins - from `histogram` (stats.ts); a bin with `from === to` holds exactly that value
 * @param o - title, axis label, colours, size, number format
 * @returns an `<svg>` element (an explanatory text when there are no bins)
 */
export function histogramSvg(bins: readonly Bin[], o: HistogramOptions): string {
  const width = o.width ?? 560;
  const height = o.height ?? 220;
  const fmt = o.fmt ?? ((v: number) => String(v));
  if (bins.length === 0) return `<p class="muted">${esc(o.title)}: no values.</p>`;
  const left = 48;
  const right = 12;
  const top = 34;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxCount = Math.max(...bins.map((b) => b.count));
  const yTicks = ticks(maxCount, 4).filter((t) => Number.isInteger(t));
  const yMax = Math.max(maxCount, yTicks[yTicks.length - 1] ?? maxCount, 1);
  // A lone bin is drawn narrow (a fifth of the plot) rather than as a block across it.
  const bw = bins.length === 1 ? plotW / 5 : plotW / bins.length;
  const x0 = bins.length === 1 ? left + (plotW - bw) / 2 : left;
  const y = (c: number): number => top + plotH - (c / yMax) * plotH;
  const total = bins.reduce((a, b) => a + b.count, 0);
  const parts: string[] = [];
  parts.push(`<text class="chart-title" x="${left}" y="16" font-size="13" font-weight="600">${esc(o.title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(y(t) + 4)}" font-size="10" text-anchor="end" fill="#656d76">${t}</text>`);
  }
  bins.forEach((b, i) => {
    const x = x0 + i * bw;
    const exact = b.from === b.to;
    const color = exact && b.from === 0 ? o.zeroColor ?? ZERO_BIN_COLOR : o.color ?? '#1565c0';
    const tip = exact ? `exactly ${fmt(b.from)}: ${b.count} of ${total}` : `${fmt(b.from)} – ${fmt(b.to)}: ${b.count} of ${total}`;
    parts.push(`<rect class="bar${exact ? ' bar-exact' : ''}" data-count="${b.count}" x="${r1(x + 1)}" y="${r1(y(b.count))}" width="${r1(Math.max(1, bw - 2))}" height="${r1(top + plotH - y(b.count))}" fill="${color}"><title>${esc(tip)}</title></rect>`);
  });
  const labelEvery = Math.max(1, Math.ceil(bins.length / 6));
  bins.forEach((b, i) => {
    const exact = b.from === b.to;
    if (i % labelEvery !== 0 && !exact) return;
    const x = exact ? x0 + i * bw + bw / 2 : x0 + i * bw;
    const prev = bins[i - 1];
    const afterExact = prev !== undefined && prev.from === prev.to && prev.from === b.from;
    parts.push(`<text x="${r1(x)}" y="${top + plotH + 14}" font-size="10"${exact ? ' text-anchor="middle"' : ''} fill="#656d76">${esc(afterExact ? `>${fmt(b.from)}` : fmt(b.from))}</text>`);
  });
  if (bins.length === 1 && bins[0]!.from === bins[0]!.to) {
    parts.push(`<text x="${width - right}" y="16" font-size="11" text-anchor="end" fill="#656d76">${esc(`every value is ${fmt(bins[0]!.from)} (${total})`)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" font-size="11" text-anchor="middle" fill="#444">${esc(o.xLabel)}</text>`);
  return `<svg class="histogram" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-y-max="${yMax}">${parts.join('')}</svg>`;
}

/** One series of a step chart: value v holds from time t until the next point. */
export interface StepSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of {@link stepChartSvg}. */
export interface StepChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
  /** Left end of the time axis (default 0). */
  readonly startMs?: number;
}

/**
 * A step chart over virtual time.
 * @param series - the series, points in ascending time
 * @param endMs - right end of the time axis
 * @param o - title, size, axis label, left end of the axis
 */
export function stepChartSvg(series: readonly StepSeries[], endMs: number, o: StepChartOptions): string {
  const width = o.width ?? 900;
  const height = o.height ?? 200;
  const left = 48;
  const right = 12;
  const top = 26;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const start = Math.max(0, o.startMs ?? 0);
  const end = Math.max(start + 1, endMs);
  const maxV = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const yTicks = ticks(maxV, 4).filter((t) => Number.isInteger(t));
  const yMax = Math.max(maxV, yTicks[yTicks.length - 1] ?? maxV);
  const x = (t: number): number => left + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * plotW;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [`<text class="chart-title" x="${left}" y="16" font-size="13" font-weight="600">${esc(o.title)}</text>`];
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(y(t) + 4)}" font-size="10" text-anchor="end" fill="#656d76">${t}</text>`);
  }
  const step = niceStep((end - start) / 8);
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    parts.push(`<text x="${r1(x(t))}" y="${top + plotH + 14}" font-size="10" text-anchor="middle" fill="#656d76">${t} ms</text>`);
  }
  for (const s of series) {
    let v0 = 0;
    for (const [t, v] of s.points) if (t <= start) v0 = v;
    let d = `M${r1(x(start))},${r1(y(v0))}`;
    for (const [t, v] of s.points) if (t > start && t <= end) d += `H${r1(x(t))}V${r1(y(v))}`;
    d += `H${r1(x(end))}`;
    parts.push(`<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${esc(s.name)}</title></path>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="12" y="${top + plotH / 2}" font-size="11" fill="#444" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle">${esc(o.yLabel)}</text>`);
  return `<svg class="stepchart" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
