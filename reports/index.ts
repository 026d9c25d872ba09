/**
 * Reports: pure functions from catalog, traces and results to report values and to text
 * (markdown, self-contained HTML, JSON, JUnit XML). They depend on engine and model types only;
 * running scenarios and writing files is the CLI's business.
 * @module
 */
export { parseCatalog, vendoredCatalog, shorten, CLAUSE_ID_PATTERN } from './catalog.js';
export type { Catalog, Clause, Gap, Simulable } from './catalog.js';
export { citedTests } from './testTitles.js';
export type { CitedTest } from './testTitles.js';
export { DETECTORS, exercisedClauses } from './exercise.js';
export type { Detector, RunView } from './exercise.js';
export { TRANSITIONS, emptyLifecycle, addLifecycle } from './lifecycle.js';
export type { LifecycleCounts, Transition } from './lifecycle.js';
export { buildConformance, STATUSES } from './conformance.js';
export type {
  ConformanceInput, ConformanceReport, ClauseRow, ClauseStatus, ClauseViolation, DeterminismCheck, FixedChoiceRow,
  InvariantInfo, PolicyRow, ReportMeta, RunObservation, RunViolation,
} from './conformance.js';
export { renderConformanceMarkdown } from './conformanceMarkdown.js';
export { renderConformanceHtml } from './conformanceHtml.js';
export { renderConformanceJunit } from './conformanceJunit.js';
export { buildRunReport } from './runReport.js';
export type { RunReport, TaskStory, TimelineMarker, SessionView, TimingRow, WasteRow } from './runReport.js';
export { renderRunReportHtml } from './runReportHtml.js';
export { renderRunReportMarkdown } from './runReportMarkdown.js';
export { parseSeedRange, MAX_SWEEP_SEEDS } from './sweep.js';
export type { SweepReport, SweepPageRow, SweepSeedRow, SweepSettingRow, SweepVerdictClause } from './sweep.js';
export { renderSweepHtml } from './sweepHtml.js';
export { renderSweepMarkdown } from './sweepMarkdown.js';
export { percentile, summarize, histogram, formatMs } from './stats.js';
export type { Summary, Bin } from './stats.js';
