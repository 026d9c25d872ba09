/**
 * The Business Central page-background-task model: scenario format, policies, the model, the
 * result contract and an AL-shaped API. Clause IDs refer to the catalog `reports/catalog/pbt-spec.md`.
 * @module
 */
export { loadScenario, compileScenario, ScenarioError, DEFAULT_MAX_EVENTS } from './scenario.js';
export type { CompiledScenario, CompiledSession } from './scenario.js';
export { scenarioSchema, scenarioJsonSchema } from './scenarioSchema.js';
export type { ScenarioFile, Statement, ScriptStep, CodeunitSpec, PageSpec, EnqueueArgs, CancelArgs, DurationSpec, TriggerName, TriggerMap } from './scenarioSchema.js';
export { DEFAULT_POLICIES, POLICY_TABLE, FIXED_CHOICES } from './policies.js';
export type { Policies, PolicyInfo } from './policies.js';
export { FAULTS, FAULT_NAMES } from './faults.js';
export type { Fault } from './faults.js';
export { DEFAULT_SERVER } from './state.js';
export type { ServerSettings, PbtState, SessionState, SessionCounts, TaskState, PageState, TaskStatus, Outcome, CancelReason, ErrorLevel, Frame, FrameStep, DeliveryContext, DeferredAction } from './state.js';
export { EVENT_RANK } from './events.js';
export type { PbtEvent } from './events.js';
export { RECORD_TYPES, TIMEOUT_ERROR_CODE, TIMEOUT_ERROR_TEXT } from './records.js';
export type { PbtRecordType } from './records.js';
export { createPbtModel, initialState, scheduleScenario } from './model.js';
export type { PbtModel } from './model.js';
export { runScenario, seedOf } from './run.js';
export type { RunScenarioOptions, ScenarioRun } from './run.js';
export { buildResult, ResultFold } from './result.js';
export type { RunResultContract, TaskResult, EnqueueCallResult, RunWarning, ResultViolation, ResultFoldHandlers, ResultFoldCounts } from './result.js';
export { parseTimespanMs, formatTimespan } from './timespan.js';
export { PbtSimulator, SessionHandle, PageHandle, AlRuntimeError } from './al.js';
export type { PageTriggers, PbtSimulatorOptions, CurrPage, PageBackgroundTaskErrorLevel } from './al.js';
export { RUN_END_STATUSES } from './framing.js';
export type { ServerRecordFields, RunEndFields } from './framing.js';
export type { RunEndStatus } from './records.js';
