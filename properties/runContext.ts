/**
 * The run context the invariants may use besides the model's records: a `pbt.server` header
 * (mode, server settings and their updates, non-default policies) before the first record, and a
 * `pbt.runEnd` footer (how the engine run ended) after the last. The model does not emit them;
 * {@link withRunContext} adds them from the compiled scenario and the run result. A user checking
 * a bare trace gets the checks that need no context.
 * @module
 */
import type { TraceRecord, TraceValue } from '../engine/index.js';
import { DEFAULT_POLICIES, type CompiledScenario, type ScenarioRun } from '../models/pbt/index.js';
import { FOOTER_TYPE, HEADER_TYPE } from './invariants/traceView.js';

/**
 * The trace of a run framed by its context records.
 * @param sc - the compiled scenario that was run
 * @param run - what `runScenario` returned
 * @returns `[pbt.server header, ...run.records, pbt.runEnd footer]`
 */
export function withRunContext(sc: CompiledScenario, run: ScenarioRun): TraceRecord[] {
  const policies: Record<string, TraceValue> = {};
  for (const [k, v] of Object.entries(sc.policies)) {
    if (v !== DEFAULT_POLICIES[k as keyof typeof DEFAULT_POLICIES]) policies[k] = v as TraceValue;
  }
  const header: TraceRecord = {
    seq: -1, timeMs: 0, type: HEADER_TYPE,
    run: { mode: sc.mode, server: { ...sc.server }, updates: sc.serverUpdates.map((u) => ({ ...u.server })), policies },
  };
  const last = run.records[run.records.length - 1];
  const status = run.run.ok ? run.run.status : run.run.error.code;
  const footer: TraceRecord = { seq: (last?.seq ?? -1) + 1, timeMs: Math.max(last?.timeMs ?? 0, run.run.nowMs), type: FOOTER_TYPE, status };
  return [header, ...run.records, footer];
}
