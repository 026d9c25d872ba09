/**
 * Loading a scenario: JSON text → schema validation (zod) → semantic checks → a compiled,
 * fully defaulted {@link CompiledScenario}. Every problem becomes a {@link ScenarioError} that
 * names the file, the JSON path and what was expected.
 * @module
 */
import type { z } from 'zod';
import { DEFAULT_POLICIES, POLICY_TABLE, type Policies } from './policies.js';
import { scenarioSchema, type CodeunitSpec, type PageSpec, type ScenarioFile, type ScriptStep, type Statement } from './scenarioSchema.js';
import { DEFAULT_SERVER, parseAutomationMethods, type ServerSettings } from './state.js';
import { parseTimespanMs } from './timespan.js';
import { findDuplicateKey } from './jsonKeys.js';
import type { Fault } from './faults.js';

/** A scenario that cannot be used, with where and what. */
export class ScenarioError extends Error {
  /**
   * @param file - the scenario's file name (or `<input>`)
   * @param path - JSON path of the problem, e.g. `$.sessions[0].script[2].atMs`
   * @param expected - what was expected there (and what was found)
   */
  constructor(readonly file: string, readonly path: string, readonly expected: string) {
    super(`${file}: ${path}: ${expected}`);
    this.name = 'ScenarioError';
  }
}

/** A session of a compiled scenario. */
export interface CompiledSession {
  readonly id: string;
  readonly index: number;
  readonly company: string;
  readonly pages: Readonly<Record<string, PageSpec>>;
  readonly script: readonly ScriptStep[];
}

/** A scenario after validation, with every default applied. */
export interface CompiledScenario {
  readonly name: string;
  readonly seed: number | string | undefined;
  readonly mode: 'client' | 'headless';
  readonly server: ServerSettings;
  readonly serverUpdates: readonly { readonly atMs: number; readonly server: ServerSettings }[];
  readonly policies: Policies;
  readonly codeunits: ReadonlyMap<number, CodeunitSpec>;
  readonly sessions: readonly CompiledSession[];
  readonly limits: { readonly untilMs: number | undefined; readonly maxEvents: number };
  /** Mutants only (properties/); empty in every normal run. */
  readonly faults: ReadonlySet<Fault>;
  /** Triggers written as TypeScript callbacks (the AL-shaped API, al.ts), by statement ID. @internal */
  readonly callbacks: ReadonlyMap<string, TriggerCallback>;
  /** The validated source, for reports and replay. */
  readonly source: ScenarioFile;
}

/**
 * A trigger written in TypeScript (see al.ts). It receives the AL-shaped `CurrPage` facade and
 * the trigger's parameters. @internal
 */
export type TriggerCallback = (currPage: unknown, args: readonly unknown[]) => void;

/** Default event budget when a scenario gives none. */
export const DEFAULT_MAX_EVENTS = 1_000_000;

type Issue = z.core.$ZodIssue;

function pathText(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// For a union, report the branch that got furthest (deepest first issue), which is the one the
// author most likely meant.
function deepest(issue: Issue, base: readonly PropertyKey[]): { issue: Issue; path: PropertyKey[] } {
  const here = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: { issue: Issue; path: PropertyKey[] } | undefined;
    let bestScore = -1;
    for (const branch of issue.errors) {
      const first = branch[0];
      if (first === undefined) continue;
      const cand = deepest(first, here);
      // Prefer branches that failed deeper and on fewer points (i.e. matched more of the input).
      const score = cand.path.length * 100 - branch.length;
      if (score > bestScore) { best = cand; bestScore = score; }
    }
    if (best !== undefined && best.path.length > here.length) return best;
  }
  return { issue, path: here };
}

function describe(issue: Issue, root: unknown): { path: string; expected: string } {
  const { issue: leaf, path } = deepest(issue, []);
  const got = valueAt(root, path);
  const where = pathText(path);
  switch (leaf.code) {
    case 'unrecognized_keys':
      return { path: where, expected: `unknown key(s) ${leaf.keys.map((k) => JSON.stringify(k)).join(', ')}; expected only the keys the scenario format defines` };
    case 'invalid_union':
      return { path: where, expected: `expected one of the forms the format allows here, got ${shown(got)}` };
    case 'invalid_value':
      return { path: where, expected: `expected ${leaf.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${shown(got)}` };
    case 'invalid_type':
      return { path: where, expected: `expected ${leaf.expected}${leaf.expected === 'int' ? 'eger' : ''}, got ${shown(got)}` };
    default:
      return { path: where, expected: `${leaf.message}; got ${shown(got)}` };
  }
}

function automation(v: string | undefined, dflt: readonly string[], file: string, at: string): readonly string[] {
  if (v === undefined) return dflt;
  const parsed = parseAutomationMethods(v);
  if (parsed === undefined) throw new ScenarioError(file, `${at}.pageBackgroundTaskAllowedAutomationMethods`, `expected a comma-separated list of (methodName,fullyQualifiedAssemblyName) pairs, got ${shown(v)}`);
  return parsed;
}

