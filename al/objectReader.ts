/**
 * Reads the objects of one file: `namespace`/`using` lines, object headers (kind, ID, name,
 * `extends`), and for pages, page extensions and codeunits their properties, `var` sections,
 * controls (`field`, `action`, `part`, `modify`, `addlast` …), triggers and procedures. Other
 * object kinds (table, report, enum, query …) are recorded by header and their bodies skipped.
 * Braces are followed with an explicit stack, so deep nesting cannot overflow the call stack.
 * @module
 */
import { readBody } from './codeReader.js';
import { Cursor, describe, tokensText } from './cursor.js';
import type { AlObject, PartRef, Routine, TriggerLevel, VarDecl } from './objects.js';
import { AlReadError } from './source.js';
import type { Token } from './tokenizer.js';

const OBJECT_KINDS = new Set(['page', 'pageextension', 'codeunit', 'table', 'tableextension', 'report', 'reportextension', 'enum', 'enumextension', 'query', 'xmlport', 'interface', 'permissionset', 'permissionsetextension', 'profile', 'profileextension', 'pagecustomization', 'controladdin', 'entitlement', 'dotnet', 'reportlayout']);
const READ_BODY = new Set(['page', 'pageextension', 'codeunit']);
const MEMBER_START = new Set(['trigger', 'procedure', 'local', 'internal', 'protected', 'begin']);
const CALLBACKS = new Set(['onpagebackgroundtaskcompleted', 'onpagebackgroundtaskerror']);

interface Frame {
  readonly level: TriggerLevel;
  readonly control: string | null;
  readonly section: string | null;
}

/**
 * Reads every object in a file's tokens (after preprocessing).
 * @param tokens - the file's tokens
 * @param file - the file name used in positions
 * @throws AlReadError at the first place the file cannot be read
 */
export function readObjects(tokens: readonly Token[], file: string): AlObject[] {
  const c = new Cursor(tokens, file);
  const objects: AlObject[] = [];
  let namespace: string | null = null;
  while (c.peek() !== undefined) {
    const t = c.next();
    if (t.kind === 'ident' && !t.quoted && (t.lower === 'namespace' || t.lower === 'using')) {
      const from = c.i;
      while (!c.isOp(';')) c.next('";" after the namespace');
      if (t.lower === 'namespace') namespace = tokensText(tokens, from, c.i);
      c.i++;
      continue;
    }
    if (t.kind === 'op' && t.text === ';') continue;
    if (t.kind !== 'ident' || t.quoted || !OBJECT_KINDS.has(t.lower)) throw new AlReadError(t.line, t.column, `expected an object declaration (page, codeunit, table …), got ${describe(t)}`);
    objects.push(readObject(c, t, namespace));
  }
  return objects;
}

