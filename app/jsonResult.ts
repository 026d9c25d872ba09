/**
 * The streamed `--json` result (the result contract, docs/result-contract.md; same names): the object
 * opens with `scenario` and `seed`, then `tasks`, each written (one per line) in enqueue order as
 * soon as it and every earlier task are final; `enqueueCalls` and `warnings` are spooled to a
 * temp file meanwhile (bounded memory) and follow; then `endTimeMs`, `eventCount`, `digest` and
 * `violations`. Key order differs from the old batch output; the values are identical.
 *
 * Each task, call and warning line is written as bytes, field by field in the contract's key
 * order (output/jsonBytes.ts), byte-identical to `JSON.stringify` of the object the result fold
 * builds (which has that order), rather than stringified; a value of an unexpected type (e.g. a
 * missing field of a hand-made trace) makes that line fall back to `JSON.stringify`. Fields whose
 * values repeat (names, enumerations, nulls) are written as one fused key-and-value piece
 * (output/jsonBytes.ts `JsonField`, bounded). The writer borrows what the fold hands it (it keeps
 * nothing), so the fold reuses its task and call objects.
 * @module
 */
import type { EnqueueCallResult, ResultFoldHandlers, RunWarning, TaskResult } from '../models/pbt/result.js';
import type { Violation } from '../properties/index.js';
import { isJsonScalar, JsonBytes, JsonField, jsonPiece, Spool, type TextOutput } from './output/index.js';

/** The end of the result, known once the run is over. */
export interface ResultTail {
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly digest: string;
  /** Warnings known only at the end (e.g. `untilReached`), after those of the trace. */
  readonly lateWarnings: readonly RunWarning[];
  readonly violations: readonly Violation[];
}

// The constant pieces of the lines, between the values (first line of a list, later lines).
const T_TASK_ID = jsonPiece(',"taskId":');
const T_CODEUNIT = jsonPiece(',"codeunit":');
const T_EFFECTIVE = jsonPiece(',"effectiveTimeoutMs":');
const T_ENQUEUED = jsonPiece(',"enqueuedAtMs":');
const T_RESULTS = jsonPiece(',"results":');
const OPEN = jsonPiece('{');
const COMMA = jsonPiece(',');
const COLON = jsonPiece(':');
const CLOSE = jsonPiece('}');
const CLOSE_CLOSE = jsonPiece('}}');
const C_AT = jsonPiece(',"atMs":');
const C_OK = jsonPiece(',"ok":');
const WARNING_FIRST = jsonPiece('\n    {"code":');
const WARNING_NEXT = jsonPiece(',\n    {"code":');
const W_MESSAGE = jsonPiece(',"message":');
const W_AT = jsonPiece(',"atMs":');
const W_SESSION = jsonPiece(',"session":');
const W_TASK_ID = jsonPiece(',"taskId":');
const FIRST = jsonPiece('\n    ');
const NEXT = jsonPiece(',\n    ');

/** True for the results of a task that the fast path writes: null or an object of strings. */
function plainResults(o: unknown): boolean {
  if (o === null) return true;
  if (typeof o !== 'object' || Array.isArray(o)) return false;
  const r = o as Record<string, unknown>;
  for (const k in r) if (Object.prototype.hasOwnProperty.call(r, k) && typeof r[k] !== 'string') return false;
  return true;
}

/** True for a task whose every field the fast path writes as `JSON.stringify` would. */
function plainTask(t: TaskResult): boolean {
  return isJsonScalar(t.session) && isJsonScalar(t.page) && isJsonScalar(t.taskId) && isJsonScalar(t.codeunit) && isJsonScalar(t.record)
    && isJsonScalar(t.requestedTimeoutMs) && isJsonScalar(t.effectiveTimeoutMs) && isJsonScalar(t.errorLevel) && isJsonScalar(t.enqueuedAtMs)
    && isJsonScalar(t.startedAtMs) && isJsonScalar(t.endedAtMs) && isJsonScalar(t.outcome) && isJsonScalar(t.cancelReason)
    && isJsonScalar(t.errorCode) && isJsonScalar(t.trigger) && isJsonScalar(t.deliveredAtMs) && isJsonScalar(t.delivery)
    && isJsonScalar(t.surfacedAs) && isJsonScalar(t.dropReason) && plainResults(t.results);
}

