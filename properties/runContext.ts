/**
 * The run framing the invariants use besides the model's other records: a `pbt.server` header
 * (mode, server settings and their updates, non-default policies) as the first record, and a
 * `pbt.runEnd` footer (how the engine run ended, with counts) as the last (interface 1 of the
 * brief, models/pbt/records.ts). The model emits both itself once its `finish` hook lands;
 * until then {@link withRunContext} synthesizes whichever the trace lacks, from the compiled
 * scenario and the run result, and never adds one the trace already has. A user checking a bare
 * trace gets the checks that need no context.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import { DEFAULT_POLICIES, type CompiledScenario, type Policies, type ScenarioRun } from '../models/pbt/index.js';
import { RUN_END_RECORD, SERVER_RECORD, type PbtRunEnd, type PbtServer, type RunEndStatus } from '../models/pbt/records.js';

/**
 * The `pbt.server` header of a compiled scenario (flat: mode, server, updates, policies).
 * @param sc - the compiled scenario
 * @param seq - the header's `seq` (-1 when it is put before a trace that starts at 0)
 */
export function serverHeader(sc: CompiledScenario, seq = -1): PbtServer {
  const policies: Partial<Record<keyof Policies, Policies[keyof Policies]>> = {};
  for (const k of Object.keys(sc.policies) as (keyof Policies)[]) {
    if (sc.policies[k] !== DEFAULT_POLICIES[k]) policies[k] = sc.policies[k];
  }
  return {
    seq, timeMs: 0, type: SERVER_RECORD, mode: sc.mode, server: { ...sc.server },
    updates: sc.serverUpdates.map((u) => ({ ...u.server })), policies: policies as PbtServer['policies'],
  };
}

/**
 * The `pbt.runEnd` footer of a run, after its last record.
 * @param run - what `runScenario` returned
 * @param last - the last record of the trace, if any
 */
export function runEndFooter(run: ScenarioRun, last: TraceRecord | undefined): PbtRunEnd {
  const status = (run.run.ok ? run.run.status : run.run.error.code) as RunEndStatus;
  const endTimeMs = Math.max(last?.timeMs ?? 0, run.run.nowMs);
  return {
    seq: (last?.seq ?? -1) + 1, timeMs: endTimeMs, type: RUN_END_RECORD, status, endTimeMs,
    eventCount: run.result.eventCount, tasks: run.result.tasks.length, enqueueCalls: run.result.enqueueCalls.length,
  };
}

/**
 * The trace of a run framed by its context records; a header or footer the trace already has is kept, not added again.
 * @param sc - the compiled scenario that was run
 * @param run - what `runScenario` returned
 * @returns `[pbt.server header, ...run.records, pbt.runEnd footer]`
 */
export function withRunContext(sc: CompiledScenario, run: ScenarioRun): TraceRecord[] {
  const records = run.records;
  const hasHeader = records[0]?.type === SERVER_RECORD;
  const last = records[records.length - 1];
  const hasFooter = last?.type === RUN_END_RECORD;
  const out: TraceRecord[] = hasHeader ? [] : [serverHeader(sc)];
  for (const r of records) out.push(r);
  if (!hasFooter) out.push(runEndFooter(run, last));
  return out;
}
