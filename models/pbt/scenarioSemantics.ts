/**
 * The checks a scenario needs beyond its shape: references (pages, parts, codeunits), unique
 * IDs, codeunit IDs canonicalised ("050100" and "50100" are one codeunit, so defining both is
 * an error rather than a silent merge), server settings, the online profile, distribution
 * bounds and the clock horizon (scenarioLimits.ts). Every check adds to a problem list instead
 * of stopping at the first, and every lookup uses `Object.hasOwn`, so a page called "toString"
 * is never taken for a built-in.
 * @module
 */
import type { CodeunitSpec, ScenarioFile, Statement } from './scenarioSchema.js';
import { quote, shown, type PathSegment } from './scenarioError.js';
import { checkClockHorizon, DEFAULT_MAX_EVENTS, MAX_CODEUNIT_ID, MAX_MS, maxDurationMs, type DurationLike, type WaitBound } from './scenarioLimits.js';
import { DEFAULT_SERVER, parseAutomationMethods, type ServerSettings } from './state.js';
import { parseTimespanMs } from './timespan.js';

/** A problem with its path as segments (so it can be placed in file order). @internal */
export interface SegmentedProblem {
  readonly segments: readonly PathSegment[];
  readonly expected: string;
}

/** Collects problems up to a limit. @internal */
export class ProblemList {
  readonly items: SegmentedProblem[] = [];
  truncated = false;
  constructor(private readonly limit: number) {}
  /** Adds a problem (dropped, and `truncated` set, past the limit). */
  add(segments: readonly PathSegment[], expected: string): void {
    if (this.items.length < this.limit) this.items.push({ segments, expected });
    else this.truncated = true;
  }
}

/** What the semantic checks produce for compilation. @internal */
export interface CheckedParts {
  readonly codeunits: ReadonlyMap<number, CodeunitSpec>;
  readonly server: ServerSettings;
  readonly updates: readonly { readonly atMs: number; readonly server: ServerSettings }[];
}

const FIXED_ONLINE = ['childSessionsMaxConcurrency', 'childSessionsMaxQueueLength', 'pageBackgroundTaskDefaultTimeoutMs', 'pageBackgroundTaskMaxTimeoutMs'] as const;

function serverSettings(base: ServerSettings, s: NonNullable<ScenarioFile['server']>, at: readonly PathSegment[], p: ProblemList): ServerSettings {
  const ts = (v: string | number | undefined, key: string, dflt: number): number => {
    if (v === undefined) return dflt;
    const parsed = parseTimespanMs(v);
    if (parsed === undefined) p.add([...at, key], `expected a timespan "hh:mm:ss[.fff]" or an integer number of milliseconds, got ${shown(v)}`);
    return parsed ?? dflt;
  };
  let automation = base.allowedAutomationMethods;
  if (s.pageBackgroundTaskAllowedAutomationMethods !== undefined) {
    const parsed = parseAutomationMethods(s.pageBackgroundTaskAllowedAutomationMethods);
    if (parsed === undefined) p.add([...at, 'pageBackgroundTaskAllowedAutomationMethods'], `expected a comma-separated list of (methodName,fullyQualifiedAssemblyName) pairs, got ${shown(s.pageBackgroundTaskAllowedAutomationMethods)}`);
    else automation = parsed;
  }
  return {
    childSessionsMaxConcurrency: s.childSessionsMaxConcurrency ?? base.childSessionsMaxConcurrency,
    childSessionsMaxQueueLength: s.childSessionsMaxQueueLength ?? base.childSessionsMaxQueueLength,
    pageBackgroundTaskDefaultTimeoutMs: ts(s.pageBackgroundTaskDefaultTimeout, 'pageBackgroundTaskDefaultTimeout', base.pageBackgroundTaskDefaultTimeoutMs),
    pageBackgroundTaskMaxTimeoutMs: ts(s.pageBackgroundTaskMaxTimeout, 'pageBackgroundTaskMaxTimeout', base.pageBackgroundTaskMaxTimeoutMs),
    childSessionStartupMs: s.childSessionStartupMs ?? base.childSessionStartupMs,
    deliveryDelayMs: s.deliveryDelayMs ?? base.deliveryDelayMs,
    allowedAutomationMethods: automation,
  };
}

/**
 * Checks everything the schema cannot and derives the parts compilation needs.
 * @param sc - a scenario whose shape is valid
 * @param p - where problems go
 * @returns codeunits by numeric ID and the server settings
 * @internal
 */
