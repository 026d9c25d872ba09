/**
 * What kind of file a text is, so a file of the wrong kind gets plain words instead of a JSON
 * error: a trace given to `run` ("this is a pbtsim trace, not a scenario; use `pbtsim replay`"),
 * a scenario given to `replay`, a `run --json` result, AL source, an HTML report, a binary file.
 * Looks only at the start of the text (cheap on any size).
 * @module
 */

/** The kinds of file pbtsim can tell apart. */
export type FileKind = 'scenario' | 'trace' | 'result' | 'al' | 'html' | 'binary' | 'json' | 'unknown';

const HEAD = 65_536;

/**
 * Classifies a text by its start.
 * @param text - the file's text (a leading BOM is ignored)
 * @returns its kind; `json` is JSON that is none of pbtsim's kinds
 */
export function fileKindOf(text: string): FileKind {
  const head = text.slice(0, HEAD).replace(/^\ufeff/, '');
  if (head.includes('\u0000')) return 'binary';
  const start = head.trimStart();
  if (/^<(!doctype\s+html|html)\b/i.test(start)) return 'html';
  if (/^(\/\/[^\n]*\n\s*)*(page|pageextension|codeunit|table|tableextension|report|enum|query|xmlport)\s+\d+\s/i.test(start)) return 'al';
  if (!start.startsWith('{') && !start.startsWith('[')) return 'unknown';
  const firstLine = start.split('\n', 1)[0]!;
  if (/^\{\s*"format"\s*:\s*"pbtsim-trace\//.test(firstLine)) return 'trace';
  if (/"format"\s*:\s*"pbtsim-trace\//.test(firstLine) && /"kind"\s*:\s*"header"/.test(firstLine)) return 'trace';
  if (/"version"\s*:/.test(head) && /"sessions"\s*:/.test(head)) return 'scenario';
  if (/"digest"\s*:\s*"sha256:/.test(head) && /"enqueueCalls"\s*:/.test(head)) return 'result';
  return 'json';
}

/**
 * A sentence for a file that is not a scenario, or undefined when it may be one.
 * @param text - the file's text
 * @returns e.g. "this is a pbtsim trace, not a scenario; use `pbtsim replay <file>`"
 */
export function notAScenario(text: string): string | undefined {
  switch (fileKindOf(text)) {
    case 'trace': return 'this is a pbtsim trace, not a scenario; use `pbtsim replay <trace>` to re-run it';
    case 'result': return 'this is the output of `pbtsim run --json` (a run result), not a scenario';
    case 'al': return 'this is AL source, not a scenario; `pbtsim import` turns AL pages and codeunits into a scenario';
    case 'html': return 'this is an HTML file (a pbtsim report?), not a scenario';
    case 'binary': return 'this is a binary file (it contains NUL bytes), not a scenario (a JSON text)';
    default: return undefined;
  }
}

/**
 * A sentence for a file that is not a trace, or undefined when it may be one (for `replay`).
 * @param text - the file's text
 * @returns e.g. "this is a pbtsim scenario, not a trace; use `pbtsim run <file> --trace out.jsonl`"
 */
export function notATrace(text: string): string | undefined {
  switch (fileKindOf(text)) {
    case 'scenario': return 'this is a pbtsim scenario, not a trace; use `pbtsim run <scenario>` (with `--trace out.jsonl` to write a trace)';
    case 'result': return 'this is the output of `pbtsim run --json` (a run result), not a trace; write a trace with `pbtsim run <scenario> --trace out.jsonl`';
    case 'al': return 'this is AL source, not a trace';
    case 'html': return 'this is an HTML file (a pbtsim report?), not a trace';
    case 'binary': return 'this is a binary file (it contains NUL bytes), not a trace';
    default: return undefined;
  }
}
