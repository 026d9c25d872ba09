/**
 * Loading a scenario: JSON text → one iterative scan (syntax, depth, duplicate keys, exact
 * numbers; scenarioJson.ts) → `JSON.parse` → structure messages from the JSON Schema
 * (scenarioCheck.ts) → semantic checks (scenarioSemantics.ts) → a compiled, fully defaulted
 * {@link CompiledScenario}. Every problem (up to 20 at once, in file order, each with its line)
 * goes into one {@link ScenarioError} naming the file, the JSON path and what was expected.
 * @module
 */
import { DEFAULT_POLICIES, POLICY_TABLE, type Policies } from './policies.js';
import { scenarioJsonSchema, type CodeunitSpec, type PageSpec, type ScenarioFile, type ScriptStep, type Statement } from './scenarioSchema.js';
import type { ServerSettings } from './state.js';
import type { Fault } from './faults.js';
import { ScenarioError, pathText, shown, type ScenarioProblem } from './scenarioError.js';
import { checkStructure } from './scenarioCheck.js';
import { checkSemantics, ProblemList, type SegmentedProblem } from './scenarioSemantics.js';
import { lineAt, scanJson, MAX_JSON_DEPTH } from './scenarioJson.js';
import { notAScenario } from './scenarioKind.js';
import { DEFAULT_MAX_EVENTS } from './scenarioLimits.js';

export { ScenarioError } from './scenarioError.js';
export type { ScenarioProblem } from './scenarioError.js';
export { DEFAULT_MAX_EVENTS } from './scenarioLimits.js';

/** How many problems of one file are reported at once. */
export const MAX_REPORTED_PROBLEMS = 20;

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
  /** The scenario's `name`, or the file's base name without extension when it has none. */
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
  /** The validated source (with `name` filled in), for reports and replay. */
  readonly source: ScenarioFile;
}

/**
 * A trigger written in TypeScript (see al.ts). It receives the AL-shaped `CurrPage` facade and
 * the trigger's parameters. @internal
 */
export type TriggerCallback = (currPage: unknown, args: readonly unknown[]) => void;

/**
 * The default scenario name for a file: its base name without extension.
 * @param file - a path (either separator) or a label such as `<input>`
 * @returns e.g. `customer-card` for `examples/customer-card.json`
 */
