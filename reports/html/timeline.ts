/**
 * The SVG timeline of a run: per parent session, one lane per page (page open span, record
 * changes, deliveries, drops), one queue lane (waiting tasks as a step area, enqueue and
 * rejection markers) and one lane per child-session slot (task bars coloured by outcome, with
 * cancel and timeout markers). The axis is fitted to the activity; every positioned element
 * carries its virtual times (`data-t`, `data-t0`, `data-t1`) so that the page's inline script
 * (timelineScript.ts) can zoom and pan without a network or a library. A bar's label is drawn
 * inside the bar only when it fits (short form `#12` when the long one does not); otherwise the
 * bar's tooltip carries it. Same-instant markers of one kind on one lane are drawn once, their
 * count and labels in the tooltip.
 * @module
 */
import type { RunReport, TimelineMarker } from '../runReportTypes.js';
import { niceStep } from '../stats.js';
import { r1 } from './charts.js';
import { glyphShape } from './timelineGlyphs.js';
import { COLORS, esc } from './page.js';

/** Geometry of the timeline (SVG units; the page scales the SVG to its column). */
export const TIMELINE_GEOMETRY = { width: 1180, labelW: 170, right: 16, laneH: 26, axisH: 28, sessionH: 20 } as const;
/** Estimated advance of one character of the 10 px bar labels (system sans-serif digits and letters). */
export const LABEL_CHAR_W = 6.4;
/** Space kept between a bar's left edge and its label (room for a cancel marker of the task before). */
export const LABEL_PAD_LEFT = 9;
/** Space kept between a label and the bar's right edge. */
export const LABEL_PAD_RIGHT = 4;
/** Most labels listed in one marker's tooltip. */
const MAX_TOOLTIP_LABELS = 6;

/** The initial (fitted) and the whole time range of a timeline. */
export interface TimelineDomain {
  readonly from: number;
  readonly to: number;
  readonly fullFrom: number;
  readonly fullTo: number;
}

/** The axis range fitted to the activity (with a 3 % margin, which may start before 0 ms), and the whole run's range. */
export function fittedDomain(report: RunReport): TimelineDomain {
  const a = report.window.firstActivityMs;
  const b = Math.max(a, report.window.lastActivityMs);
  // A margin on both sides, so that a marker at the first or last instant is drawn whole.
  const pad = Math.max(1, Math.round((b - a) * 0.03));
  const from = a - pad;
  const to = b - a < 1 ? a + 10 : b + pad;
  return { from, to, fullFrom: Math.min(0, from), fullTo: Math.max(to, report.window.endMs) };
}

/** Whether a label of `chars` characters fits a bar of `width` units. */
export function labelFits(chars: number, width: number): boolean {
  return chars * LABEL_CHAR_W + LABEL_PAD_LEFT + LABEL_PAD_RIGHT <= width;
}

/** Axis ticks for a range: nice steps, their x and their text. */
export function axisTicks(from: number, to: number, x: (t: number) => number): string {
  const step = niceStep((to - from) / 10);
  const out: string[] = [];
  const G = TIMELINE_GEOMETRY;
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const tx = x(t);
    // Labels near an end of the plot are anchored inside it.
    const anchor = tx > G.width - G.right - 30 ? 'end' : tx < G.labelW + 30 ? 'start' : 'middle';
    out.push(`<text x="${r1(tx)}" y="${G.axisH - 10}" font-size="10" text-anchor="${anchor}" fill="#656d76">${t} ms</text>`);
  }
  return out.join('');
}

function laneLabel(text: string, maxChars: number): string {
  const shown = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  return `${esc(shown)}${shown !== text ? `<title>${esc(text)}</title>` : ''}`;
}

