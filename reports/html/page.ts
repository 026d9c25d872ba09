/**
 * The HTML shell of every report: one self-contained page (inline CSS, inline SVG, at most an
 * inline script — the run report's timeline zoom — and no external resource of any kind; the
 * Content-Security-Policy forbids every request), and escaping helpers. The layout fits windows
 * 1,280–1,920 px wide: wide tables scroll inside their own box, never the page.
 * @module
 */

/** Escapes text for HTML content and attribute values. */
export function esc(v: string | number | boolean | null): string {
  if (v === null) return '–';
  return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Outcome and status colours, shared by the timeline, the legends and the tables. */
export const COLORS = {
  completed: '#2e7d32',
  failed: '#c62828',
  timedOut: '#ef6c00',
  cancelled: '#757575',
  running: '#1565c0',
  waiting: '#90caf9',
  conforms: '#2e7d32',
  violated: '#c62828',
  policy: '#6a1b9a',
  'no evidence': '#ef6c00',
  'not simulable': '#9e9e9e',
} as const;

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { background: #0b3d60; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header .sub { opacity: .85; }
main { padding: 8px 24px 40px; max-width: 1840px; }
h3 { margin: 20px 0 6px; font-size: 16px; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll table { margin-top: 4px; }
td.story { min-width: 260px; }
table.wide td.story { overflow-wrap: anywhere; }
svg.timeline { display: block; width: 100%; max-width: 1534px; height: auto; touch-action: none; user-select: none; }
.tl-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 6px 0; }
.tl-tools button { font: inherit; font-size: 13px; padding: 2px 10px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
.tl-tools button:hover { background: #eaeef2; }
.card.bad { border-color: #c62828; background: #fff5f5; }
.card.warn { border-color: #ef6c00; background: #fff8f0; }
.note { border-left: 4px solid #ef6c00; background: #fff8f0; padding: 6px 10px; margin: 8px 0; }
.err { color: #b71c1c; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #fbfbfc; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; border-radius: 4px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; color: #fff; font-size: 12px; white-space: nowrap; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.kv dt { font-weight: 600; } .kv dd { margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .n { font-size: 22px; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 6px 0; font-size: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.muted { color: #656d76; }
.chart { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px; background: #fff; max-width: 100%; }
.chart:has(> svg.histogram) { display: inline-block; vertical-align: top; margin: 0 8px 8px 0; }
.chart > svg { max-width: 100%; height: auto; }
table.wide { width: 100%; }
details summary { cursor: pointer; }
ul.ev { margin: 0; padding-left: 16px; }
`;

/** Options of {@link htmlPage}. */
export interface HtmlPageOptions {
  /** An inline script run at the end of the body (the CSP then allows inline scripts, still no requests). */
  readonly script?: string;
}

/**
 * A whole report page.
 * @param title - page title and heading
 * @param subtitle - one line under the heading
 * @param body - the page's sections (already escaped HTML)
 * @param options - an inline script
 */
export function htmlPage(title: string, subtitle: string, body: string, options: HtmlPageOptions = {}): string {
  const script = options.script !== undefined ? `<script>${options.script.replace(/<\/script/gi, '<\\/script')}</script>\n` : '';
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:${script !== '' ? "; script-src 'unsafe-inline'" : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><div class="sub">${esc(subtitle)}</div></header>
<main>
${body}
</main>
${script}</body>
</html>
`;
}

/**
 * An HTML table.
 * @param head - column titles; a title ending in `#` marks a numeric column, one ending in `~`
 *   a wide text column (the mark is removed)
 * @param rows - cells as HTML (escape text with {@link esc} first)
 * @param attrs - extra attributes of the table element, e.g. `id="tasks"`
 */
export function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], attrs = ''): string {
  const cls = head.map((h) => (h.endsWith('#') ? ' class="num"' : h.endsWith('~') ? ' class="story"' : ''));
  const th = head.map((h, i) => `<th${cls[i]}>${esc(cls[i] !== '' ? h.slice(0, -1) : h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls[i] ?? ''}>${c}</td>`).join('')}</tr>`).join('\n');
  const wide = cls.includes(' class="story"') ? ' class="wide"' : '';
  return `<table${wide}${attrs ? ` ${attrs}` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** An HTML table inside a box that scrolls sideways when the table is wider than the page. */
export function scrollTable(head: readonly string[], rows: readonly (readonly string[])[], attrs = ''): string {
  return `<div class="scroll">${htmlTable(head, rows, attrs)}</div>`;
}

/** A coloured badge. */
export function badge(text: string, color: string): string {
  return `<span class="badge" style="background:${color}">${esc(text)}</span>`;
}

/** A legend of colour swatches. */
export function legend(items: readonly (readonly [string, string])[]): string {
  return `<div class="legend">${items.map(([label, color]) => `<span><i style="background:${color}"></i>${esc(label)}</span>`).join('')}</div>`;
}
