/**
 * The streamed `--json` result (the result contract, docs/result-contract.md; same names): the object
 * opens with `scenario` and `seed`, then `tasks`, each written (one per line) in enqueue order as
 * soon as it and every earlier task are final; `enqueueCalls` and `warnings` are spooled to a
 * temp file meanwhile (bounded memory) and follow; then `endTimeMs`, `eventCount`, `digest` and
 * `violations`. Key order differs from the old batch output; the values are identical.
 *
 * Each task, call and warning line is built by hand in the contract's key order (byte-identical
 * to `JSON.stringify` of the object the result fold builds, which has that order) rather than
 * stringified; a value of an unexpected type (e.g. a missing field of a hand-made trace) makes
 * that line fall back to `JSON.stringify`.
 * @module
 */
import type { EnqueueCallResult, ResultFoldHandlers, RunWarning, TaskResult } from '../models/pbt/result.js';
import type { Violation } from '../properties/index.js';
import { jsonScalar, jsonString, Spool, type TextOutput } from './output/index.js';

/** The end of the result, known once the run is over. */
export interface ResultTail {
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly digest: string;
  /** Warnings known only at the end (e.g. `untilReached`), after those of the trace. */
  readonly lateWarnings: readonly RunWarning[];
  readonly violations: readonly Violation[];
}

/**
 * The results of a task: `JSON.stringify` of an object of strings, or `undefined` for anything
 * else (the caller falls back to `JSON.stringify` of the whole task).
 */
function resultsJson(o: unknown): string | undefined {
  if (o === null) return 'null';
  if (typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  let s = '';
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (typeof v !== 'string') return undefined;
    s += (s === '' ? '{' : ',') + jsonString(k) + ':' + jsonString(v);
  }
  return s === '' ? '{}' : s + '}';
}

/** `JSON.stringify(task)` of a task built by the result fold (contract key order). */
export function taskJson(t: TaskResult): string {
  const session = jsonScalar(t.session);
  const page = jsonScalar(t.page);
  const taskId = jsonScalar(t.taskId);
  const codeunit = jsonScalar(t.codeunit);
  const record = jsonScalar(t.record);
  const requestedTimeoutMs = jsonScalar(t.requestedTimeoutMs);
  const effectiveTimeoutMs = jsonScalar(t.effectiveTimeoutMs);
  const errorLevel = jsonScalar(t.errorLevel);
  const enqueuedAtMs = jsonScalar(t.enqueuedAtMs);
  const startedAtMs = jsonScalar(t.startedAtMs);
  const endedAtMs = jsonScalar(t.endedAtMs);
  const outcome = jsonScalar(t.outcome);
  const cancelReason = jsonScalar(t.cancelReason);
  const errorCode = jsonScalar(t.errorCode);
  const trigger = jsonScalar(t.trigger);
  const deliveredAtMs = jsonScalar(t.deliveredAtMs);
  const delivery = jsonScalar(t.delivery);
  const surfacedAs = jsonScalar(t.surfacedAs);
  const dropReason = jsonScalar(t.dropReason);
  const results = resultsJson(t.results);
  if (
    session === undefined || page === undefined || taskId === undefined || codeunit === undefined || record === undefined
    || requestedTimeoutMs === undefined || effectiveTimeoutMs === undefined || errorLevel === undefined || enqueuedAtMs === undefined
    || startedAtMs === undefined || endedAtMs === undefined || outcome === undefined || cancelReason === undefined || errorCode === undefined
    || trigger === undefined || deliveredAtMs === undefined || delivery === undefined || surfacedAs === undefined || dropReason === undefined
    || results === undefined
  ) return JSON.stringify(t);
  return '{"session":' + session + ',"page":' + page + ',"taskId":' + taskId + ',"codeunit":' + codeunit + ',"record":' + record
    + ',"requestedTimeoutMs":' + requestedTimeoutMs + ',"effectiveTimeoutMs":' + effectiveTimeoutMs + ',"errorLevel":' + errorLevel
    + ',"enqueuedAtMs":' + enqueuedAtMs + ',"startedAtMs":' + startedAtMs + ',"endedAtMs":' + endedAtMs + ',"outcome":' + outcome
    + ',"cancelReason":' + cancelReason + ',"errorCode":' + errorCode + ',"trigger":' + trigger + ',"deliveredAtMs":' + deliveredAtMs
    + ',"delivery":' + delivery + ',"surfacedAs":' + surfacedAs + ',"dropReason":' + dropReason + ',"results":' + results + '}';
}

