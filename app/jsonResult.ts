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
 * missing field of a hand-made trace) makes that line fall back to `JSON.stringify`. Constant
 * text is written in as few copies as the common values allow: keys fused with a null value and
 * the next key, enumerations fused with their key (output/jsonBytes.ts `JsonField`, bounded), a
 * task's last nine fields as one to three pieces per combination of its enumeration values
 * (`TaskTail`, bounded), and the bytes of a frozen results object kept. On the c100 tasks this
 * took the task lines from ~31 to ~21 ms (writer micro-bench). The writer borrows what the fold
 * hands it (it keeps nothing but those pieces), so the fold reuses its task and call objects.
 * @module
 */
import type { EnqueueCallResult, ResultFoldHandlers, RunWarning, TaskResult } from '../models/pbt/result.js';
import type { Violation } from '../properties/index.js';
import { isJsonScalar, JsonBytes, JsonField, jsonPiece, Spool, type JsonPiece, type TextOutput } from './output/index.js';
import { LARGE_BUFFER_BYTES } from './output/jsonBytes.js';

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
const OPEN = jsonPiece('{');
const COMMA = jsonPiece(',');
const COLON = jsonPiece(':');
const CLOSE = jsonPiece('}');
const CLOSE_CLOSE = jsonPiece('}}');
const EMPTY_CLOSE = jsonPiece('{}}');
const C_AT = jsonPiece(',"atMs":');
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

const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const numOrNull = (v: unknown): v is number | null => v === null || typeof v === 'number';
const utf8Piece = (text: string): JsonPiece => Uint8Array.from(Buffer.from(text, 'utf8'));

/**
 * The text of a task line from `,"outcome":` to its end, for one combination of its seven
 * enumeration-like values (outcome, cancelReason, errorCode, trigger, delivery, surfacedAs,
 * dropReason): fused around the two values that vary (deliveredAtMs, results). A run has a
 * handful of combinations (cancelled, completed and delivered, failed, ...), so a task's last
 * 170-odd bytes are one to three copies instead of nine fields.
 */
class TaskTail {
  /** `,"outcome":…,"deliveredAtMs":` (deliveredAtMs follows). */
  readonly head: JsonPiece;
  /** `head` + `null` + `mid` (results follow). */
  readonly headNull: JsonPiece;
  /** `head` + `null` + `mid` + `null}`: the whole tail of a task not delivered. */
  readonly headNullEnd: JsonPiece;
  /** `,"delivery":…,"results":` (results follow). */
  readonly mid: JsonPiece;
  /** `mid` + `null}`. */
  readonly midEnd: JsonPiece;

  constructor(
    readonly outcome: string | null, readonly cancelReason: string | null, readonly errorCode: string | null, readonly trigger: string | null,
    readonly delivery: string | null, readonly surfacedAs: string | null, readonly dropReason: string | null,
  ) {
    const j = JSON.stringify;
    const head = `,"outcome":${j(outcome)},"cancelReason":${j(cancelReason)},"errorCode":${j(errorCode)},"trigger":${j(trigger)},"deliveredAtMs":`;
    const mid = `,"delivery":${j(delivery)},"surfacedAs":${j(surfacedAs)},"dropReason":${j(dropReason)},"results":`;
    this.head = utf8Piece(head);
    this.headNull = utf8Piece(`${head}null${mid}`);
    this.headNullEnd = utf8Piece(`${head}null${mid}null}`);
    this.mid = utf8Piece(mid);
    this.midEnd = utf8Piece(`${mid}null}`);
  }
}

// At most this many tail combinations are kept (memory stays bounded; a task of another
// combination is written by JSON.stringify).
const TAILS = 64;
// Values longer than this are not fused into a tail (an error code is short; a long text is odd).
const TAIL_VALUE = 256;
const tailValue = (v: unknown): boolean => v === null || (typeof v === 'string' && v.length <= TAIL_VALUE);

