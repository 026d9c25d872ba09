/**
 * Words and colours of the text story: a painter that colours only when asked (a terminal
 * without NO_COLOR), and plain words for the model's identifiers (recordChanged → "record
 * changed").
 * @module
 */
import { styleText } from 'node:util';

/** A `styleText` style name. */
export type Style = Parameters<typeof styleText>[0];

/** Colours text, or returns it unchanged. */
export type Paint = (style: Style, text: string) => string;

/** A painter: ANSI colours when `enabled`, else the identity. */
export function painter(enabled: boolean): Paint {
  // validateStream: false — the caller decided (TTY and NO_COLOR are checked by wantColor).
  return enabled ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

/**
 * Whether the text output may be coloured: only on a terminal, and never when NO_COLOR is set
 * (https://no-color.org: any non-empty value).
 * @param isTTY - the output stream's `isTTY`
 * @param env - the environment
 */
export function wantColor(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY === true && (env['NO_COLOR'] ?? '') === '';
}

const REASONS: Readonly<Record<string, string>> = {
  recordChanged: 'record changed',
  pageClosed: 'page closed',
  cancelBackgroundTask: 'CancelBackgroundTask',
  sessionClosed: 'session closed',
};

/** A cancel or drop reason in plain words. */
export function reasonWords(reason: string | null): string {
  return reason === null ? 'cancelled' : REASONS[reason] ?? reason;
}

/** A count by reason as text: `8 (5 record changed, 3 page closed)`, or `0`. */
export function byReason(m: Readonly<Record<string, number>>): string {
  const entries = Object.entries(m).filter(([, v]) => v > 0);
  const total = entries.reduce((n, [, v]) => n + v, 0);
  if (total === 0) return '0';
  return `${total} (${entries.map(([k, v]) => `${v} ${reasonWords(k)}`).join(', ')})`;
}

/** `a` or `a–b` for a range of numbers. */
export function range(lo: number, hi: number, unit = ''): string {
  return lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
}

/** `1 task` / `3 tasks`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