function readObject(c: Cursor, kindTok: Token, namespace: string | null): AlObject {
  let id: number | null = null;
  let name: string | null = null;
  let ext: string | null = null;
  while (!c.isOp('{')) {
    const t = c.next('"{" to open the object');
    if (t.kind === 'number' && id === null && name === null) id = Number(t.text);
    else if (t.kind === 'ident' && !t.quoted && t.lower === 'extends') ext = c.expectIdent('the name of the extended object').text;
    else if (t.kind === 'ident' && name === null) name = t.text;
  }
  if (name === null) throw new AlReadError(kindTok.line, kindTok.column, `expected a name for the ${kindTok.lower}`);
  const properties = new Map<string, string>();
  const variables: VarDecl[] = [];
  const routines: Routine[] = [];
  const parts: PartRef[] = [];
  const base = { type: kindTok.lower, id, name, extends: ext, properties, variables, routines, parts, namespace, pos: c.pos(kindTok) };
  if (!READ_BODY.has(kindTok.lower)) {
    c.skipBalanced();
    return base;
  }
  c.expectOp('{');
  const stack: Frame[] = [{ level: 'object', control: null, section: null }];
  while (stack.length > 0) {
    const t = c.peek();
    if (t === undefined) throw c.eof(`"}" to close ${kindTok.lower} ${JSON.stringify(name)}`);
    const top = stack[stack.length - 1]!;
    if (t.kind === 'op' && t.text === '}') { c.i++; stack.pop(); continue; }
    if (t.kind === 'op' && t.text === '[') { c.skipBalanced(); continue; }
    if (t.kind === 'op' && t.text === ';') { c.i++; continue; }
    if (t.kind !== 'ident') throw new AlReadError(t.line, t.column, `expected a property, control, trigger or procedure, got ${describe(t)}`);
    const w = t.quoted ? '' : t.lower;
    if (w === 'var' || (w === 'protected' && c.isWord('var', 1))) {
      c.i += w === 'var' ? 1 : 2;
      readVars(c, variables);
      continue;
    }
    if (w === 'trigger' || w === 'procedure' || ((w === 'local' || w === 'internal' || w === 'protected') && c.isWord('procedure', 1))) {
      routines.push(readRoutine(c, top));
      continue;
    }
    if (w === 'begin') throw new AlReadError(t.line, t.column, 'expected a trigger or procedure before "begin"');
    if (c.isOp('(', 1)) {
      c.i++;
      const open = c.i;
      const close = c.skipBalanced();
      const args = splitArgs(c.tokens, open + 1, close);
      const ctl = args[0] === undefined ? null : args[0].length === 1 ? args[0][0]!.text : tokensText(args[0], 0, args[0].length);
      // part(Name; "Page Name") or part(Name; Page::"Page Name"); system parts host no page of ours.
      if (w === 'part' && args[1] !== undefined) {
        const pageTok = args[1].filter((x) => x.kind === 'ident' && !(x.lower === 'page' && !x.quoted))[0];
        if (pageTok !== undefined) parts.push({ name: ctl ?? '', page: pageTok.text, pos: c.pos(t) });
      }
      if (c.isOp('{')) {
        c.i++;
        stack.push({ level: levelOf(w, top), control: w === 'area' || w === 'group' || w === 'repeater' || w === 'cuegroup' || w.startsWith('add') ? top.control : ctl, section: top.section });
      }
      continue;
    }
    if (c.isOp('{', 1)) {
      c.i += 2;
      stack.push({ level: top.level, control: top.control, section: w });
      continue;
    }
    if (c.isOp('=', 1)) {
      c.i += 2;
      const from = c.i;
      let d = 0;
      for (;;) {
        const u = c.next('";" after the property value');
        if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
        else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
        else if (u.kind === 'op' && u.text === ';' && d <= 0) break;
        else if (u.kind === 'op' && u.text === '}' && d <= 0) { c.i--; break; }
      }
      if (stack.length === 1) properties.set(w === '' ? t.lower : w, tokensText(c.tokens, from, c.isOp(';', -1) ? c.i - 1 : c.i));
      continue;
    }
    throw new AlReadError(t.line, t.column, `expected a property, control, trigger or procedure, got ${describe(t)}`);
  }
  return base;
}

function levelOf(control: string, parent: Frame): TriggerLevel {
  if (control === 'field' || control === 'label') return 'field';
  if (control === 'part' || control === 'systempart') return 'part';
  if (control === 'action' || control === 'actionref' || control === 'customaction' || control === 'systemaction' || control === 'fileuploadaction') return 'action';
  if (control === 'modify') return parent.section === 'actions' ? 'action' : 'field';
  return parent.level === 'object' ? 'control' : parent.level;
}

function splitArgs(tokens: readonly Token[], from: number, to: number): Token[][] {
  const out: Token[][] = [[]];
  let d = 0;
  for (let k = from; k < to; k++) {
    const u = tokens[k]!;
    if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
    else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
    if (d === 0 && u.kind === 'op' && u.text === ';') { out.push([]); continue; }
    out[out.length - 1]!.push(u);
  }
  return out[0]!.length === 0 && out.length === 1 ? [] : out;
}