// The constant pieces of a task line around its values, fused where a common value (null) lets
// two keys meet.
const T_SESSION_FIRST = jsonPiece('\n    {"session":');
const T_SESSION_NEXT = jsonPiece(',\n    {"session":');
const T_PAGE = jsonPiece(',"page":');
// Fields of many values: only their `null` is fused with the key (JsonField with no value pieces).
const F_RECORD = new JsonField(',"record":', 0);
const T_REQUESTED = jsonPiece(',"requestedTimeoutMs":');
const T_REQUESTED_NULL_EFFECTIVE = jsonPiece(',"requestedTimeoutMs":null,"effectiveTimeoutMs":');
const F_STARTED = new JsonField(',"startedAtMs":', 0);
const F_ENDED = new JsonField(',"endedAtMs":', 0);
// `,"errorLevel":"Error","enqueuedAtMs":` and its like, one per level.
const F_ERROR_LEVEL = new JsonField(',"errorLevel":', 64, ',"enqueuedAtMs":');
// The pieces of the enqueue call lines (the session and page keys are the task lines' ones).
const C_OK_TRUE_TASK_ID = jsonPiece(',"ok":true,"taskId":');
const C_OK_FALSE_TASK_ID = jsonPiece(',"ok":false,"taskId":');
const NULL = jsonPiece('null');
// `,"runtimeError":null}` and the repeated error texts, each with the line's end.
const FC_RUNTIME_ERROR = new JsonField(',"runtimeError":', 256, '}');

/** Appends a task's results (an object of strings, see {@link plainResults}) and the line's `}`. */
function writeResults(b: JsonBytes, r: Record<string, string>): void {
  let first = true;
  for (const k in r) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
    b.piece(first ? OPEN : COMMA);
    first = false;
    b.string(k);
    b.piece(COLON);
    b.string(r[k]!);
  }
  b.piece(first ? EMPTY_CLOSE : CLOSE_CLOSE);
}

/** The bytes {@link writeResults} appends for `r`, as one piece. */
function resultsPiece(r: Record<string, string>): JsonPiece {
  let text = '';
  for (const k in r) if (Object.prototype.hasOwnProperty.call(r, k)) text += `${text === '' ? '{' : ','}${JSON.stringify(k)}:${JSON.stringify(r[k])}`;
  return utf8Piece(text === '' ? '{}}' : `${text}}}`);
}

// At most this many results objects have their bytes kept.
const RESULTS = 64;

/**
 * Writes `JSON.stringify(t)` of a task the writer checked (see `JsonResultWriter.tailOf`), the
 * session field's key first: the values between fused constant pieces, the tail from `tail`, the
 * results from their kept piece when there is one.
 */
function writeTask(b: JsonBytes, sessionKey: JsonPiece, t: TaskResult, tail: TaskTail, results: JsonPiece | undefined): void {
  b.piece(sessionKey);
  b.string(t.session);
  b.piece(T_PAGE);
  b.string(t.page);
  b.piece(T_TASK_ID);
  b.number(t.taskId);
  b.piece(T_CODEUNIT);
  b.number(t.codeunit);
  b.field(F_RECORD, t.record);
  if (t.requestedTimeoutMs === null) b.piece(T_REQUESTED_NULL_EFFECTIVE);
  else {
    b.piece(T_REQUESTED);
    b.number(t.requestedTimeoutMs);
    b.piece(T_EFFECTIVE);
  }
  b.number(t.effectiveTimeoutMs);
  b.field(F_ERROR_LEVEL, t.errorLevel);
  b.number(t.enqueuedAtMs);
  b.field(F_STARTED, t.startedAtMs);
  b.field(F_ENDED, t.endedAtMs);
  const r = t.results;
  if (t.deliveredAtMs === null) {
    if (r === null) {
      b.piece(tail.headNullEnd);
      return;
    }
    b.piece(tail.headNull);
  } else {
    b.piece(tail.head);
    b.number(t.deliveredAtMs);
    if (r === null) {
      b.piece(tail.midEnd);
      return;
    }
    b.piece(tail.mid);
  }
  if (results !== undefined) b.piece(results);
  else writeResults(b, r);
}