// The fields of the task lines: fused key + value pieces of the enumerations' values; only `null`
// fused for names, records and numbers (many values: a lookup costs more than the string).
const F_SESSION_FIRST = new JsonField('\n    {"session":', 0);
const F_SESSION_NEXT = new JsonField(',\n    {"session":', 0);
const F_PAGE = new JsonField(',"page":', 0);
const F_RECORD = new JsonField(',"record":', 0);
const F_REQUESTED = new JsonField(',"requestedTimeoutMs":', 0);
const F_ERROR_LEVEL = new JsonField(',"errorLevel":');
const F_STARTED = new JsonField(',"startedAtMs":', 0);
const F_ENDED = new JsonField(',"endedAtMs":', 0);
const F_OUTCOME = new JsonField(',"outcome":');
const F_CANCEL = new JsonField(',"cancelReason":');
const F_ERROR_CODE = new JsonField(',"errorCode":');
const F_TRIGGER = new JsonField(',"trigger":');
const F_DELIVERED = new JsonField(',"deliveredAtMs":', 0);
const F_DELIVERY = new JsonField(',"delivery":');
const F_SURFACED = new JsonField(',"surfacedAs":');
const F_DROP = new JsonField(',"dropReason":');
const T_RESULTS_NULL = jsonPiece(',"results":null}');
const T_RESULTS_EMPTY = jsonPiece(',"results":{}}');
// The fields of the enqueue call lines.
const FC_SESSION_FIRST = new JsonField('\n    {"session":', 0);
const FC_SESSION_NEXT = new JsonField(',\n    {"session":', 0);
const FC_PAGE = new JsonField(',"page":', 0);
const FC_TASK_ID = new JsonField(',"taskId":', 0);
const FC_RUNTIME_ERROR = new JsonField(',"runtimeError":');
const C_OK_TRUE = jsonPiece(',"ok":true');
const C_OK_FALSE = jsonPiece(',"ok":false');

/** Writes `JSON.stringify(task)` of a plain task (see {@link plainTask}), the session field's key first. */
function writeTask(b: JsonBytes, session: JsonField, t: TaskResult): void {
  b.field(session, t.session);
  b.field(F_PAGE, t.page);
  b.piece(T_TASK_ID);
  b.scalar(t.taskId);
  b.piece(T_CODEUNIT);
  b.scalar(t.codeunit);
  b.field(F_RECORD, t.record);
  b.field(F_REQUESTED, t.requestedTimeoutMs);
  b.piece(T_EFFECTIVE);
  b.scalar(t.effectiveTimeoutMs);
  b.field(F_ERROR_LEVEL, t.errorLevel);
  b.piece(T_ENQUEUED);
  b.scalar(t.enqueuedAtMs);
  b.field(F_STARTED, t.startedAtMs);
  b.field(F_ENDED, t.endedAtMs);
  b.field(F_OUTCOME, t.outcome);
  b.field(F_CANCEL, t.cancelReason);
  b.field(F_ERROR_CODE, t.errorCode);
  b.field(F_TRIGGER, t.trigger);
  b.field(F_DELIVERED, t.deliveredAtMs);
  b.field(F_DELIVERY, t.delivery);
  b.field(F_SURFACED, t.surfacedAs);
  b.field(F_DROP, t.dropReason);
  const r = t.results;
  if (r === null) {
    b.piece(T_RESULTS_NULL);
    return;
  }
  let first = true;
  for (const k in r) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
    b.piece(first ? T_RESULTS : COMMA);
    if (first) b.piece(OPEN);
    first = false;
    b.string(k);
    b.piece(COLON);
    b.string(r[k]!);
  }
  b.piece(first ? T_RESULTS_EMPTY : CLOSE_CLOSE);
}