function server(base: ServerSettings, s: NonNullable<ScenarioFile['server']>, file: string, at: string): ServerSettings {
  const ts = (v: string | number | undefined, key: string, dflt: number): number => {
    if (v === undefined) return dflt;
    const ms = parseTimespanMs(v);
    if (ms === undefined) throw new ScenarioError(file, `${at}.${key}`, `expected a timespan "hh:mm:ss[.fff]" or integer milliseconds, got ${shown(v)}`);
    return ms;
  };
  return {
    childSessionsMaxConcurrency: s.childSessionsMaxConcurrency ?? base.childSessionsMaxConcurrency,
    childSessionsMaxQueueLength: s.childSessionsMaxQueueLength ?? base.childSessionsMaxQueueLength,
    pageBackgroundTaskDefaultTimeoutMs: ts(s.pageBackgroundTaskDefaultTimeout, 'pageBackgroundTaskDefaultTimeout', base.pageBackgroundTaskDefaultTimeoutMs),
    pageBackgroundTaskMaxTimeoutMs: ts(s.pageBackgroundTaskMaxTimeout, 'pageBackgroundTaskMaxTimeout', base.pageBackgroundTaskMaxTimeoutMs),
    childSessionStartupMs: s.childSessionStartupMs ?? base.childSessionStartupMs,
    deliveryDelayMs: s.deliveryDelayMs ?? base.deliveryDelayMs,
    allowedAutomationMethods: automation(s.pageBackgroundTaskAllowedAutomationMethods, base.allowedAutomationMethods, file, at),
  };
}

function checkStatements(statements: readonly Statement[] | undefined, at: string, file: string, codeunits: ReadonlyMap<number, CodeunitSpec>): void {
  statements?.forEach((st, i) => {
    if ('enqueue' in st && !codeunits.has(st.enqueue.codeunit)) {
      throw new ScenarioError(file, `${at}[${i}].enqueue.codeunit`, `expected the ID of a codeunit defined under $.codeunits, got ${st.enqueue.codeunit}`);
    }
    if ('repeat' in st && 'enqueue' in st.repeat.statement && !codeunits.has(st.repeat.statement.enqueue.codeunit)) {
      throw new ScenarioError(file, `${at}[${i}].repeat.statement.enqueue.codeunit`, `expected the ID of a codeunit defined under $.codeunits, got ${st.repeat.statement.enqueue.codeunit}`);
    }
  });
}

const STEP_ACTIONS = ['open', 'navigate', 'fetchRows', 'close', 'call', 'browse', 'runPageBackgroundTask', 'endSession'];
const STATEMENTS = ['enqueue', 'cancel', 'setIsHandled', 'error', 'busyMs', 'setVar', 'exitIfTaskIdIsNot', 'dialog', 'notification', 'write', 'update', 'repeat'];

// Unions report poorly when the discriminating key itself is wrong ("jump" instead of "open"),
// so unknown actions and statements are named before the schema runs.
function checkActionKeys(data: unknown, file: string): void {
  const obj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const statements = (list: unknown, at: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((st, i) => {
      if (!obj(st)) return;
      const keys = Object.keys(st);
      if (!keys.some((k) => STATEMENTS.includes(k))) {
        throw new ScenarioError(file, `${at}[${i}]`, `unknown statement with key(s) ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}; expected one of ${STATEMENTS.join(', ')}`);
      }
      if (obj(st['repeat'])) statements([st['repeat']['statement']], `${at}[${i}].repeat.statement`);
    });
  };
  const triggers = (t: unknown, at: string): void => {
    if (obj(t)) for (const [k, v] of Object.entries(t)) statements(v, `${at}.${k}`);
  };
  if (!obj(data) || !Array.isArray(data['sessions'])) return;
  data['sessions'].forEach((session, si) => {
    if (!obj(session)) return;
    const at = `$.sessions[${si}]`;
    if (obj(session['pages'])) {
      for (const [name, page] of Object.entries(session['pages'])) {
        if (!obj(page)) continue;
        triggers(page['triggers'], `${at}.pages.${name}.triggers`);
        if (Array.isArray(page['extensions'])) page['extensions'].forEach((e, ei) => obj(e) && triggers(e['triggers'], `${at}.pages.${name}.extensions[${ei}].triggers`));
      }
    }
    if (!Array.isArray(session['script'])) return;
    session['script'].forEach((step, i) => {
      if (!obj(step)) return;
      const keys = Object.keys(step).filter((k) => k !== 'atMs');
      if (!keys.some((k) => STEP_ACTIONS.includes(k))) {
        throw new ScenarioError(file, `${at}.script[${i}]`, `unknown action with key(s) ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}; expected one of ${STEP_ACTIONS.join(', ')}`);
      }
      statements(step['statements'], `${at}.script[${i}].statements`);
    });
  });
}