/** Streams the result contract to a text output (see the module comment). */
export class JsonResultWriter implements ResultFoldHandlers {
  /** It writes each task and call at once and keeps neither (the fold may reuse them). */
  readonly borrows = true;
  private tasks = 0;
  // The tails of the task lines seen so far (see TaskTail), in the order first seen.
  private readonly tails: TaskTail[] = [];
  // The results objects whose bytes are kept (see resultsOf), and those bytes.
  private readonly resultObjects: Record<string, string>[] = [];
  private readonly resultPieces: JsonPiece[] = [];
  private readonly taskBytes: JsonBytes;
  private readonly calls = new Spool('enqueue calls');
  private readonly callBytes = new JsonBytes(this.calls, LARGE_BUFFER_BYTES);
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
    this.taskBytes = new JsonBytes(out, LARGE_BUFFER_BYTES);
    out.write(`{\n  "scenario": ${JSON.stringify(head.scenario)},\n  "seed": ${JSON.stringify(head.seed)},\n  "tasks": [`);
    for (const w of earlyWarnings) this.warning(w);
  }

  /** @inheritdoc */
  task(task: TaskResult): void {
    const b = this.taskBytes;
    const first = this.tasks++ === 0;
    const tail = this.tailOf(task);
    const r = task.results;
    const results = r === null ? undefined : this.resultsOf(r);
    if (tail !== undefined && (results !== undefined || plainResults(r))) writeTask(b, first ? T_SESSION_FIRST : T_SESSION_NEXT, task, tail, results);
    else {
      b.piece(first ? FIRST : NEXT);
      b.text(JSON.stringify(task));
    }
  }

  /**
   * The kept piece of a task's results, for a frozen object of strings: the model hands every
   * task of a codeunit the same frozen object, so the bytes of `{"TotalSales":"1"}` are copied
   * at once instead of walked key by key (a frozen object cannot change, so its bytes stay true).
   */
  private resultsOf(r: Record<string, string>): JsonPiece | undefined {
    const kept = this.resultObjects;
    for (let i = 0; i < kept.length; i++) if (kept[i] === r) return this.resultPieces[i];
    if (kept.length >= RESULTS || !Object.isFrozen(r) || !plainResults(r)) return undefined;
    const p = resultsPiece(r);
    kept.push(r);
    this.resultPieces.push(p);
    return p;
  }

  /**
   * The tail pieces of a task the fast path writes as `JSON.stringify` would (every field but the
   * results of the type the model gives it), or undefined for any other task (and past {@link TAILS} tails).
   */
  private tailOf(t: TaskResult): TaskTail | undefined {
    if (!(typeof t.session === 'string' && typeof t.page === 'string' && typeof t.taskId === 'number' && typeof t.codeunit === 'number'
      && strOrNull(t.record) && numOrNull(t.requestedTimeoutMs) && typeof t.effectiveTimeoutMs === 'number' && typeof t.errorLevel === 'string'
      && typeof t.enqueuedAtMs === 'number' && numOrNull(t.startedAtMs) && numOrNull(t.endedAtMs) && numOrNull(t.deliveredAtMs))) return undefined;
    const tails = this.tails;
    for (let i = 0; i < tails.length; i++) {
      const e = tails[i]!;
      if (e.outcome === t.outcome && e.cancelReason === t.cancelReason && e.errorCode === t.errorCode && e.trigger === t.trigger
        && e.delivery === t.delivery && e.surfacedAs === t.surfacedAs && e.dropReason === t.dropReason) return e;
    }
    if (tails.length >= TAILS || !(tailValue(t.outcome) && tailValue(t.cancelReason) && tailValue(t.errorCode) && tailValue(t.trigger)
      && tailValue(t.delivery) && tailValue(t.surfacedAs) && tailValue(t.dropReason))) return undefined;
    const e = new TaskTail(t.outcome, t.cancelReason, t.errorCode, t.trigger, t.delivery, t.surfacedAs, t.dropReason);
    tails.push(e);
    return e;
  }

  /** @inheritdoc */
  enqueueCall(c: EnqueueCallResult): void {
    const b = this.callBytes;
    const first = this.callCount++ === 0;
    // Every field of the type the model gives it: fused pieces around the values (`"ok":true`
    // with the next key, a null runtimeError with the line's end).
    if (typeof c.session === 'string' && typeof c.page === 'string' && typeof c.atMs === 'number' && typeof c.ok === 'boolean'
      && numOrNull(c.taskId) && strOrNull(c.runtimeError)) {
      b.piece(first ? T_SESSION_FIRST : T_SESSION_NEXT);
      b.string(c.session);
      b.piece(T_PAGE);
      b.string(c.page);
      b.piece(C_AT);
      b.number(c.atMs);
      b.piece(c.ok ? C_OK_TRUE_TASK_ID : C_OK_FALSE_TASK_ID);
      if (c.taskId === null) b.piece(NULL);
      else b.number(c.taskId);
      b.field(FC_RUNTIME_ERROR, c.runtimeError);
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
