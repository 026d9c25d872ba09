/**
 * The run report of `pbtsim run --report out.html|out.md|out.json`: format by extension, built by
 * the run-report fold of reports/ (brief interface 4) from bounded aggregates while the run goes.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { ResultViolation, RunWarning } from '../models/pbt/result.js';
import { createRunReportFold, renderRunReportHtml, renderRunReportMarkdown, type RunReport, type RunReportFold } from '../reports/index.js';
import type { RecordFold } from './folds.js';

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
 * Renders a run report in a format.
 * @param report - from the fold
 * @param format - from {@link runReportFormat}
 */
export function renderRunReport(report: RunReport, format: RunReportFormat): string {
  if (format === 'html') return renderRunReportHtml(report);
  if (format === 'md') return renderRunReportMarkdown(report);
  return JSON.stringify(report, null, 2) + '\n';
}

/** The run-report fold as a fold of the pipeline. */
export class RunReportRecordFold implements RecordFold {
  private readonly fold: RunReportFold = createRunReportFold();

  /** @inheritdoc */
  step(record: TraceRecord): void {
    this.fold.step(record);
  }

  /** The report (call once). */
  finish(head: { scenario: string; seed: number | string; endTimeMs: number; eventCount: number; digest: string; violations: readonly ResultViolation[]; runWarnings: readonly RunWarning[] }): RunReport {
    return this.fold.finish(head);
  }
}