export function checkSemantics(sc: ScenarioFile, p: ProblemList): CheckedParts {
  const waits: WaitBound[] = [];
  const durationBound = (d: DurationLike, at: readonly PathSegment[]): void => {
    const max = maxDurationMs(d);
    if (max === undefined) return;
    if (!(max <= MAX_MS)) {
      p.add(at, `expected a distribution whose largest possible draw (about ${max.toPrecision(3)} ms) is at most ${MAX_MS} ms (about 31.7 years); lower the mean, median or spread`);
    } else waits.push({ ms: max, at });
  };
  // Codeunits, by canonical numeric ID.
  const codeunits = new Map<number, CodeunitSpec>();
  const spelled = new Map<number, string>();
  for (const [key, spec] of Object.entries(sc.codeunits)) {
    const at = ['codeunits', key];
    const id = Number(key);
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_CODEUNIT_ID) { p.add(at, `expected a codeunit ID from 1 to ${MAX_CODEUNIT_ID}, got ${quote(key)}`); continue; }
    const before = spelled.get(id);
    if (before !== undefined) { p.add(at, `codeunit ${id} is defined twice (as ${quote(before)} and ${quote(key)}); expected each codeunit ID once`); continue; }
    spelled.set(id, key);
    codeunits.set(id, spec);
    const d = spec.durationMs;
    if (typeof d === 'object' && 'uniform' in d && d.uniform.maxMs < d.uniform.minMs) p.add([...at, 'durationMs', 'uniform', 'maxMs'], `expected maxMs >= minMs (${d.uniform.minMs}), got ${d.uniform.maxMs}`);
    durationBound(d, [...at, 'durationMs']);
    spec.writes?.forEach((w, i) => { if (w.afterMs !== undefined) waits.push({ ms: w.afterMs, at: [...at, 'writes', i, 'afterMs'] }); });
  }
  // Server settings and updates.
  const base = serverSettings(DEFAULT_SERVER, sc.server ?? {}, ['server'], p);
  if (sc.server?.profile === 'online') {
    // PBT-CFG-06 / PBT-CONC-04: online uses fixed values; only simulation costs may be set.
    for (const k of FIXED_ONLINE) {
      if (base[k] !== DEFAULT_SERVER[k]) p.add(['server', k.replace(/Ms$/, '')], 'expected no override with profile "online" (Business Central online uses fixed limits: concurrency 5, queue 100, timeouts 00:02:00 and 00:10:00)');
    }
    if ((sc.serverUpdates ?? []).length > 0) p.add(['serverUpdates'], 'expected no server updates with profile "online" (its limits cannot be changed)');
  }
  let current = base;
  let overhead = base.childSessionStartupMs + base.deliveryDelayMs;
  let timeout = Math.max(base.pageBackgroundTaskDefaultTimeoutMs, base.pageBackgroundTaskMaxTimeoutMs);
  let lastStart = 0;
  const updates = (sc.serverUpdates ?? []).map((u, i) => {
    current = serverSettings(current, u.server, ['serverUpdates', i, 'server'], p);
    overhead = Math.max(overhead, current.childSessionStartupMs + current.deliveryDelayMs);
    timeout = Math.max(timeout, current.pageBackgroundTaskDefaultTimeoutMs, current.pageBackgroundTaskMaxTimeoutMs);
    lastStart = Math.max(lastStart, u.atMs);
    return { atMs: u.atMs, server: current };
  });
  // A requested timeout never exceeds max(default, maximum): above the maximum it is clamped or
  // replaced by the default (A5), at or below 0 it is the default (A4).
  waits.push({ ms: timeout, at: ['server', 'pageBackgroundTaskMaxTimeout'] });
  const statements = (list: readonly Statement[] | undefined, at: readonly PathSegment[]): void => {
    list?.forEach((st, i) => {
      const one = 'repeat' in st ? st.repeat.statement : st;
      const sat = 'repeat' in st ? [...at, i, 'repeat', 'statement'] : [...at, i];
      if ('enqueue' in one && !codeunits.has(one.enqueue.codeunit)) p.add([...sat, 'enqueue', 'codeunit'], `expected the ID of a codeunit defined under $.codeunits, got ${one.enqueue.codeunit}`);
      if ('busyMs' in one) waits.push({ ms: one.busyMs, at: [...sat, 'busyMs'] });
    });
  };
  const ids = new Set<string>();
  sc.sessions.forEach((s, si) => {
    const at: PathSegment[] = ['sessions', si];
    if (ids.has(s.id)) p.add([...at, 'id'], `expected a session ID not used before, got duplicate ${shown(s.id)}`);
    ids.add(s.id);
    const isPage = (name: string): boolean => Object.hasOwn(s.pages, name);
    const hosted = new Set<string>();
    for (const [name, page] of Object.entries(s.pages)) {
      const pat = [...at, 'pages', name];
      page.parts?.forEach((part, pi) => {
        const where = [...pat, 'parts', pi];
        if (!isPage(part) || part === name) p.add(where, `expected the name of another page of this session, got ${shown(part)}`);
        else if ((s.pages[part]!.parts ?? []).length > 0) p.add(where, `expected a page without parts of its own (parts do not nest), got ${shown(part)}`);
        else if (hosted.has(part)) p.add(where, `expected each part to be hosted by one page only, got ${shown(part)} twice`);
        hosted.add(part);
      });
      for (const [trig, code] of Object.entries(page.triggers ?? {})) statements(code, [...pat, 'triggers', trig]);
      const extNames = new Set<string>();
      page.extensions?.forEach((ext, ei) => {
        if (extNames.has(ext.name)) p.add([...pat, 'extensions', ei, 'name'], `expected an extension name not used before on this page, got duplicate ${shown(ext.name)}`);
        extNames.add(ext.name);
        for (const [trig, code] of Object.entries(ext.triggers ?? {})) statements(code, [...pat, 'extensions', ei, 'triggers', trig]);
      });
    }
    let ended: number | undefined;
    const pageList = Object.keys(s.pages).slice(0, 8).map((k) => quote(k)).join(', ') || 'none';
    s.script.forEach((step, i) => {
      const sat = [...at, 'script', i];
      lastStart = Math.max(lastStart, step.atMs);
      if (ended !== undefined && step.atMs >= ended) p.add([...sat, 'atMs'], `expected no step at or after the endSession at ${ended} ms, got ${step.atMs}`);
      const ref: [PathSegment[], string] | undefined = 'open' in step ? [['open'], step.open] : 'navigate' in step ? [['navigate'], step.navigate]
        : 'fetchRows' in step ? [['fetchRows'], step.fetchRows] : 'close' in step ? [['close'], step.close] : 'call' in step ? [['call'], step.call]
          : 'browse' in step ? [['browse'], step.browse] : 'runPageBackgroundTask' in step ? [['runPageBackgroundTask', 'page'], step.runPageBackgroundTask.page] : undefined;
      if (ref !== undefined && !isPage(ref[1])) p.add([...sat, ...ref[0]], `expected a page defined under $.sessions[${si}].pages (${pageList}), got ${shown(ref[1])}`);
      if ('enqueue' in step) {
        if (!codeunits.has(step.enqueue.codeunit)) p.add([...sat, 'enqueue', 'codeunit'], `expected the ID of a codeunit defined under $.codeunits, got ${step.enqueue.codeunit}`);
      }
      if ('busyMs' in step) waits.push({ ms: step.busyMs, at: [...sat, 'busyMs'] });
      if ('statements' in step) statements(step.statements, [...sat, 'statements']);
      if ('runPageBackgroundTask' in step && !codeunits.has(step.runPageBackgroundTask.codeunit)) p.add([...sat, 'runPageBackgroundTask', 'codeunit'], `expected the ID of a codeunit defined under $.codeunits, got ${step.runPageBackgroundTask.codeunit}`);
      if ('browse' in step) {
        const t = step.thinkMs;
        if (typeof t === 'object' && 'parameter' in t) p.add([...sat, 'thinkMs'], 'expected an integer or a distribution (a think time has no parameters)');
        else durationBound(t, [...sat, 'thinkMs']);
      }
      if ('endSession' in step) ended = step.atMs;
    });
  });
  if (p.items.length === 0) {
    const horizon = checkClockHorizon({
      lastStartMs: lastStart, waits, overheadMs: overhead, untilMs: sc.limits?.untilMs,
      maxEvents: sc.limits?.maxEvents ?? DEFAULT_MAX_EVENTS, maxEventsExplicit: sc.limits?.maxEvents !== undefined,
    });
    if (horizon !== undefined) p.add(horizon.path === '$.limits.maxEvents' ? ['limits', 'maxEvents'] : ['limits'], horizon.expected);
  }
  return { codeunits, server: base, updates };
}