/** `JSON.stringify(call)` of an enqueue call built by the result fold (contract key order). */
export function enqueueCallJson(c: EnqueueCallResult): string {
  const session = jsonScalar(c.session);
  const page = jsonScalar(c.page);
  const atMs = jsonScalar(c.atMs);
  const ok = jsonScalar(c.ok);
  const taskId = jsonScalar(c.taskId);
  const runtimeError = jsonScalar(c.runtimeError);
  if (session === undefined || page === undefined || atMs === undefined || ok === undefined || taskId === undefined || runtimeError === undefined) return JSON.stringify(c);
  return '{"session":' + session + ',"page":' + page + ',"atMs":' + atMs + ',"ok":' + ok + ',"taskId":' + taskId + ',"runtimeError":' + runtimeError + '}';
}

/** `JSON.stringify(warning)` of a warning built by the result fold or the pipeline (contract key order). */
export function warningJson(w: RunWarning): string {
  const code = jsonScalar(w.code);
  const message = jsonScalar(w.message);
  const atMs = jsonScalar(w.atMs);
  const session = jsonScalar(w.session);
  const taskId = jsonScalar(w.taskId);
  if (code === undefined || message === undefined || atMs === undefined || session === undefined || taskId === undefined) return JSON.stringify(w);
  return '{"code":' + code + ',"message":' + message + ',"atMs":' + atMs + ',"session":' + session + ',"taskId":' + taskId + '}';
}

/** Streams the result contract to a text output (see the module comment). */
export class JsonResultWriter implements ResultFoldHandlers {
  private tasks = 0;
  private readonly calls = new Spool('enqueue calls');
  private callCount = 0;
  private readonly warningSpool = new Spool('warnings');
  private warningCount = 0;

  /**
   * Writes the opening of the object.
   * @param out - stdout or a file
   * @param head - scenario name and seed
   * @param earlyWarnings - warnings known before the run (e.g. `noSeed`), first in the list
   */
  constructor(private readonly out: TextOutput, head: { scenario: string; seed: number | string }, earlyWarnings: readonly RunWarning[] = []) {
    out.write(`{\n  "scenario": ${JSON.stringify(head.scenario)},\n  "seed": ${JSON.stringify(head.seed)},\n  "tasks": [`);
    for (const w of earlyWarnings) this.warning(w);
  }

  /** @inheritdoc */
  task(task: TaskResult): void {
    this.out.write((this.tasks++ === 0 ? '\n    ' : ',\n    ') + taskJson(task));
  }

  /** @inheritdoc */
  enqueueCall(call: EnqueueCallResult): void {
    this.calls.write((this.callCount++ === 0 ? '\n    ' : ',\n    ') + enqueueCallJson(call));
  }

  /** @inheritdoc */
  warning(warning: RunWarning): void {
    this.warningSpool.write((this.warningCount++ === 0 ? '\n    ' : ',\n    ') + warningJson(warning));
  }

  /** Writes the rest of the object (and removes the spools). */
  finish(tail: ResultTail): void {
    const out = this.out;
    out.write(this.tasks === 0 ? '],\n  "enqueueCalls": [' : '\n  ],\n  "enqueueCalls": [');
    this.calls.drainTo(out);
    out.write(this.callCount === 0 ? '],\n' : '\n  ],\n');
    out.write(`  "endTimeMs": ${tail.endTimeMs},\n  "eventCount": ${tail.eventCount},\n  "digest": ${JSON.stringify(tail.digest)},\n  "warnings": [`);
    for (const w of tail.lateWarnings) this.warning(w);
    this.warningSpool.drainTo(out);
    out.write(this.warningCount === 0 ? '],\n' : '\n  ],\n');
    out.write('  "violations": [');
    tail.violations.forEach((v, i) => out.write((i === 0 ? '\n    ' : ',\n    ') + JSON.stringify({ ...v, clauses: [...v.clauses] })));
    out.write(tail.violations.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  }

  /** Removes the spools without writing them (the run failed). */
  discard(): void {
    this.calls.discard();
    this.warningSpool.discard();
  }
}