/** Expands `repeat` statements (compile time, so the interpreter sees plain statement lists). */
function flatten(statements: readonly Statement[]): Statement[] {
  const out: Statement[] = [];
  for (const st of statements) {
    if ('repeat' in st) for (let i = 0; i < st.repeat.times; i++) out.push(st.repeat.statement);
    else out.push(st);
  }
  return out;
}

function flattenTriggers<T extends { triggers?: Partial<Record<string, Statement[]>> | undefined }>(x: T): T {
  if (x.triggers === undefined) return x;
  const triggers: Partial<Record<string, Statement[]>> = {};
  for (const [k, v] of Object.entries(x.triggers)) if (v !== undefined) triggers[k] = flatten(v);
  return { ...x, triggers };
}

function flattenPages(pages: Readonly<Record<string, PageSpec>>): Record<string, PageSpec> {
  const out: Record<string, PageSpec> = {};
  for (const [name, page] of Object.entries(pages)) {
    const p = flattenTriggers(page);
    out[name] = p.extensions === undefined ? p : { ...p, extensions: p.extensions.map((e) => flattenTriggers(e)) };
  }
  return out;
}

/**
 * Validates an already-parsed scenario object and compiles it.
 * @param data - the parsed JSON
 * @param file - name used in error messages
 * @param faults - mutants (properties/ only)
 * @throws ScenarioError on any problem
 */
