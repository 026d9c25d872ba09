/**
 * Reads the statements of one routine body (`begin … end`) and records the findings of interest
 * (see {@link Finding}). Statements are read by recursive descent bounded by
 * {@link MAX_NESTING} levels (deeper input is a read error, never a stack overflow);
 * expressions are scanned flat, with an explicit bracket counter.
 * @module
 */
import { Cursor, describe, tokensText } from './cursor.js';
import type { CodeunitArg, Finding, FindingData, IntArg } from './objects.js';
import { AlReadError, MAX_NESTING } from './source.js';
import type { Token } from './tokenizer.js';

const STATEMENT_END = new Set(['end', 'else', 'until']);
const NOT_CALLS = new Set(['not', 'and', 'or', 'xor', 'div', 'mod', 'in', 'if', 'then', 'else', 'exit', 'begin', 'end', 'case', 'of', 'while', 'do', 'repeat', 'until', 'for', 'to', 'downto', 'foreach', 'with', 'true', 'false', 'error', 'message', 'confirm', 'strmenu', 'sleep', 'evaluate', 'hyperlink', 'asserterror']);
const WRITES = new Set(['insert', 'modify', 'modifyall', 'delete', 'deleteall', 'rename']);
const UI_FUNCTIONS: Record<string, string> = { message: 'Message', confirm: 'Confirm', strmenu: 'StrMenu', hyperlink: 'Hyperlink' };

/** What the code reader knows of the routine it reads. */
export interface RoutineContext {
  /** Lower-cased name of the TaskId parameter of a callback trigger, else null. */
  readonly taskIdParam: string | null;
}

/** The findings of one body and the identifiers it mentions. */
export interface BodyResult {
  readonly findings: Finding[];
  readonly referenced: Set<string>;
}

/**
 * Reads `begin … end` at the cursor (the cursor stands on `begin`).
 * @param c - the cursor
 * @param ctx - what is known of the routine
 */
export function readBody(c: Cursor, ctx: RoutineContext): BodyResult {
  const r = new BodyReader(c, ctx);
  r.block(0);
  return { findings: r.findings, referenced: r.referenced };
}

class BodyReader {
  readonly findings: Finding[] = [];
  readonly referenced = new Set<string>();
  private guard = 0;
  private loop = 0;
  private route = 0;
  /** Iterations of each enclosing loop when known (`for I := 1 to 200 do`), else null. */
  private readonly loops: (number | null)[] = [];
  private exitGuard = false;
  private readonly t: readonly Token[];

  constructor(private readonly c: Cursor, private readonly ctx: RoutineContext) {
    this.t = c.tokens;
  }

  block(depth: number): void {
    const begin = this.c.next('"begin"');
    if (begin.kind !== 'ident' || begin.lower !== 'begin') throw new AlReadError(begin.line, begin.column, `expected "begin", got ${describe(begin)}`);
    this.statements(depth, 'end');
    this.c.next('"end"');
  }

  /** Statements up to (not including) the keyword `stop`. */
  private statements(depth: number, stop: 'end' | 'until'): void {
    for (;;) {
      const t = this.c.peek();
      if (t === undefined) throw this.c.eof(`"${stop}" to close the block`);
      if (this.c.isWord(stop)) return;
      if (this.c.isOp(';')) { this.c.i++; continue; }
      this.statement(depth + 1);
      if (this.c.isOp(';')) this.c.i++;
      else if (!this.c.isWord(stop)) {
        const u = this.c.peek();
        if (u === undefined) throw this.c.eof(`"${stop}"`);
        throw new AlReadError(u.line, u.column, `expected ";" or "${stop}", got ${describe(u)}`);
      }
    }
  }

