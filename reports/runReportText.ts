/**
 * Small texts shared by the run report's HTML and markdown pages.
 * @module
 */
import type { PageSummary } from './runSummary.js';

/** `session/page`, or `all pages` for the total row. */
export function pageName(p: Pick<PageSummary, 'session' | 'page'>): string {
  return p.session === '*' ? 'all pages' : `${p.session}/${p.page}`;
}

/** A count by reason: `8 (5 recordChanged, 3 pageClosed)`, or `0`. */
export function byReasonText(m: Readonly<Record<string, number>>): string {
  const entries = Object.entries(m).filter(([, v]) => v > 0);
  const total = entries.reduce((a, [, v]) => a + v, 0);
  return total === 0 ? '0' : `${total} (${entries.map(([k, v]) => `${v} ${k}`).join(', ')})`;
}