/** Streams the result contract to a text output (see the module comment). */
export class JsonResultWriter implements ResultFoldHandlers {
  /** It writes each task and call at once and keeps neither (the fold may reuse them). */
  readonly borrows = true;
  private tasks = 0;
  private readonly taskBytes: JsonBytes;
  private readonly calls = new Spool('enqueue calls');
  private readonly callBytes = new JsonBytes(this.calls);
  private callCount = 0;
  private readonly warningSpool = new Spool('warnings');
  private readonly warningBytes = new JsonBytes(this.warningSpool);
  private warningCount = 0;

  /**
   * Writes the opening of the object.
   * @param out - stdout or a file
   * @param head - scenario name and seed
   * @param earlyWarnings - warnings known before the run (e.g. `noSeed`), first in the list
   */
  constructor(private readonly out: TextOutput, head: { scenario: string; seed: number | string }, earlyWarnings: readonly RunWarning[] = []) {
    this.taskBytes = new JsonBytes(out);
    out.write(`{\n  "scenario": ${JSON.stringify(head.scenario)},\n  "seed": ${JSON.stringify(head.seed)},\n  "tasks": [`);
    for (const w of earlyWarnings) this.warning(w);
  }

  /** @inheritdoc */
  task(task: TaskResult): void {
    const b = this.taskBytes;
    const first = this.tasks++ === 0;
    if (plainTask(task)) {
      writeTask(b, first ? F_SESSION_FIRST : F_SESSION_NEXT, task);
    } else {
      b.piece(first ? FIRST : NEXT);
      b.text(JSON.stringify(task));
    }
  }

  /** @inheritdoc */
  enqueueCall(c: EnqueueCallResult): void {
    const b = this.callBytes;
    const first = this.callCount++ === 0;
    if (isJsonScalar(c.session) && isJsonScalar(c.page) && isJsonScalar(c.atMs) && isJsonScalar(c.ok) && isJsonScalar(c.taskId) && isJsonScalar(c.runtimeError)) {
      b.field(first ? FC_SESSION_FIRST : FC_SESSION_NEXT, c.session);
      b.field(FC_PAGE, c.page);
      b.piece(C_AT);
      b.scalar(c.atMs);
      if (typeof c.ok === 'boolean') b.piece(c.ok ? C_OK_TRUE : C_OK_FALSE);
      else {
        b.piece(C_OK);
        b.scalar(c.ok);
      }
      b.field(FC_TASK_ID, c.taskId);
      b.field(FC_RUNTIME_ERROR, c.runtimeError);
      b.piece(CLOSE);
    } else {
      b.piece(first ? FIRST : NEXT);
      b.text(JSON.stringify(c));
    }
  }

  /** @inheritdoc */
  warning(w: RunWarning): void {
    const b = this.warningBytes;
    const first = this.warningCount++ === 0;
    if (isJsonScalar(w.code) && isJsonScalar(w.message) && isJsonScalar(w.atMs) && isJsonScalar(w.session) && isJsonScalar(w.taskId)) {
      b.piece(first ? WARNING_FIRST : WARNING_NEXT);
      b.scalar(w.code);
      b.piece(W_MESSAGE);
      b.scalar(w.message);
      b.piece(W_AT);
      b.scalar(w.atMs);
      b.piece(W_SESSION);
      b.scalar(w.session);
      b.piece(W_TASK_ID);
      b.scalar(w.taskId);
      b.piece(CLOSE);
    } else {
      b.piece(first ? FIRST : NEXT);
      b.text(JSON.stringify(w));
    }
  }

  /** Writes the rest of the object (and removes the spools). */
  finish(tail: ResultTail): void {
    const out = this.out;
    this.taskBytes.flush();
    out.write(this.tasks === 0 ? '],\n  "enqueueCalls": [' : '\n  ],\n  "enqueueCalls": [');
    this.callBytes.flush();
    this.calls.drainTo(out);
    out.write(this.callCount === 0 ? '],\n' : '\n  ],\n');
    out.write(`  "endTimeMs": ${tail.endTimeMs},\n  "eventCount": ${tail.eventCount},\n  "digest": ${JSON.stringify(tail.digest)},\n  "warnings": [`);
    for (const w of tail.lateWarnings) this.warning(w);
    this.warningBytes.flush();
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