  private statement(depth: number): void {
    if (depth > MAX_NESTING) {
      const t = this.c.peek()!;
      throw new AlReadError(t.line, t.column, `statements nested deeper than ${MAX_NESTING} levels`);
    }
    const t = this.c.peek();
    if (t === undefined) throw this.c.eof('a statement');
    if (t.kind === 'op' && t.text === ';') return; // the empty statement: `if X then;`
    const w = t.kind === 'ident' && !t.quoted ? t.lower : '';
    switch (w) {
      case 'begin': this.block(depth); return;
      case 'if': return this.ifStatement(depth);
      case 'case': return this.caseStatement(depth);
      case 'while': case 'for': case 'foreach': case 'with': {
        this.c.i++;
        const cond = this.until('do');
        this.c.i++;
        const loop = w !== 'with';
        // A `for` with literal bounds always runs its body: a loop, but not a condition.
        const times = w === 'for' ? this.forTimes(cond.from, cond.to) : null;
        const routing = this.isRouting(cond.from, cond.to) || times !== null || w === 'with';
        if (loop) { this.loop++; this.loops.push(times); }
        if (!routing) this.guard++; else if (times === null && w !== 'with') this.route++;
        this.scan(cond.from, cond.to);
        this.statement(depth + 1);
        if (!routing) this.guard--; else if (times === null && w !== 'with') this.route--;
        if (loop) { this.loop--; this.loops.pop(); }
        return;
      }
      case 'repeat': {
        this.c.i++;
        this.loop++; this.guard++; this.loops.push(null);
        this.statements(depth, 'until');
        this.c.i++;
        const e = this.simpleEnd();
        this.scan(e.from, e.to);
        this.loop--; this.guard--; this.loops.pop();
        return;
      }
      case 'asserterror': this.c.i++; this.statement(depth + 1); return;
      default: {
        const e = this.simpleEnd();
        if (e.from === e.to) throw new AlReadError(t.line, t.column, `expected a statement, got ${describe(t)}`);
        this.simple(e.from, e.to);
      }
    }
  }

  /** `if … then … [else …]`; an `else if` chain is followed in a loop, at one nesting level. */
  private ifStatement(depth: number): void {
    let chainGuards = 0;
    let chainRoutes = 0;
    for (;;) {
      const ifTok = this.c.next();
      const cond = this.until('then');
      this.c.i++;
      const routing = this.isRouting(cond.from, cond.to);
      this.scan(cond.from, cond.to);
      const thenStart = this.c.i;
      if (!routing) this.guard++; else this.route++;
      this.statement(depth + 1);
      if (!routing) this.guard--; else this.route--;
      const thenIsExit = this.c.i > thenStart && this.t[thenStart]!.kind === 'ident' && this.t[thenStart]!.lower === 'exit';
      if (this.c.isWord('else')) {
        this.c.i++;
        // The else branch runs under the negated condition: guarded (or routed) like the then branch.
        if (!routing) { this.guard++; chainGuards++; } else { this.route++; chainRoutes++; }
        if (this.c.isWord('if')) continue;
        this.statement(depth + 1);
        break;
      }
      if (thenIsExit) {
        // `if TaskId <> MyTaskId then exit;` routes; any other `if … then exit` bounds what follows.
        const other = chainGuards + chainRoutes === 0 ? this.taskIdInequality(cond.from, cond.to) : null;
        if (other !== null) this.add({ kind: 'exitIfTaskIdIsNot', variable: other }, ifTok);
        else this.exitGuard = true;
      }
      break;
    }
    this.guard -= chainGuards;
    this.route -= chainRoutes;
  }

  private caseStatement(depth: number): void {
    this.c.i++;
    const sel = this.until('of');
    this.c.i++;
    const routing = this.isRouting(sel.from, sel.to);
    this.scan(sel.from, sel.to);
    if (!routing) this.guard++; else this.route++;
    for (;;) {
      if (this.c.peek() === undefined) throw this.c.eof('"end" to close the case statement');
      if (this.c.isWord('end')) { this.c.i++; break; }
      if (this.c.isOp(';')) { this.c.i++; continue; }
      if (this.c.isWord('else')) {
        this.c.i++;
        this.statements(depth, 'end');
        this.c.i++;
        break;
      }
      // A label list up to ":" at bracket depth 0.
      let d = 0;
      for (;;) {
        const u = this.c.next('":" after a case label');
        if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
        else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
        else if (d === 0 && u.kind === 'op' && u.text === ':') break;
        else if (d === 0 && u.kind === 'op' && u.text === ';') throw new AlReadError(u.line, u.column, 'expected ":" after a case label, got ";"');
      }
      this.statement(depth + 1);
    }
    if (!routing) this.guard--; else this.route--;
  }

  /** Index range of tokens up to the keyword `word` at bracket depth 0 (the cursor ends on it). */
  private until(word: string): { from: number; to: number } {
    const from = this.c.i;
    let d = 0;
    for (;;) {
      const u = this.c.peek();
      if (u === undefined) throw this.c.eof(`"${word}"`);
      if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
      else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
      else if (d <= 0 && u.kind === 'ident' && !u.quoted && u.lower === word) return { from, to: this.c.i };
      else if (d <= 0 && u.kind === 'op' && u.text === ';') throw new AlReadError(u.line, u.column, `expected "${word}", got ";"`);
      this.c.i++;
    }
  }