export function compileScenario(data: unknown, file = '<input>', faults: ReadonlySet<Fault> = new Set()): CompiledScenario {
  if (data !== null && typeof data === 'object' && 'version' in data && (data as { version: unknown }).version !== 1) {
    throw new ScenarioError(file, '$.version', `unsupported version ${shown((data as { version: unknown }).version)}: expected 1`);
  }
  checkActionKeys(data, file);
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const d = describe(first, data);
    throw new ScenarioError(file, d.path, d.expected);
  }
  const sc = parsed.data;
  const codeunits = new Map<number, CodeunitSpec>();
  for (const [id, spec] of Object.entries(sc.codeunits)) codeunits.set(Number(id), spec);
  for (const [id, spec] of Object.entries(sc.codeunits)) {
    const d = spec.durationMs;
    if (typeof d === 'object' && 'uniform' in d && d.uniform.maxMs < d.uniform.minMs) {
      throw new ScenarioError(file, `$.codeunits["${id}"].durationMs.uniform.maxMs`, `expected maxMs >= minMs (${d.uniform.minMs}), got ${d.uniform.maxMs}`);
    }
  }
  const policies: Record<string, unknown> = { ...DEFAULT_POLICIES };
  for (const [k, v] of Object.entries(sc.policies ?? {})) {
    if (v === undefined) continue;
    const info = POLICY_TABLE.find((p) => p.name === k)!;
    if (Array.isArray(info.alternatives) && !info.alternatives.includes(v as never)) {
      throw new ScenarioError(file, `$.policies.${k}`, `expected ${info.alternatives.map((a) => JSON.stringify(a)).join(' or ')}, got ${shown(v)}`);
    }
    policies[k] = v;
  }
  const base = server(DEFAULT_SERVER, sc.server ?? {}, file, '$.server');
  if (sc.server?.profile === 'online') {
    // PBT-CFG-06 / PBT-CONC-04: online uses fixed values; only simulation costs may be set.
    const fixed = ['childSessionsMaxConcurrency', 'childSessionsMaxQueueLength', 'pageBackgroundTaskDefaultTimeoutMs', 'pageBackgroundTaskMaxTimeoutMs'] as const;
    for (const k of fixed) {
      if (base[k] !== DEFAULT_SERVER[k]) {
        const key = k.replace(/Ms$/, '');
        throw new ScenarioError(file, `$.server.${key}`, `expected no override with profile "online" (Business Central online uses fixed limits: concurrency 5, queue 100, timeouts 00:02:00 and 00:10:00)`);
      }
    }
    if ((sc.serverUpdates ?? []).length > 0) throw new ScenarioError(file, '$.serverUpdates', 'expected no server updates with profile "online" (its limits cannot be changed)');
  }
  let current = base;
  const updates = (sc.serverUpdates ?? []).map((u, i) => {
    current = server(current, u.server, file, `$.serverUpdates[${i}].server`);
    return { atMs: u.atMs, server: current };
  });
  const ids = new Set<string>();
  const sessions = sc.sessions.map((s, si): CompiledSession => {
    const at = `$.sessions[${si}]`;
    if (ids.has(s.id)) throw new ScenarioError(file, `${at}.id`, `expected a session ID not used before, got duplicate ${shown(s.id)}`);
    ids.add(s.id);
    const hosted = new Set<string>();
    for (const [name, page] of Object.entries(s.pages)) {
      const pat = `${at}.pages.${name}`;
      page.parts?.forEach((part, pi) => {
        const target = s.pages[part];
        if (target === undefined || part === name) throw new ScenarioError(file, `${pat}.parts[${pi}]`, `expected the name of another page of this session, got ${shown(part)}`);
        if (target.parts !== undefined && target.parts.length > 0) throw new ScenarioError(file, `${pat}.parts[${pi}]`, `expected a page without parts of its own (parts do not nest), got ${shown(part)}`);
        if (hosted.has(part)) throw new ScenarioError(file, `${pat}.parts[${pi}]`, `expected each part to be hosted by one page only, got ${shown(part)} twice`);
        hosted.add(part);
      });
      for (const [trig, code] of Object.entries(page.triggers ?? {})) checkStatements(code, `${pat}.triggers.${trig}`, file, codeunits);
      const extNames = new Set<string>();
      page.extensions?.forEach((ext, ei) => {
        if (extNames.has(ext.name)) throw new ScenarioError(file, `${pat}.extensions[${ei}].name`, `expected an extension name not used before on this page, got duplicate ${shown(ext.name)}`);
        extNames.add(ext.name);
        for (const [trig, code] of Object.entries(ext.triggers ?? {})) checkStatements(code, `${pat}.extensions[${ei}].triggers.${trig}`, file, codeunits);
      });
    }
    let ended: number | undefined;
    s.script.forEach((step, i) => {
      const sat = `${at}.script[${i}]`;
      if (ended !== undefined && step.atMs >= ended) throw new ScenarioError(file, `${sat}.atMs`, `expected no step at or after the endSession at ${ended} ms, got ${step.atMs}`);
      const pageRef = 'open' in step ? ['open', step.open] : 'navigate' in step ? ['navigate', step.navigate] : 'fetchRows' in step ? ['fetchRows', step.fetchRows]
        : 'close' in step ? ['close', step.close] : 'call' in step ? ['call', step.call] : 'browse' in step ? ['browse', step.browse]
        : 'runPageBackgroundTask' in step ? ['runPageBackgroundTask.page', step.runPageBackgroundTask.page] : undefined;
      if (pageRef !== undefined && !(pageRef[1]! in s.pages)) {
        throw new ScenarioError(file, `${sat}.${pageRef[0]}`, `expected a page defined under ${at}.pages (${Object.keys(s.pages).join(', ') || 'none'}), got ${shown(pageRef[1])}`);
      }
      if ('enqueue' in step && !codeunits.has(step.enqueue.codeunit)) throw new ScenarioError(file, `${sat}.enqueue.codeunit`, `expected the ID of a codeunit defined under $.codeunits, got ${step.enqueue.codeunit}`);
      if ('statements' in step) checkStatements(step.statements, `${sat}.statements`, file, codeunits);
      if ('runPageBackgroundTask' in step && !codeunits.has(step.runPageBackgroundTask.codeunit)) throw new ScenarioError(file, `${sat}.runPageBackgroundTask.codeunit`, `expected the ID of a codeunit defined under $.codeunits, got ${step.runPageBackgroundTask.codeunit}`);
      if ('browse' in step) {
        const t = step.thinkMs;
        if (typeof t === 'object' && 'parameter' in t) throw new ScenarioError(file, `${sat}.thinkMs`, 'expected an integer or a distribution (a think time has no parameters)');
      }
      if ('endSession' in step) ended = step.atMs;
    });
    return { id: s.id, index: si, company: s.company ?? 'CRONUS International Ltd.', pages: flattenPages(s.pages), script: s.script.map((st) => ('statements' in st ? { ...st, statements: flatten(st.statements) } : st)) };
  });
  return {
    name: sc.name,
    seed: sc.seed,
    mode: sc.mode ?? 'client',
    server: base,
    serverUpdates: updates,
    policies: policies as unknown as Policies,
    codeunits,
    sessions,
    limits: { untilMs: sc.limits?.untilMs, maxEvents: sc.limits?.maxEvents ?? DEFAULT_MAX_EVENTS },
    faults,
    callbacks: new Map(),
    source: sc,
  };
}

/**
 * Parses and compiles scenario text.
 * @param text - the file's contents
 * @param file - the file's name, for messages
 * @throws ScenarioError for malformed JSON, schema violations and bad references
 */
export function loadScenario(text: string, file = '<input>'): CompiledScenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, '$', `expected valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const dup = findDuplicateKey(text);
  if (dup !== undefined) throw new ScenarioError(file, dup.path, `duplicate key ${JSON.stringify(dup.key)}: expected each key (codeunit ID, page name, field) once`);
  return compileScenario(data, file);
}