export function defaultScenarioName(file: string): string {
  const base = file.replace(/^.*[\\/]/, '');
  const stem = base.replace(/\.[^.]+$/, '');
  return stem.length > 0 ? stem : base.length > 0 ? base : '<input>';
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

function fail(file: string, problems: readonly SegmentedProblem[], truncated: boolean, text?: string): never {
  let list: ScenarioProblem[] = problems.map((q) => ({ path: pathText(q.segments), expected: q.expected }));
  if (text !== undefined) {
    // Put the problems in file order and give each its line (one more pass, only on failure).
    const { offsets } = scanJson(text, { locate: problems.map((q) => q.segments), maxProblems: 0 });
    const order = problems.map((_, i) => i).sort((a, b) => (offsets.get(a) ?? 0) - (offsets.get(b) ?? 0) || a - b);
    list = order.map((i) => {
      const off = offsets.get(i);
      return off === undefined ? list[i]! : { ...list[i]!, line: lineAt(text, off) };
    });
  }
  throw ScenarioError.of(file, list, truncated);
}

function compile(data: unknown, file: string, faults: ReadonlySet<Fault>, text?: string): CompiledScenario {
  const isObj = data !== null && typeof data === 'object' && !Array.isArray(data);
  if (!isObj) fail(file, [{ segments: [], expected: `expected a scenario: a JSON object such as {"version": 1, "codeunits": {…}, "sessions": […]}, got ${shown(data)}` }], false);
  if (isObj && Object.hasOwn(data, 'version') && (data as { version: unknown }).version !== 1) {
    fail(file, [{ segments: ['version'], expected: `unsupported version ${shown((data as { version: unknown }).version)}: expected 1` }], false, text);
  }
  if (isObj && typeof (data as { format?: unknown }).format === 'string' && String((data as { format: unknown }).format).startsWith('pbtsim-trace')) {
    fail(file, [{ segments: [], expected: 'this is a pbtsim trace, not a scenario; use `pbtsim replay <trace>` to re-run it' }], false);
  }
  const structure = checkStructure(scenarioJsonSchema(), data, MAX_REPORTED_PROBLEMS + 1);
  if (structure.length > 0) fail(file, structure.slice(0, MAX_REPORTED_PROBLEMS), structure.length > MAX_REPORTED_PROBLEMS, text);
  // The walk over the JSON Schema (generated from the zod schema) is the validation: zod's own
  // parse would accept exactly the same files (test/reliability/inputKeys.test.ts checks the two
  // agree on examples, broken fixtures and generated scenarios) at twice the cost on large files.
  // A caller's object is copied (as zod's parse used to), so freezing or changing the compiled
  // scenario never reaches it; text just parsed is already ours.
  const sc = (text === undefined ? structuredClone(data) : data) as ScenarioFile;
  const problems = new ProblemList(MAX_REPORTED_PROBLEMS);
  const checked = checkSemantics(sc, problems);
  const policies: Record<string, unknown> = { ...DEFAULT_POLICIES };
  for (const [k, v] of Object.entries(sc.policies ?? {})) {
    if (v === undefined) continue;
    const info = POLICY_TABLE.find((p) => p.name === k)!;
    if (Array.isArray(info.alternatives) && !info.alternatives.includes(v as never)) {
      problems.add(['policies', k], `expected ${info.alternatives.map((a) => JSON.stringify(a)).join(' or ')}, got ${shown(v)}`);
    }
    policies[k] = v;
  }
  if (problems.items.length > 0) fail(file, problems.items, problems.truncated, text);
  const name = sc.name ?? defaultScenarioName(file);
  // Sessions with the same pages share one compiled copy (fast path, pbt-browse-10000: the
  // interpreter's page specs and statements stay in cache however many users there are). Compiled
  // pages are never mutated.
  const shared = new Map<string, Record<string, PageSpec>>();
  const pagesOf = (pages: Readonly<Record<string, PageSpec>>): Record<string, PageSpec> => {
    const key = JSON.stringify(pages);
    let out = shared.get(key);
    if (out === undefined) shared.set(key, (out = flattenPages(pages)));
    return out;
  };
  const sessions = sc.sessions.map((s, si): CompiledSession => ({
    id: s.id, index: si, company: s.company ?? 'CRONUS International Ltd.', pages: pagesOf(s.pages),
    script: s.script.map((st) => ('statements' in st ? { ...st, statements: flatten(st.statements) } : st)),
  }));
  return {
    name,
    seed: sc.seed,
    mode: sc.mode ?? 'client',
    server: checked.server,
    serverUpdates: checked.updates,
    policies: policies as unknown as Policies,
    codeunits: checked.codeunits,
    sessions,
    limits: { untilMs: sc.limits?.untilMs, maxEvents: sc.limits?.maxEvents ?? DEFAULT_MAX_EVENTS },
    faults,
    callbacks: new Map(),
    source: { ...sc, name },
  };
}

/**
 * Validates an already-parsed scenario object and compiles it.
 * @param data - the parsed JSON
 * @param file - name used in error messages (and the default scenario name)
 * @param faults - mutants (properties/ only)
 * @returns the compiled scenario
 * @throws ScenarioError listing up to 20 problems
 */
export function compileScenario(data: unknown, file = '<input>', faults: ReadonlySet<Fault> = new Set()): CompiledScenario {
  return compile(data, file, faults);
}


/**
 * Parses and compiles scenario text. A leading byte-order mark is accepted.
 * @param text - the file's contents
 * @param file - the file's name, for messages (and the default scenario name)
 * @param options - `maxDepth`: the nesting limit (default 64)
 * @returns the compiled scenario
 * @throws ScenarioError for malformed JSON, schema violations and bad references
 */
export function loadScenario(text: string, file = '<input>', options: { readonly maxDepth?: number } = {}): CompiledScenario {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') fail(file, [{ segments: [], expected: 'the file is empty; expected a scenario: a JSON object such as {"version": 1, "codeunits": {…}, "sessions": […]}' }], false);
  const scan = scanJson(body, { maxDepth: options.maxDepth ?? MAX_JSON_DEPTH, maxProblems: MAX_REPORTED_PROBLEMS + 1 });
  const fatal = scan.problems.find((q) => q.fatal);
  if (fatal !== undefined) {
    const kind = notAScenario(body);
    if (kind !== undefined) fail(file, [{ segments: [], expected: kind }], false);
    const earlier = scan.problems.filter((q) => !q.fatal);
    const line = lineAt(body, fatal.offset);
    const column = fatal.offset - body.lastIndexOf('\n', fatal.offset - 1);
    const where = `line ${line}, column ${column}`;
    const last = { path: pathText(fatal.segments), expected: fatal.kind === 'depth' ? `${fatal.expected} (${where})` : `expected valid JSON (${where}): ${fatal.expected.replace(/^expected /, '')}` };
    throw ScenarioError.of(file, [...earlier.map((q) => ({ path: pathText(q.segments), expected: q.expected, line: lineAt(body, q.offset) })), last], false);
  }
  if (scan.problems.length > 0) {
    const list = scan.problems.slice(0, MAX_REPORTED_PROBLEMS);
    throw ScenarioError.of(file, list.map((q) => ({ path: pathText(q.segments), expected: q.expected, line: lineAt(body, q.offset) })), scan.problems.length > MAX_REPORTED_PROBLEMS);
  }
  const data: unknown = JSON.parse(body);
  const kind = data !== null && typeof data === 'object' && !Object.hasOwn(data, 'sessions') ? notAScenario(body) : undefined;
  if (kind !== undefined) fail(file, [{ segments: [], expected: kind }], false);
  return compile(data, file, new Set(), body);
}