  /** A simple statement: up to `;`, `end`, `else` or `until` at bracket depth 0. */
  private simpleEnd(): { from: number; to: number } {
    const from = this.c.i;
    let d = 0;
    for (;;) {
      const u = this.c.peek();
      if (u === undefined) throw this.c.eof('";"');
      if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
      else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
      else if (d <= 0 && ((u.kind === 'op' && u.text === ';') || (u.kind === 'ident' && !u.quoted && STATEMENT_END.has(u.lower)))) return { from, to: this.c.i };
      else if (u.kind === 'ident' && !u.quoted && (u.lower === 'begin' || u.lower === 'then' || u.lower === 'do') && d <= 0) throw new AlReadError(u.line, u.column, `expected ";" before ${describe(u)}`);
      this.c.i++;
    }
  }

  /** `I := 1 to 200` (or downto) with literal bounds: the number of iterations. */
  private forTimes(from: number, to: number): number | null {
    const t = this.t;
    if (to - from !== 5 || t[from + 1]!.text !== ':=' || t[from + 2]!.kind !== 'number' || t[from + 4]!.kind !== 'number') return null;
    const a = Number(t[from + 2]!.text);
    const b = Number(t[from + 4]!.text);
    const dir = t[from + 3]!.lower;
    const n = dir === 'to' ? b - a + 1 : dir === 'downto' ? a - b + 1 : NaN;
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }

  private isRouting(from: number, to: number): boolean {
    const p = this.ctx.taskIdParam;
    if (p === null) return false;
    let mentions = false;
    for (let k = from; k < to; k++) {
      const u = this.t[k]!;
      if (u.kind === 'ident' && u.lower === p) mentions = true;
      if (u.kind === 'ident' && !u.quoted && (u.lower === 'and' || u.lower === 'or')) return false;
    }
    return mentions;
  }

  private taskIdInequality(from: number, to: number): string | null {
    const p = this.ctx.taskIdParam;
    // `(TaskId <> X)`: one pair of parentheses around the comparison is allowed.
    if (to - from === 5 && this.t[from]!.text === '(' && this.t[to - 1]!.text === ')') { from++; to--; }
    if (p === null || to - from !== 3) return null;
    const [a, op, b] = [this.t[from]!, this.t[from + 1]!, this.t[from + 2]!];
    if (op.kind !== 'op' || op.text !== '<>' || a.kind !== 'ident' || b.kind !== 'ident') return null;
    if (a.lower === p && b.lower !== p) return b.text;
    if (b.lower === p && a.lower !== p) return a.text;
    return null;
  }

  private add(f: FindingData, at: Token): void {
    this.findings.push({ ...f, pos: this.c.pos(at), guarded: this.guard > 0 || this.exitGuard, inLoop: this.loop > 0, routed: this.route > 0 } as Finding);
  }

  /** A simple statement (assignment or call). */
  private simple(from: number, to: number): void {
    const t = this.t;
    const first = t[from]!;
    // IsHandled := true / false
    if (to - from >= 3 && first.kind === 'ident' && first.lower === 'ishandled' && t[from + 1]!.text === ':=') {
      const v = to - from === 3 && t[from + 2]!.kind === 'ident' ? (t[from + 2]!.lower === 'true' ? true : t[from + 2]!.lower === 'false' ? false : null) : null;
      this.add({ kind: 'isHandled', value: v }, first);
    }
    // X := Page.GetBackgroundParameters()
    if (to - from === 7 && first.kind === 'ident' && t[from + 1]!.text === ':=' && t[from + 2]!.lower === 'page' && t[from + 3]!.text === '.' && t[from + 4]!.lower === 'getbackgroundparameters') {
      this.add({ kind: 'paramsAssign', target: first.text }, first);
    }
    // X := Codeunit::"Name" / X := 50100: lets a codeunit held in a variable be resolved.
    if (first.kind === 'ident' && t[from + 1]!.text === ':=' && to - from >= 3) {
      const cu = this.codeunitArg([from + 2, to]);
      if (cu.kind !== 'expression') this.add({ kind: 'codeunitAssign', target: first.text, codeunit: cu }, first);
    }
    // A bare procedure call without parentheses: `CalculateFieldValues;`
    if (to - from === 1 && first.kind === 'ident' && !NOT_CALLS.has(first.lower)) this.add({ kind: 'call', name: first.text, receiver: null, args: [] }, first);
    if (to - from === 3 && first.kind === 'ident' && t[from + 1]!.text === '.' && t[from + 2]!.kind === 'ident') {
      const m = t[from + 2]!.lower;
      if (first.lower === 'currpage' && m === 'update') this.add({ kind: 'update', save: null }, first);
      else if (WRITES.has(m)) this.add({ kind: 'write', receiver: first.text, method: t[from + 2]!.text }, first);
      else this.add({ kind: 'call', name: t[from + 2]!.text, receiver: first.text, args: [] }, first);
    }
    this.scan(from, to, from);
  }

