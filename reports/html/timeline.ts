/**
 * The SVG timeline of a run: per parent session, one lane per page (page open span, record
 * changes, trigger deliveries, drops), one queue lane (waiting tasks as a step area, enqueue and
 * rejection markers) and one lane per child-session slot (task bars coloured by outcome, cancel
 * and timeout markers). Tooltips are SVG `<title>` elements; no script.
 * @module
 */
import type { RunReport, TimelineMarker } from '../runReport.js';
import { niceStep } from '../stats.js';
import { r1 } from './charts.js';
import { COLORS, esc } from './page.js';

const LABEL_W = 190;
const PLOT_W = 960;
const LANE_H = 26;
const AXIS_H = 28;

/** Marker glyphs, centred on (x, y). */
function glyph(m: TimelineMarker, x: number, y: number): string {
  const t = `<title>${esc(`${m.atMs} ms: ${m.label}`)}</title>`;
  const cls = `marker marker-${m.kind}`;
  switch (m.kind) {
    case 'enqueue':
      return `<path class="${cls}" d="M${r1(x - 5)},${r1(y - 9)}H${r1(x + 5)}L${r1(x)},${r1(y - 1)}Z" fill="#1565c0">${t}</path>`;
    case 'enqueueRejected':
      return `<path class="${cls}" d="M${r1(x - 5)},${r1(y - 9)}H${r1(x + 5)}L${r1(x)},${r1(y - 1)}Z" fill="#c62828" stroke="#000" stroke-width=".6">${t}</path>`;
    case 'cancel':
      return `<path class="${cls}" d="M${r1(x - 5)},${r1(y - 5)}L${r1(x + 5)},${r1(y + 5)}M${r1(x + 5)},${r1(y - 5)}L${r1(x - 5)},${r1(y + 5)}" stroke="#212121" stroke-width="2.2">${t}</path>`;
    case 'timeout':
      return `<g class="${cls}"><circle cx="${r1(x)}" cy="${r1(y)}" r="6" fill="#fff" stroke="${COLORS.timedOut}" stroke-width="2"/><path d="M${r1(x)},${r1(y - 4)}V${r1(y)}H${r1(x + 3)}" stroke="${COLORS.timedOut}" stroke-width="1.5" fill="none"/>${t}</g>`;
    case 'delivery':
      return `<circle class="${cls}" cx="${r1(x)}" cy="${r1(y)}" r="5" fill="${COLORS.completed}" stroke="#fff">${t}</circle>`;
    case 'deliveryError':
      return `<circle class="${cls}" cx="${r1(x)}" cy="${r1(y)}" r="5" fill="${COLORS.failed}" stroke="#fff">${t}</circle>`;
    case 'drop':
      return `<circle class="${cls}" cx="${r1(x)}" cy="${r1(y)}" r="5" fill="#fff" stroke="#616161" stroke-width="2">${t}</circle>`;
    case 'recordChange':
      return `<path class="${cls}" d="M${r1(x)},${r1(y - 9)}L${r1(x + 6)},${r1(y)}L${r1(x)},${r1(y + 9)}L${r1(x - 6)},${r1(y)}Z" fill="#f9a825" stroke="#6d4c00" stroke-width=".8">${t}</path>`;
    case 'pageOpen':
    case 'pageClose':
      return `<path class="${cls}" d="M${r1(x)},${r1(y - 10)}V${r1(y + 10)}" stroke="#37474f" stroke-width="2">${t}</path>`;
  }
}

/**
 * Renders the timeline.
 * @param report - the run report
 * @returns an `<svg>` element
 */
