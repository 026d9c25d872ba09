/**
 * The application layer between `cli/` and the libraries: one streaming pipeline per command
 * (run, replay), resource guards, the check thread of long runs, and the output module every
 * file goes through.
 * @module
 */
export { runPipeline } from './run.js';
export type { RunPipelineOptions, RunPipelineResult, TextOutputFold } from './run.js';
export { simulate } from './simulate.js';
export type { SimulateOptions, SimulationOutcome, RunStatusName } from './simulate.js';
export { CheckThread, CHECK_THREAD_MODES, CHECK_BATCH_RECORDS, MAX_IN_FLIGHT, checkThreadAllowed } from './checkThread.js';
export type { CheckThreadMode, CheckThreadOptions, ThreadedChecks } from './checkThread.js';
export { CheckConsumer } from './checkConsumer.js';
export type { CheckResult, CheckSpec } from './checkConsumer.js';
export { runChecksAgain } from './checkRun.js';
export type { ChecksAgainResult, RunEndPoint } from './checkRun.js';
export { FoldSink, RecordCollector } from './folds.js';
export type { RecordFold } from './folds.js';
export { Guards, CHECK_EVERY, DEFAULT_MAX_WALL_MS, DEFAULT_MAX_TRACE_BYTES, defaultMaxHeapBytes } from './guards.js';
export type { Budgets, GuardStop, GuardTrip } from './guards.js';
export { MonitorFold } from './monitors.js';
export { JsonResultWriter } from './jsonResult.js';
export type { ResultTail } from './jsonResult.js';
export { TraceFileWriter, TRACE_FORMAT, storedPath, scenarioDigestOf } from './traceFile.js';
export { replayTrace, formatReplay, TraceFileError } from './replay.js';
export type { ReplaySummary, ReplayDifference } from './replay.js';
export { LineReader, lastLine } from './lineReader.js';
export type { TraceHeader, TraceFooter } from './traceFile.js';
export { runReportFormat, renderRunReport, RunReportRecordFold } from './runReport.js';
export type { RunReportFormat } from './runReport.js';
export { stopMessage } from './messages.js';
export * from './output/index.js';