  /** Arguments of the call whose "(" is at `open`: ranges split at depth-0 commas, and the index of ")". */
  private args(open: number, limit: number): { ranges: [number, number][]; close: number } {
    const ranges: [number, number][] = [];
    let d = 0;
    let start = open + 1;
    for (let k = open; k < limit; k++) {
      const u = this.t[k]!;
      if (u.kind !== 'op') continue;
      if (u.text === '(' || u.text === '[') d++;
      else if (u.text === ')' || u.text === ']') {
        d--;
        if (d === 0) {
          if (k > start || ranges.length > 0) ranges.push([start, k]);
          return { ranges, close: k };
        }
      } else if (u.text === ',' && d === 1) { ranges.push([start, k]); start = k + 1; }
    }
    return { ranges, close: limit };
  }

  private text(r: [number, number] | undefined): string {
    return r === undefined ? '' : tokensText(this.t, r[0], r[1]);
  }

  private single(r: [number, number] | undefined): Token | undefined {
    return r !== undefined && r[1] - r[0] === 1 ? this.t[r[0]] : undefined;
  }

  private intArg(r: [number, number]): IntArg {
    const a = this.t[r[0]]!;
    if (r[1] - r[0] === 1 && a.kind === 'number' && /^\d+$/.test(a.text)) return { kind: 'literal', value: Number(a.text) };
    if (r[1] - r[0] === 2 && a.text === '-' && this.t[r[0] + 1]!.kind === 'number' && /^\d+$/.test(this.t[r[0] + 1]!.text)) return { kind: 'literal', value: -Number(this.t[r[0] + 1]!.text) };
    return { kind: 'expression', text: this.text(r) };
  }

  private codeunitArg(r: [number, number] | undefined): CodeunitArg {
    if (r === undefined) return { kind: 'expression', text: '' };
    const a = this.t[r[0]]!;
    if (r[1] - r[0] === 1 && a.kind === 'number') return { kind: 'number', id: Number(a.text) };
    if (r[1] - r[0] === 3 && a.lower === 'codeunit' && this.t[r[0] + 1]!.text === '::' && this.t[r[0] + 2]!.kind === 'ident') return { kind: 'name', name: this.t[r[0] + 2]!.text };
    return { kind: 'expression', text: this.text(r) };
  }

