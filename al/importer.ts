/**
 * `import`: builds a scenario (format v1) from AL — the chosen page with its page extensions,
 * the part pages (FactBoxes, Role Center parts) that enqueue tasks, the task codeunits (duration
 * from `Sleep` literals or `durationMs`, result keys, record writes, UI), and a default user
 * script (open, then record moves at a think time; a list page also fetches rows). Everything it
 * cannot translate exactly is listed in the scenario's `description` and returned as notes.
 * @module
 */
import type { CodeunitSpec, PageSpec, ScenarioFile, ScriptStep, Statement, TriggerMap, TriggerName } from '../models/pbt/index.js';
import { ImportNotes, translateTrigger, triggerOf, type CodeunitIds } from './importStatements.js';
import { pageTypeOf, routineLabel, type AlObject, type Finding } from './objects.js';
import { ProjectIndex } from './project.js';
import type { AlProject } from './reader.js';
import { reachFrom } from './reach.js';
import type { SourcePosition } from './source.js';
import { codeunitSpec } from './importCodeunit.js';

/** Options of {@link importScenario}. */
export interface ImportOptions {
  /** The page (name or ID) or page extension name to import; required when several pages enqueue. */
  readonly page?: string;
  /** Duration of task codeunits that have no `Sleep` literal (default 1000 ms). */
  readonly durationMs?: number;
  /** Record moves after opening (default 3). */
  readonly moves?: number;
  /** Think time between moves (default 2000 ms). */
  readonly thinkMs?: number;
  /** Rows a list page fetches (default 5). */
  readonly rows?: number;
  /** The scenario's seed (default 1). */
  readonly seed?: number | string;
  /**
   * Triggers the user runs after the record moves, as `call` steps: a label as `pbtsim lint
   * --format json` shows it (`action(Recalculate).OnAction`, `field(Balance).OnDrillDown`) or an
   * action's name.
   */
  readonly calls?: readonly string[];
}

/** What the import produced. */
export interface ImportResult {
  readonly scenario: ScenarioFile;
  readonly notes: readonly string[];
  /** The AL page imported. */
  readonly page: string;
}

/** The import cannot proceed (no page, an ambiguous page): a usage error. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

const TRIGGERS: readonly TriggerName[] = ['OnOpenPage', 'OnAfterGetRecord', 'OnAfterGetCurrRecord', 'OnPageBackgroundTaskCompleted', 'OnPageBackgroundTaskError'];
/** First placeholder ID for codeunits and tables that were not read. */
export const PLACEHOLDER_ID = 99_000_000;

function kindOf(pageType: string | null): NonNullable<PageSpec['kind']> {
  switch (pageType) {
    case 'list': case 'worksheet': case 'listplus': case 'navigatepage': return 'list';
    case 'cardpart': case 'listpart': return 'part';
    case 'rolecenter': return 'roleCenter';
    default: return 'card';
  }
}

function enqueues(o: AlObject): boolean {
  return o.routines.some((r) => r.findings.some((f) => f.kind === 'enqueue'));
}

/** The page names (AL) that enqueue tasks, directly, through extensions or through parts. */
export function importablePages(index: ProjectIndex): string[] {
  const names = new Map<string, string>();
  for (const o of index.project.objects) {
    if (o.type === 'page' && (enqueues(o) || o.parts.some((p) => { const t = index.object('page', p.page); return t !== undefined && enqueues(t); }))) names.set(o.name.toLowerCase(), o.name);
    if (o.type === 'pageextension' && o.extends !== null && enqueues(o)) names.set(o.extends.toLowerCase(), index.object('page', o.extends)?.name ?? o.extends);
  }
  return [...names.values()];
}

