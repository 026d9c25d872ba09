/**
 * `pbtsim run <file> --report out.html|out.md|out.json`: writes the run report next to the run's
 * usual output. An extension of `run` (through its `runExtensions` and `afterRunHooks`), so
 * run.ts is unchanged. The format follows the file's extension; the file is written atomically.
 * @module
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { ScenarioRun } from '../../models/pbt/index.js';
import { buildRunReport, renderRunReportHtml, renderRunReportMarkdown } from '../../reports/index.js';
import { writeFileAtomic } from '../io.js';
import type { Register } from './index.js';
import { afterRunHooks, runExtensions } from './run.js';

/** Report formats by file extension. */
export type RunReportFormat = 'html' | 'md' | 'json';

/**
 * The format a report file name asks for.
 * @throws InvalidArgumentError for any other extension (commander turns it into exit 2)
 */
export function runReportFormat(file: string): RunReportFormat {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'json') return 'json';
  throw new InvalidArgumentError(`expected a file ending in .html, .md or .json, got ${file}`);
}

/** Renders the run report of `run` in `format`. */
export function renderRunReport(run: ScenarioRun, format: RunReportFormat): string {
  const report = buildRunReport(run.result, run.records);
  if (format === 'html') return renderRunReportHtml(report);
  if (format === 'md') return renderRunReportMarkdown(report);
  return JSON.stringify(report, null, 2) + '\n';
}

function addReportOption(cmd: Command): void {
  cmd.option('--report <file>', 'also write a run report: timeline and tables (.html, .md or .json by extension)', (v: string) => {
    runReportFormat(v);
    return v;
  });
}

function writeReport(run: ScenarioRun, opts: Record<string, unknown>): void {
  const file = opts['report'];
  if (typeof file !== 'string') return;
  writeFileAtomic(file, renderRunReport(run, runReportFormat(file)));
  process.stderr.write(`pbtsim: wrote run report ${file}\n`);
}

/** Adds `--report` to `pbtsim run` (registers no command of its own; idempotent). */
export const registerRunReport: Register = () => {
  if (!runExtensions.includes(addReportOption)) runExtensions.push(addReportOption);
  if (!afterRunHooks.includes(writeReport)) afterRunHooks.push(writeReport);
};
