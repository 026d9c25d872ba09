/**
 * Markdown building blocks for the reports: escaped table cells and tables.
 * @module
 */

/** A table cell: pipes escaped, newlines folded, null as an en dash. */
export function mdCell(v: string | number | boolean | null): string {
  if (v === null) return '–';
  return String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * A GitHub-flavoured markdown table.
 * @param head - column titles
 * @param rows - cells, one array per row
 * @param align - `r` for right-aligned (numeric) columns
 */
export function mdTable(head: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[], align: readonly ('l' | 'r')[] = []): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (cs: readonly (string | number | boolean | null)[]): string => `| ${cs.map(mdCell).join(' | ')} |`;
  return [line(head), `| ${sep.join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