function choosePage(index: ProjectIndex, want: string | undefined): string {
  const candidates = importablePages(index);
  if (want === undefined) {
    if (candidates.length === 1) return candidates[0]!;
    throw new ImportError(candidates.length === 0 ? 'no page in the given files enqueues a page background task' : `several pages enqueue tasks; choose one with --page: ${candidates.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  const w = want.toLowerCase();
  const byId = /^\d+$/.test(want) ? index.objectById('page', Number(want)) ?? index.objectById('pageextension', Number(want)) : undefined;
  const hit = byId ?? index.object('page', want) ?? index.object('pageextension', want) ?? index.project.objects.find((o) => o.type === 'page' && o.name.toLowerCase() === w);
  if (hit?.type === 'pageextension' && hit.extends !== null) return index.object('page', hit.extends)?.name ?? hit.extends;
  if (hit !== undefined) return hit.name;
  if (candidates.some((c) => c.toLowerCase() === w)) return candidates.find((c) => c.toLowerCase() === w)!;
  throw new ImportError(`--page: no page or page extension ${JSON.stringify(want)} in the given files; pages that enqueue tasks: ${candidates.map((c) => JSON.stringify(c)).join(', ') || 'none'}`);
}

function placeholderIds(index: ProjectIndex, notes: ImportNotes): CodeunitIds {
  const assigned = new Map<string, number>();
  let next = PLACEHOLDER_ID;
  const placeholder = (key: string, what: string, pos: SourcePosition): number => {
    let id = assigned.get(key);
    if (id === undefined) {
      id = ++next;
      assigned.set(key, id);
    }
    notes.add(pos, `${what} was not among the files read: it gets the placeholder ID ${id}`);
    return id;
  };
  return {
    idOf(f: Extract<Finding, { kind: 'enqueue' }>, o: AlObject): number {
      const id = index.codeunitId(f.codeunit, o);
      if (id !== undefined) return id;
      const a = index.resolveCodeunitArg(f.codeunit, o);
      if (a.kind === 'name') return placeholder(`cu:${a.name.toLowerCase()}`, `codeunit ${JSON.stringify(a.name)}`, f.pos);
      if (a.kind === 'expression') return placeholder(`cu:${a.text}`, `the codeunit ${a.text} is computed; it`, f.pos);
      return a.id;
    },
    tableIdOf(name: string | null, pos: SourcePosition): number {
      const t = name === null ? undefined : /^\d+$/.test(name) ? index.objectById('table', Number(name)) : index.object('table', name);
      if (t?.id != null) return t.id;
      if (name !== null && /^\d+$/.test(name)) return Number(name);
      return placeholder(`table:${(name ?? '?').toLowerCase()}`, `table ${JSON.stringify(name ?? '?')}`, pos);
    },
  };
}

function triggersOf(index: ProjectIndex, o: AlObject, ids: CodeunitIds, notes: ImportNotes, calls: ReadonlySet<string>): TriggerMap | undefined {
  const map: TriggerMap = {};
  for (const name of TRIGGERS) {
    const r = triggerOf(o, name);
    if (r === undefined) continue;
    const st: Statement[] = translateTrigger(index, { object: o, routine: r }, ids, notes);
    if (st.length > 0) map[name] = st;
  }
  for (const r of o.routines) {
    if (r.kind !== 'trigger' || (r.level === 'object' && TRIGGERS.some((t) => t.toLowerCase() === r.name.toLowerCase()))) continue;
    const reaches = reachFrom(index, { object: o, routine: r }).some((x) => x.target.routine.findings.some((f) => f.kind === 'enqueue'));
    const called = calls.has(routineLabel(r).toLowerCase()) || (r.level === 'action' && r.control !== null && calls.has(r.control.toLowerCase()));
    if (reaches && !called) notes.add(r.pos, `${o.name}: ${r.level === 'object' ? r.name : `${r.level}(${r.control ?? ''}).${r.name}`} enqueues a task but is not a page trigger the scenario format runs; import with --call ${JSON.stringify(routineLabel(r))} to add it to the script as a "call" step`);
  }
  return Object.keys(map).length > 0 ? map : undefined;
}

function pageSpec(index: ProjectIndex, name: string, ids: CodeunitIds, notes: ImportNotes, parts: string[], calls: ReadonlySet<string>): PageSpec {
  const base = index.object('page', name);
  const exts = index.extensionsOf(name);
  const pt = base === undefined ? null : pageTypeOf(base);
  if (base === undefined) notes.add(exts[0]?.pos ?? null, `page ${JSON.stringify(name)} itself was not among the files read: it is imported as a card page with only its extensions' triggers`);
  const spec: { -readonly [K in keyof PageSpec]: PageSpec[K] } = { kind: kindOf(pt) };
  if (parts.length > 0) spec.parts = parts;
  const t = base === undefined ? undefined : triggersOf(index, base, ids, notes, calls);
  if (t !== undefined) spec.triggers = t;
  const e = exts.map((x) => { const tt = triggersOf(index, x, ids, notes, calls); return tt === undefined ? { name: x.name } : { name: x.name, triggers: tt }; });
  if (e.length > 0) spec.extensions = e;
  return spec;
}

function sourceTable(o: AlObject | undefined): string {
  const v = o?.properties.get('sourcetable');
  return v === undefined ? 'Record' : v.replace(/"/g, '');
}


/**
 * Builds a scenario from a project.
 * @param project - what the reader read
 * @param options - the page, durations and the user script
 * @throws ImportError when no page, or no single page, can be imported
 */
export function importScenario(project: AlProject, options: ImportOptions = {}): ImportResult {
  const index = new ProjectIndex(project);
  const notes = new ImportNotes();
  const name = choosePage(index, options.page);
  const ids = placeholderIds(index, notes);
  const base = index.object('page', name);
  const pages: Record<string, PageSpec> = {};
  const hosted: string[] = [];
  for (const p of base?.parts ?? []) {
    const target = index.object('page', p.page);
    if (target === undefined || !(enqueues(target) || index.extensionsOf(target.name).some(enqueues))) continue;
    if (target.name.toLowerCase() === name.toLowerCase() || hosted.includes(target.name)) continue;
    if (target.parts.some((q) => index.object('page', q.page) !== undefined && enqueues(index.object('page', q.page)!))) notes.add(target.pos, `part ${target.name} has parts of its own that enqueue tasks; parts do not nest in the scenario format, so they are left out`);
    hosted.push(target.name);
  }
  const calls = new Set((options.calls ?? []).map((c) => c.toLowerCase()));
  pages[name] = pageSpec(index, name, ids, notes, hosted, calls);
  for (const h of hosted) pages[h] = pageSpec(index, h, ids, notes, [], new Set());
  const codeunits: Record<string, CodeunitSpec> = {};
  const used = new Set<number>();
  const collect = (st: readonly Statement[] | undefined): void => { for (const s of st ?? []) if ('enqueue' in s) used.add(s.enqueue.codeunit); };
  for (const p of Object.values(pages)) {
    for (const st of Object.values(p.triggers ?? {})) collect(st);
    for (const e of p.extensions ?? []) for (const st of Object.values(e.triggers ?? {})) collect(st);
  }
  const moves = options.moves ?? 3;
  const think = options.thinkMs ?? 2000;
  const rows = options.rows ?? 5;
  const kind = pages[name]!.kind;
  const table = sourceTable(base);
  const records = Array.from({ length: Math.max(moves + 1, rows) }, (_, i) => `${table}: ${i + 1}`);
  const script: ScriptStep[] = [];
  if (kind === 'roleCenter') script.push({ atMs: 0, open: name, record: null });
  else if (kind === 'list') {
    script.push({ atMs: 0, open: name, record: null }, { atMs: 10, fetchRows: name, records: records.slice(0, rows) });
    if (moves > 0) script.push({ atMs: 10 + think, browse: name, records: records.slice(0, moves), moves, thinkMs: think });
  } else script.push({ atMs: 0, browse: name, records: records.slice(0, moves + 1), moves: moves + 1, thinkMs: think });
  let endMs = (moves + 1) * think + 10;
  for (const label of options.calls ?? []) {
    const owners = [...(base === undefined ? [] : [base]), ...index.extensionsOf(name)];
    const want = label.toLowerCase();
    const hit = owners.flatMap((o) => o.routines.filter((r) => r.kind === 'trigger' && r.level !== 'object').map((r) => ({ object: o, routine: r })))
      .find((x) => routineLabel(x.routine).toLowerCase() === want || (x.routine.level === 'action' && x.routine.control?.toLowerCase() === want));
    if (hit === undefined) {
      const known = owners.flatMap((o) => o.routines.filter((r) => r.kind === 'trigger' && r.level !== 'object').map(routineLabel));
      throw new ImportError(`--call: no trigger ${JSON.stringify(label)} on page ${JSON.stringify(name)} or its extensions; known: ${known.map((k) => JSON.stringify(k)).join(', ') || 'none'}`);
    }
    script.push({ atMs: endMs, call: name, statements: translateTrigger(index, hit, ids, notes) });
    endMs += think;
  }
  for (const step of script) if ('statements' in step) collect(step.statements);
  for (const id of [...used].sort((a, b) => a - b)) codeunits[String(id)] = codeunitSpec(index, id, options.durationMs, ids, notes);
  const header = `Imported by pbtsim import from ${project.files.length} AL file(s): page ${JSON.stringify(name)}${hosted.length > 0 ? ` with part(s) ${hosted.map((h) => JSON.stringify(h)).join(', ')}` : ''}${(pages[name]!.extensions ?? []).length > 0 ? ` and extension(s) ${(pages[name]!.extensions ?? []).map((e) => JSON.stringify(e.name)).join(', ')}` : ''}. Script: ${kind === 'roleCenter' ? 'open the Role Center' : kind === 'list' ? `open, fetch ${rows} rows, then ${moves} record move(s) ${think} ms apart` : `open, then ${moves} record move(s) ${think} ms apart`} (change with --moves, --think-ms, --rows).`;
  const description = notes.lines.length === 0 ? header : `${header} Choices made where the AL could not be translated exactly: ${notes.lines.map((n, i) => `(${i + 1}) ${n}`).join(' ')}`;
  const scenario: ScenarioFile = {
    version: 1, name: `${name} (imported from AL)`, description, seed: options.seed ?? 1, mode: 'client', codeunits,
    sessions: [{ id: 'user1', pages, script }],
    limits: { untilMs: endMs + 600_000, maxEvents: 100_000 },
  };
  return { scenario, notes: notes.lines, page: name };
}
