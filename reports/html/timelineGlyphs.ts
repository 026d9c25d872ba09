/**
 * The timeline's markers: one distinct shape per kind (enqueue ▼, rejected enqueue ▼ red with
 * a bar, cancel ⊗, timeout clock, delivery ●, error delivery ● red, drop ⊘, record change ◆,
 * page open/close |), drawn around (0, y) so that a marker moves by its group's transform,
 * and the legend that shows the same shapes.
 * @module
 */
import type { TimelineMarker } from '../runReportTypes.js';
import { COLORS, esc } from './page.js';

/** A marker kind. */
export type MarkerKind = TimelineMarker['kind'];

/** The shape of a marker kind, centred on (0, y). */
export function glyphShape(kind: MarkerKind, y: number): string {
  switch (kind) {
    case 'enqueue':
      return `<path d="M-5,${y - 6}H5L0,${y + 3}Z" fill="#1565c0"/>`;
    case 'enqueueRejected':
      return `<path d="M-6,${y - 7}H6L0,${y + 4}Z" fill="#c62828" stroke="#3b0000" stroke-width="1"/><path d="M-7,${y + 7}H7" stroke="#c62828" stroke-width="2"/>`;
    case 'cancel':
      return `<circle cx="0" cy="${y}" r="6" fill="#fff" stroke="#212121" stroke-width="1.6"/><path d="M-3,${y - 3}L3,${y + 3}M3,${y - 3}L-3,${y + 3}" stroke="#212121" stroke-width="1.6"/>`;
    case 'timeout':
      return `<circle cx="0" cy="${y}" r="6" fill="#fff" stroke="${COLORS.timedOut}" stroke-width="2"/><path d="M0,${y - 4}V${y}H3" stroke="${COLORS.timedOut}" stroke-width="1.5" fill="none"/>`;
    case 'delivery':
      return `<circle cx="0" cy="${y}" r="5" fill="${COLORS.completed}" stroke="#fff" stroke-width="1"/>`;
    case 'deliveryError':
      return `<circle cx="0" cy="${y}" r="5" fill="${COLORS.failed}" stroke="#fff" stroke-width="1"/>`;
    case 'drop':
      return `<circle cx="0" cy="${y}" r="5" fill="#fff" stroke="#616161" stroke-width="1.8"/><path d="M-3.5,${y + 3.5}L3.5,${y - 3.5}" stroke="#616161" stroke-width="1.8"/>`;
    case 'recordChange':
      return `<path d="M0,${y - 7}L5,${y}L0,${y + 7}L-5,${y}Z" fill="#f9a825" stroke="#6d4c00" stroke-width=".8"/>`;
    case 'pageOpen':
    case 'pageClose':
      return `<path d="M0,${y - 10}V${y + 10}" stroke="#37474f" stroke-width="2"/>`;
  }
}

/** Legend entries of the markers, in display order. */
export const MARKER_LEGEND: readonly (readonly [MarkerKind, string])[] = [
  ['enqueue', 'task enqueued (queue lane)'],
  ['enqueueRejected', 'enqueue rejected (returned false or runtime error)'],
  ['cancel', 'task cancelled'],
  ['timeout', 'task timed out'],
  ['delivery', 'result delivered to OnPageBackgroundTaskCompleted'],
  ['deliveryError', 'error delivered to OnPageBackgroundTaskError'],
  ['drop', 'result dropped at delivery (no trigger)'],
  ['recordChange', 'page record changed'],
  ['pageOpen', 'page opened or closed'],
];

/** The markers' legend: each shape in a small SVG with its meaning. */
export function markerLegend(kinds?: ReadonlySet<MarkerKind>): string {
  const items = MARKER_LEGEND.filter(([k]) => kinds === undefined || kinds.has(k) || (k === 'pageOpen' && kinds.has('pageClose')));
  return `<div class="legend marker-legend">${items.map(([k, label]) => `<span data-kind="${k}"><svg width="18" height="22" viewBox="-9 -11 18 22" aria-hidden="true">${glyphShape(k, 0)}</svg>${esc(label)}</span>`).join('')}</div>`;
}

/** Bar colours of the timeline: [label, colour]. */
export const BAR_LEGEND: readonly (readonly [string, string])[] = [
  ['completed', COLORS.completed],
  ['failed', COLORS.failed],
  ['timed out', COLORS.timedOut],
  ['cancelled', COLORS.cancelled],
  ['still running at the end', COLORS.running],
  ['waiting tasks (queue lane)', COLORS.waiting],
  ['page open', '#cfd8dc'],
];
