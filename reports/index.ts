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
export { buildRunReport, createRunReportFold, DEFAULT_WINDOW_TASKS, DEFAULT_WINDOW_SESSIONS, DEFAULT_WINDOW_MARKERS, DEFAULT_LIST_LIMIT } from './runReport.js';
export type { RunReport, RunReportFold, RunReportFoldOptions, RunReportHead, TaskStory, TimelineMarker, TimelineWindow, SessionView, FailedEnqueueCall } from './runReport.js';
export { RunSummaryFold, wastedRunMs, MAX_PAGE_ROWS } from './runSummary.js';
export type { PageSummary } from './runSummary.js';
export { WarningDigestFold, WARNING_ADVICE, DEFAULT_ADVICE, catalogLookup } from './warningDigest.js';
export type { WarningDigest, FailedEnqueueDigest, CitedClause } from './warningDigest.js';
export { triggerIndexOf } from './pageTriggers.js';
export type { TriggerIndex } from './pageTriggers.js';
export { NumberSample } from './sample.js';
export { renderRunReportHtml } from './runReportHtml.js';
export { renderRunReportMarkdown } from './runReportMarkdown.js';
export { parseSeedRange, MAX_SWEEP_SEEDS } from './sweep.js';
export type { SweepReport, SweepPageRow, SweepSeedRow, SweepSettingRow, SweepVerdictClause } from './sweep.js';
export { renderSweepHtml } from './sweepHtml.js';
export { renderSweepMarkdown } from './sweepMarkdown.js';
export { percentile, summarize, histogram, formatMs, ticks, niceStep } from './stats.js';
export type { Summary, Bin } from './stats.js';
