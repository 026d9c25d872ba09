/**
 * Inline SVG charts for the HTML reports: a histogram and a step chart. Deterministic output
 * (coordinates rounded to 0.1), tooltips as SVG `<title>`, no script.
 * @module
 */
import { niceStep, ticks, type Bin } from '../stats.js';
import { esc } from './page.js';

/** Rounds a coordinate to 0.1 so the markup is stable and short. */
export const r1 = (v: number): number => Math.round(v * 10) / 10;

/** Options of {@link histogramSvg}. */
export interface HistogramOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly color?: string;
  readonly width?: number;
  readonly height?: number;
  /** Formats a bin bound for labels and tooltips. */
  readonly fmt?: (v: number) => string;
}

/**
 * A histogram of binned values.
 * @param bins - from {@link histogram}
 * @param o - title, axis label, colour, size, number format
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
  const yTicks = ticks(maxCount, 4);
  const yMax = yTicks[yTicks.length - 1] ?? maxCount;
  const bw = plotW / bins.length;
  const y = (c: number): number => top + plotH - (c / Math.max(1, yMax)) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="600">${esc(o.title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(y(t) + 4)}" font-size="10" text-anchor="end" fill="#656d76">${t}</text>`);
  }
  bins.forEach((b, i) => {
    const x = left + i * bw;
    const h = top + plotH - y(b.count);
    parts.push(
      `<rect class="bar" x="${r1(x + 1)}" y="${r1(y(b.count))}" width="${r1(Math.max(1, bw - 2))}" height="${r1(h)}" fill="${o.color ?? '#1565c0'}"><title>${esc(`${fmt(b.from)} – ${fmt(b.to)}: ${b.count}`)}</title></rect>`,
    );
  });
  const labelEvery = Math.max(1, Math.ceil(bins.length / 6));
  bins.forEach((b, i) => {
    if (i % labelEvery !== 0) return;
    parts.push(`<text x="${r1(left + i * bw)}" y="${top + plotH + 14}" font-size="10" fill="#656d76">${esc(fmt(b.from))}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" font-size="11" text-anchor="middle" fill="#444">${esc(o.xLabel)}</text>`);
  return `<svg class="histogram" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** One series of a step chart: value v holds from time t until the next point. */
export interface StepSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * A step chart over virtual time.
 * @param series - the series, points in ascending time
 * @param endMs - right end of the time axis
 * @param o - title, size, axis label
 */
export function stepChartSvg(series: readonly StepSeries[], endMs: number, o: { title: string; yLabel: string; width?: number; height?: number }): string {
  const width = o.width ?? 900;
  const height = o.height ?? 200;
  const left = 48;
  const right = 12;
  const top = 26;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const end = Math.max(1, endMs);
  const maxV = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const yTicks = ticks(maxV, 4).filter((t) => Number.isInteger(t));
  const yMax = Math.max(maxV, yTicks[yTicks.length - 1] ?? maxV);
  const x = (t: number): number => left + (Math.min(t, end) / end) * plotW;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [`<text x="${left}" y="16" font-size="13" font-weight="600">${esc(o.title)}</text>`];
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(y(t) + 4)}" font-size="10" text-anchor="end" fill="#656d76">${t}</text>`);
  }
  const step = niceStep(end / 8);
  for (let t = 0; t <= end; t += step) {
    parts.push(`<text x="${r1(x(t))}" y="${top + plotH + 14}" font-size="10" text-anchor="middle" fill="#656d76">${t} ms</text>`);
  }
  for (const s of series) {
    let d = '';
    let prev: number | null = null;
    for (const [t, v] of s.points) {
      d += prev === null ? `M${r1(x(t))},${r1(y(v))}` : `H${r1(x(t))}V${r1(y(v))}`;
      prev = v;
    }
    if (prev !== null) d += `H${r1(x(end))}`;
    parts.push(`<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${esc(s.name)}</title></path>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="12" y="${top + plotH / 2}" font-size="11" fill="#444" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle">${esc(o.yLabel)}</text>`);
  return `<svg class="stepchart" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