  /** Scans tokens [from, to) for calls of interest; `stmtStart` is the statement's first token when the range is a whole statement. */
  private scan(from: number, to: number, stmtStart = -1): void {
    const t = this.t;
    for (let k = from; k < to; k++) {
      const u = t[k]!;
      if (u.kind !== 'ident') continue;
      this.referenced.add(u.lower);
      const prevDot = k > from && t[k - 1]!.text === '.';
      const dotCall = t[k + 1]?.text === '.' && t[k + 2]?.kind === 'ident' && t[k + 3]?.text === '(' && k + 3 < to;
      if (!prevDot && dotCall) {
        const recv = u.lower;
        const m = t[k + 2]!.lower;
        const open = k + 3;
        const { ranges, close } = this.args(open, to);
        const wholeStatement = stmtStart === k && close === to - 1;
        if (recv === 'currpage' && m === 'enqueuebackgroundtask') {
          // Positional, as the signature is (PBT-ENQ-01): TaskId, Codeunit [, Parameters [, Timeout [, ErrorLevel]]].
          const params = ranges[2] === undefined ? null : this.text(ranges[2]);
          const timeout = ranges[3] === undefined ? null : this.intArg(ranges[3]);
          const el = ranges[4] === undefined ? null : this.text(ranges[4]).replace(/"/g, '');
          const errorLevel = el === null ? null : (/^PageBackgroundTaskErrorLevel::(\w+)$/i.exec(el)?.[1] ?? el);
          this.add({ kind: 'enqueue', taskId: this.text(ranges[0]), codeunit: this.codeunitArg(ranges[1]), parameters: params, timeout, errorLevel, returnValueUsed: !wholeStatement, argCount: ranges.length, loopTimes: this.loops.length === 1 ? this.loops[0]! : null }, u);
        } else if (recv === 'currpage' && m === 'cancelbackgroundtask') {
          this.add({ kind: 'cancel', taskId: this.text(ranges[0]), returnValueUsed: !wholeStatement }, u);
        } else if (recv === 'currpage' && m === 'update') {
          const a = this.single(ranges[0]);
          this.add({ kind: 'update', save: a?.lower === 'false' ? false : a?.lower === 'true' ? true : null }, u);
        } else if (recv === 'page' && m === 'setbackgroundtaskresult') {
          this.add({ kind: 'setResult', dict: this.text(ranges[0]) }, u);
        } else if (recv === 'page' && m === 'getbackgroundparameters') {
          this.add({ kind: 'getParams' }, u);
          const key = t[close + 1]?.text === '.' && t[close + 3]?.text === '(' ? this.single(this.args(close + 3, to).ranges[0]) : undefined;
          if (key?.kind === 'string' && /^(get|containskey)$/.test(t[close + 2]!.lower)) this.add({ kind: 'dictRead', receiver: '#parameters', key: key.text, method: t[close + 2]!.text }, u);
        } else if (recv === 'page' && (m === 'run' || m === 'runmodal')) {
          this.add({ kind: 'ui', call: `Page.${t[k + 2]!.text}` }, u);
        } else if (WRITES.has(m)) {
          this.add({ kind: 'write', receiver: u.text, method: t[k + 2]!.text }, u);
        } else if ((m === 'get' || m === 'containskey') && this.single(ranges[0])?.kind === 'string') {
          this.add({ kind: 'dictRead', receiver: u.text, key: this.single(ranges[0])!.text, method: t[k + 2]!.text }, u);
        } else if ((m === 'add' || m === 'set') && this.single(ranges[0])?.kind === 'string' && ranges.length >= 2) {
          const v = this.single(ranges[1]);
          this.add({ kind: 'dictWrite', receiver: u.text, key: this.single(ranges[0])!.text, value: v?.kind === 'string' ? v.text : null, valueText: this.text(ranges[1]), method: t[k + 2]!.text }, u);
        } else {
          this.add({ kind: 'call', name: t[k + 2]!.text, receiver: u.text, args: ranges.map((r) => this.text(r)) }, u);
        }
        continue;
      }
      if (!prevDot && t[k + 1]?.text === '(' && k + 1 < to) {
        const { ranges } = this.args(k + 1, to);
        if (u.lower in UI_FUNCTIONS && !u.quoted) this.add({ kind: 'ui', call: UI_FUNCTIONS[u.lower]! }, u);
        else if (u.lower === 'error' && !u.quoted) {
          const s = this.single(ranges[0]);
          this.add({ kind: 'error', text: s?.kind === 'string' ? s.text : this.text(ranges[0]), literal: s?.kind === 'string' }, u);
        } else if (u.lower === 'sleep' && !u.quoted && ranges[0] !== undefined) this.add({ kind: 'sleep', ms: this.intArg(ranges[0]) }, u);
        else if (u.lower === 'evaluate' && !u.quoted && ranges.length >= 2) {
          const target = this.single(ranges[0]);
          const r1 = ranges[1]!;
          for (let j = r1[0]; j + 3 < r1[1]; j++) {
            if (t[j]!.text === '.' && t[j + 1]!.lower === 'get' && t[j + 2]!.text === '(' && t[j + 3]!.kind === 'string' && target?.kind === 'ident') {
              this.add({ kind: 'evaluateParam', target: target.text, key: t[j + 3]!.text }, u);
              break;
            }
          }
        } else if (!NOT_CALLS.has(u.lower) || u.quoted) this.add({ kind: 'call', name: u.text, receiver: null, args: ranges.map((r) => this.text(r)) }, u);
      }
    }
  }

}