/** Draws same-instant markers of one kind on one lane once. */
function markerGroups(ms: readonly TimelineMarker[], x: (t: number) => number, y: number): string[] {
  const groups = new Map<string, TimelineMarker[]>();
  for (const m of ms) {
    const k = `${m.kind}@${m.atMs}`;
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [m]);
    else list.push(m);
  }
  return [...groups.values()].map((list) => {
    const m = list[0]!;
    const labels = list.slice(0, MAX_TOOLTIP_LABELS).map((x) => x.label).join('\n');
    const more = list.length > MAX_TOOLTIP_LABELS ? `\n… and ${list.length - MAX_TOOLTIP_LABELS} more` : '';
    const title = `${m.atMs} ms${list.length > 1 ? ` (${list.length}×)` : ''}: ${labels}${more}`;
    return `<g class="marker marker-${m.kind}" data-t="${m.atMs}" data-count="${list.length}" transform="translate(${r1(x(m.atMs))},0)">${glyphShape(m.kind, y)}<title>${esc(title)}</title></g>`;
  });
}

/**
 * Renders the timeline.
 * @param report - the run report
 * @param domain - the time range to draw (default: fitted to the activity)
 * @returns an `<svg>` element
 */
export function timelineSvg(report: RunReport, domain: TimelineDomain = fittedDomain(report)): string {
  const G = TIMELINE_GEOMETRY;
  const plotW = G.width - G.labelW - G.right;
  const span = Math.max(1, domain.to - domain.from);
  const x = (t: number): number => G.labelW + ((t - domain.from) / span) * plotW;
  const labelChars = Math.floor((G.labelW - 12) / 6.2);
  const lanes: string[] = [];
  const plot: string[] = [];
  let y = G.axisH;
  const lane = (label: string, kind: string, extra = ''): number => {
    const top = y;
    lanes.push(`<g class="lane lane-${kind}"${extra}><rect x="0" y="${top}" width="${G.width}" height="${G.laneH}" fill="${kind === 'slot' ? '#fafbfc' : '#ffffff'}" stroke="#eaeef2"/><text class="lane-label" x="8" y="${top + 17}" font-size="11" fill="#1f2328">${laneLabel(label, labelChars)}</text></g>`);
    y += G.laneH;
    return top;
  };
  const markersOf = new Map<string, TimelineMarker[]>();
  for (const m of report.markers) {
    const k = `${m.session}\u0000${m.page ?? ''}\u0000${m.kind === 'cancel' || m.kind === 'timeout' ? (m.page === null ? 'queue' : `task${String(m.taskId)}`) : m.page === null ? 'queue' : 'page'}`;
    const list = markersOf.get(k);
    if (list === undefined) markersOf.set(k, [m]);
    else list.push(m);
  }
  for (const s of report.sessions.filter((ss) => ss.inTimeline)) {
    lanes.push(`<text class="session-title" x="4" y="${y + 15}" font-size="12" font-weight="700" fill="#0b3d60">${esc(`session ${s.id} (ChildSessionsMaxConcurrency ${s.concurrency})`)}</text>`);
    y += G.sessionH;
    for (const p of s.pages) {
      const top = lane(p, 'page', ` data-session="${esc(s.id)}" data-page="${esc(p)}"`);
      const mid = top + G.laneH / 2;
      const mine = markersOf.get(`${s.id}\u0000${p}\u0000page`) ?? [];
      let openAt: number | null = null;
      const span = (a: number, b: number): void => {
        plot.push(`<rect class="page-open" data-t0="${a}" data-t1="${b}" x="${r1(x(a))}" y="${mid - 3}" width="${r1(Math.max(1, x(b) - x(a)))}" height="6" fill="#cfd8dc"/>`);
      };
      for (const m of mine) {
        if (m.kind === 'pageOpen') openAt = m.atMs;
        if (m.kind === 'pageClose' && openAt !== null) {
          span(openAt, m.atMs);
          openAt = null;
        }
      }
      if (openAt !== null) span(openAt, domain.fullTo);
      plot.push(...markerGroups(mine, x, mid));
    }
    const qTop = lane('queue (waiting)', 'queue', ` data-session="${esc(s.id)}"`);
    const qMax = Math.max(1, s.peakWaiting);
    const pts = s.waiting.map(([t, v]) => `${t},${v}`).join(';');
    const base = qTop + G.laneH;
    let d = `M${r1(x(0))},${base}`;
    for (const [t, v] of s.waiting) d += `H${r1(x(t))}V${r1(base - (v / qMax) * (G.laneH - 4))}`;
    d += `H${r1(x(domain.fullTo))}V${base}Z`;
    plot.push(`<path class="queue-area" data-points="${pts}" data-base="${base}" data-scale="${r1((G.laneH - 4) / qMax)}" d="${d}" fill="${COLORS.waiting}" opacity=".8"><title>${esc(`peak ${s.peakWaiting} waiting`)}</title></path>`);
    const queueMarkers = [...(markersOf.get(`${s.id}\u0000\u0000queue`) ?? [])];
    plot.push(...markerGroups(queueMarkers.filter((m) => m.kind !== 'cancel'), x, qTop + 9));
    plot.push(...markerGroups(queueMarkers.filter((m) => m.kind === 'cancel'), x, qTop + G.laneH / 2 + 2));
    const slotCount = Math.max(1, s.slotsUsed);
    const bySlot = new Map<number, RunReport['tasks'][number][]>();
    for (const t of report.tasks) {
      if (t.session !== s.id || t.slot === null || t.startedAtMs === null) continue;
      bySlot.set(t.slot, [...(bySlot.get(t.slot) ?? []), t]);
    }
    for (let slot = 1; slot <= slotCount; slot++) {
      const top = lane(`slot ${slot}${slot > s.concurrency && s.concurrency > 0 ? ' (above limit)' : ''}`, 'slot', ` data-session="${esc(s.id)}" data-slot="${slot}"`);
      for (const t of bySlot.get(slot) ?? []) {
        const from = t.startedAtMs ?? 0;
        const to = t.endedAtMs ?? domain.fullTo;
        const w = Math.max(2, x(to) - x(from));
        const full = `#${t.taskId} ${t.page}`;
        const short = `#${t.taskId}`;
        const label = labelFits(full.length, w) ? full : labelFits(short.length, w) ? short : null;
        plot.push(
          `<g class="task-bar" data-task="${t.taskId}" data-outcome="${t.outcome ?? 'running'}"><rect class="bar" data-t0="${from}" data-t1="${to}" x="${r1(x(from))}" y="${top + 4}" width="${r1(w)}" height="${G.laneH - 8}" rx="3" fill="${COLORS[t.outcome ?? 'running']}"/>` +
            `<text class="bar-label" data-t0="${from}" data-full="${esc(full)}" data-short="${esc(short)}" x="${r1(x(from) + LABEL_PAD_LEFT)}" y="${top + 17}" font-size="10" fill="#fff"${label === null ? ' display="none"' : ''}>${esc(label ?? short)}</text>` +
            `<title>${esc(`task ${t.taskId} (${t.page}, codeunit ${t.codeunit}): ${t.story}`)}</title></g>`,
        );
        plot.push(...markerGroups(markersOf.get(`${s.id}\u0000${t.page}\u0000task${t.taskId}`) ?? [], x, top + G.laneH / 2));
      }
    }
    y += 8;
  }
  const height = y + 6;
  const grid = `<g id="tl-axis">${axisTicks(domain.from, domain.to, x)}</g>`;
  const clip = `<clipPath id="tl-clip"><rect x="${G.labelW}" y="0" width="${plotW}" height="${height}"/></clipPath>`;
  return `<svg id="timeline" class="timeline" role="img" aria-label="timeline of ${esc(report.scenario)}" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${G.width} ${height}" width="${G.width}" height="${height}" data-from="${domain.from}" data-to="${domain.to}" data-full-from="${domain.fullFrom}" data-full-to="${domain.fullTo}" ` +
    `data-label-w="${G.labelW}" data-plot-w="${plotW}"><defs>${clip}</defs>${lanes.join('')}${grid}<g id="tl-plot" clip-path="url(#tl-clip)">${plot.join('')}</g>` +
    `<rect id="tl-brush" x="0" y="0" width="0" height="${height}" fill="#1565c0" opacity=".12" display="none"/></svg>`;
}
