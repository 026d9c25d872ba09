/**
 * The run report of `pbtsim run --report out.html|out.md|out.json`: format by extension, built
 * from the run's result and records. Until the run-report fold of reports/ lands (brief
 * interface 4) the report is built by the batch `buildRunReport`, so the pipeline collects the
 * records only when `--report` is given.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { RunResultContract } from '../models/pbt/result.js';
import { buildRunReport, renderRunReportHtml, renderRunReportMarkdown } from '../reports/index.js';

/** Report formats by file extension. */
export type RunReportFormat = 'html' | 'md' | 'json';

/**
 * The format a report file name asks for, or null for any other extension.
 * @param file - the report file name
 */
export function runReportFormat(file: string): RunReportFormat | null {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'json') return 'json';
  return null;
}

/**
 * Renders the run report.
 * @param result - the run's result contract (violations filled in)
 * @param records - the run's records
 * @param format - from {@link runReportFormat}
 */
export function renderRunReport(result: RunResultContract, records: readonly TraceRecord[], format: RunReportFormat): string {
  const report = buildRunReport(result, records);
  if (format === 'html') return renderRunReportHtml(report);
  if (format === 'md') return renderRunReportMarkdown(report);
  return JSON.stringify(report, null, 2) + '\n';
}
