/**
 * Business Central timespans: server settings such as PageBackgroundTaskDefaultTimeout are
 * written `hh:mm:ss` (PBT-TMO-07, PBT-CFG-03/04); scenarios may also give integer milliseconds.
 * @module
 */

const TIMESPAN = /^(\d{1,2}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$/;

/**
 * Parses `hh:mm:ss[.fff]` into integer milliseconds; returns undefined when the text is not a
 * timespan. Integers are accepted as milliseconds as they are.
 * @param value - text or integer
 * @returns milliseconds, or undefined when malformed
 */
export function parseTimespanMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const m = TIMESPAN.exec(value);
  if (m === null) return undefined;
  const frac = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0'));
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + frac;
}

/** Formats milliseconds as `hh:mm:ss` (with `.fff` when not whole seconds). */
export function formatTimespan(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const base = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  return ms % 1000 === 0 ? base : `${base}.${String(ms % 1000).padStart(3, '0')}`;
}