/** Declarations `A, B: Type;` until a token that starts another member. */
function readVars(c: Cursor, into: VarDecl[], byRef = false): void {
  for (;;) {
    const t = c.peek();
    if (t === undefined || t.kind !== 'ident' || (!t.quoted && MEMBER_START.has(t.lower))) return;
    if (c.isOp('[')) { c.skipBalanced(); continue; }
    const names: Token[] = [c.expectIdent('a variable name')];
    while (c.isOp(',')) { c.i++; names.push(c.expectIdent('a variable name')); }
    c.expectOp(':');
    const from = c.i;
    let d = 0;
    for (;;) {
      const u = c.next('";" after the variable type');
      if (u.kind === 'op' && (u.text === '(' || u.text === '[')) d++;
      else if (u.kind === 'op' && (u.text === ')' || u.text === ']')) d--;
      else if (u.kind === 'op' && u.text === ';' && d <= 0) break;
    }
    const type = c.tokens.slice(from, c.i - 1);
    for (const n of names) into.push(declOf(c, n, type, byRef));
    while (c.isOp('[')) c.skipBalanced();
  }
}

function declOf(c: Cursor, name: Token, type: readonly Token[], byRef: boolean): VarDecl {
  const first = type[0];
  const kind = first?.kind === 'ident' ? first.lower : '';
  const named = ['record', 'codeunit', 'page', 'report', 'query', 'xmlport', 'enum', 'interface'].includes(kind);
  const second = type[1];
  return {
    name: name.text, type: kind, typeName: named && second !== undefined && second.kind === 'ident' ? second.text : named && second?.kind === 'number' ? second.text : null,
    temporary: type.some((x) => x.kind === 'ident' && !x.quoted && x.lower === 'temporary'), byRef, pos: c.pos(name),
  };
}

function readRoutine(c: Cursor, frame: Frame): Routine {
  let access: Routine['access'] = 'public';
  const first = c.next();
  if (first.lower === 'local' || first.lower === 'internal' || first.lower === 'protected') { access = first.lower; c.i++; }
  const kind = first.lower === 'trigger' ? 'trigger' : 'procedure';
  const nameTok = c.expectIdent(`the ${kind} name`);
  const params: VarDecl[] = [];
  c.expectOp('(');
  c.i--;
  const open = c.i;
  const close = c.skipBalanced();
  for (const part of splitArgs(c.tokens, open + 1, close)) {
    if (part.length === 0) continue;
    const byRef = part[0]!.kind === 'ident' && !part[0]!.quoted && part[0]!.lower === 'var';
    const rest = byRef ? part.slice(1) : part;
    const colon = rest.findIndex((x) => x.kind === 'op' && x.text === ':');
    if (colon < 0) throw new AlReadError(part[0]!.line, part[0]!.column, 'expected "name: Type" in the parameter list');
    for (const n of rest.slice(0, colon)) if (n.kind === 'ident') params.push(declOf(c, n, rest.slice(colon + 1), byRef));
  }
  // Return value: `: Type` or `Name: Type`, up to ";" (a declaration without a body ends there).
  while (!c.isOp(';') && !c.isWord('var') && !c.isWord('begin')) c.next('the routine body');
  if (c.isOp(';')) c.i++;
  const locals: VarDecl[] = [];
  if (c.isWord('var')) { c.i++; readVars(c, locals); }
  const level: TriggerLevel = kind === 'trigger' ? frame.level : 'object';
  const isCallback = kind === 'trigger' && level === 'object' && CALLBACKS.has(nameTok.lower);
  const taskIdParam = isCallback && params[0] !== undefined ? params[0].name.toLowerCase() : null;
  if (!c.isWord('begin')) {
    const u = c.peek();
    if (u === undefined) throw c.eof('"begin"');
    throw new AlReadError(u.line, u.column, `expected "begin" to start ${kind} ${nameTok.text}, got ${describe(u)}`);
  }
  const body = readBody(c, { taskIdParam });
  if (c.isOp(';')) c.i++;
  return {
    kind, name: nameTok.text, access, level, control: kind === 'trigger' ? frame.control : null, params, locals, findings: body.findings,
    referenced: body.referenced, pos: c.pos(nameTok),
  };
}