export function timelineSvg(report: RunReport): string {
  const end = Math.max(1, report.endTimeMs, ...report.markers.map((m) => m.atMs));
  const x = (t: number): number => LABEL_W + (Math.min(Math.max(t, 0), end) / end) * PLOT_W;
  const lanes: string[] = [];
  let y = AXIS_H;
  const laneBg = (label: string, kind: string, extra = ''): number => {
    const top = y;
    lanes.push(`<g class="lane lane-${kind}"${extra}><rect x="0" y="${top}" width="${LABEL_W + PLOT_W + 30}" height="${LANE_H}" fill="${kind === 'slot' ? '#fafbfc' : '#ffffff'}" stroke="#eaeef2"/><text x="8" y="${top + 17}" font-size="12" fill="#1f2328">${esc(label)}</text></g>`);
    y += LANE_H;
    return top;
  };
  for (const s of report.sessions) {
    lanes.push(`<text class="session-title" x="4" y="${y + 15}" font-size="12" font-weight="700" fill="#0b3d60">session ${esc(s.id)} (ChildSessionsMaxConcurrency ${s.concurrency})</text>`);
    y += 20;
    for (const p of s.pages) {
      const top = laneBg(`${p}`, 'page', ` data-session="${esc(s.id)}" data-page="${esc(p)}"`);
      const mid = top + LANE_H / 2;
      const mine = report.markers.filter((m) => m.session === s.id && m.page === p && m.kind !== 'cancel' && m.kind !== 'timeout');
      // The page's open spans as a band.
      let openAt: number | null = null;
      for (const m of mine) {
        if (m.kind === 'pageOpen') openAt = m.atMs;
        if (m.kind === 'pageClose' && openAt !== null) {
          lanes.push(`<rect class="page-open" x="${r1(x(openAt))}" y="${mid - 3}" width="${r1(Math.max(1, x(m.atMs) - x(openAt)))}" height="6" fill="#cfd8dc"/>`);
          openAt = null;
        }
      }
      if (openAt !== null) lanes.push(`<rect class="page-open" x="${r1(x(openAt))}" y="${mid - 3}" width="${r1(Math.max(1, x(end) - x(openAt)))}" height="6" fill="#cfd8dc"/>`);
      for (const m of mine) lanes.push(glyph(m, x(m.atMs), mid));
    }
    // Queue lane: waiting count as a step area, enqueue markers on top.
    const qTop = laneBg('queue (waiting)', 'queue', ` data-session="${esc(s.id)}"`);
    const qMax = Math.max(1, s.peakWaiting);
    let d = `M${r1(x(0))},${qTop + LANE_H}`;
    for (const [t, v] of s.waiting) d += `H${r1(x(t))}V${r1(qTop + LANE_H - (v / qMax) * (LANE_H - 4))}`;
    d += `H${r1(x(end))}V${qTop + LANE_H}Z`;
    lanes.push(`<path class="queue-area" d="${d}" fill="${COLORS.waiting}" opacity=".8"><title>${esc(`peak ${s.peakWaiting} waiting`)}</title></path>`);
    for (const m of report.markers.filter((mm) => mm.session === s.id && mm.page === null)) {
      lanes.push(glyph(m, x(m.atMs), m.kind === 'cancel' ? qTop + LANE_H / 2 : qTop + 10));
    }
    const slotCount = Math.max(1, s.slotsUsed);
    for (let slot = 1; slot <= slotCount; slot++) {
      const top = laneBg(`slot ${slot}${slot > s.concurrency && s.concurrency > 0 ? ' (above limit)' : ''}`, 'slot', ` data-session="${esc(s.id)}" data-slot="${slot}"`);
      for (const t of report.tasks.filter((tt) => tt.session === s.id && tt.slot === slot && tt.startedAtMs !== null)) {
        const from = t.startedAtMs ?? 0;
        const to = t.endedAtMs ?? end;
        const color = COLORS[t.outcome ?? 'running'];
        const w = Math.max(2, x(to) - x(from));
        lanes.push(
          `<g class="task-bar" data-task="${t.taskId}" data-outcome="${t.outcome ?? 'running'}"><rect x="${r1(x(from))}" y="${top + 4}" width="${r1(w)}" height="${LANE_H - 8}" rx="3" fill="${color}"/>` +
            (w > 34 ? `<text x="${r1(x(from) + 4)}" y="${top + 17}" font-size="10" fill="#fff">#${t.taskId} ${esc(t.page)}</text>` : '') +
            `<title>${esc(`task ${t.taskId} (${t.page}, codeunit ${t.codeunit}): ${t.story}`)}</title></g>`,
        );
        for (const m of report.markers.filter((mm) => mm.session === s.id && mm.taskId === t.taskId && (mm.kind === 'cancel' || mm.kind === 'timeout') && mm.page !== null)) {
          lanes.push(glyph(m, x(m.atMs), top + LANE_H / 2));
        }
      }
    }
    y += 8;
  }
  const axis: string[] = [];
  const step = niceStep(end / 10);
  for (let t = 0; t <= end; t += step) {
    axis.push(`<line x1="${r1(x(t))}" x2="${r1(x(t))}" y1="${AXIS_H - 6}" y2="${y}" stroke="#eaeef2"/><text x="${r1(x(t))}" y="${AXIS_H - 10}" font-size="10" text-anchor="middle" fill="#656d76">${t} ms</text>`);
  }
  const height = y + 6;
  const width = LABEL_W + PLOT_W + 44;
  return `<svg id="timeline" class="timeline" role="img" aria-label="timeline of ${esc(report.scenario)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axis.join('')}${lanes.join('')}</svg>`;
}

/** Legend entries of the timeline: [label, colour]. */
export const TIMELINE_LEGEND: readonly (readonly [string, string])[] = [
  ['completed', COLORS.completed],
  ['failed', COLORS.failed],
  ['timed out', COLORS.timedOut],
  ['cancelled', COLORS.cancelled],
  ['still running', COLORS.running],
  ['waiting (queue lane)', COLORS.waiting],
  ['record change ◆', '#f9a825'],
];
