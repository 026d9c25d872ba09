/**
 * An AL-shaped TypeScript API over the same model: declare codeunits, sessions and pages, write
 * triggers as functions that call `CurrPage.enqueueBackgroundTask(...)` the way an AL developer
 * thinks, script the user's actions in virtual time, and run.
 *
 * @example
 * ```ts
 * const sim = new PbtSimulator({ seed: 42 });
 * sim.codeunit(50100, { durationMs: { parameter: 'Wait' }, results: { after: 'done' } });
 * const card = sim.session('user1').page('customerCard', {
 *   OnAfterGetCurrRecord(CurrPage) {
 *     CurrPage.cancelBackgroundTask(CurrPage.getVar('WaitTaskId'));
 *     CurrPage.enqueueBackgroundTask('WaitTaskId', 50100, { Wait: '1000' }, 10000, 'Warning');
 *   },
 *   OnPageBackgroundTaskCompleted(CurrPage, taskId, results) {
 *     if (taskId !== CurrPage.getVar('WaitTaskId')) return;
 *   },
 * });
 * card.open(0, 'Customer: 10000');
 * card.navigate(400, 'Customer: 20000');
 * const { result } = sim.run();
 * ```
 *
 * Gotcha: a TypeScript trigger runs as one atomic step. In headless mode its enqueue calls start
 * their tasks inline, but the completion trigger runs after the function returns rather than
 * inside the call; use statement lists (scenario files) to model that nesting exactly.
 * @module
 */
import type { RunResultContract } from './result.js';
import { compileScenario, type CompiledScenario, type TriggerCallback } from './scenario.js';
import type { CodeunitSpec, PageSpec, ScenarioFile, Statement, TriggerName } from './scenarioSchema.js';
import type { CurrPage } from './currPage.js';
import { runScenario, type ScenarioRun } from './run.js';
import type { Policies } from './policies.js';
import type { ErrorLevel } from './state.js';

export { AlRuntimeError } from './currPage.js';
export type { CurrPage } from './currPage.js';

/** Triggers of a page written as functions (or as statement lists). */
export interface PageTriggers {
  OnOpenPage?: ((currPage: CurrPage) => void) | Statement[];
  OnAfterGetRecord?: ((currPage: CurrPage) => void) | Statement[];
  OnAfterGetCurrRecord?: ((currPage: CurrPage) => void) | Statement[];
  OnPageBackgroundTaskCompleted?: ((currPage: CurrPage, taskId: number, results: Readonly<Record<string, string>>) => void) | Statement[];
  OnPageBackgroundTaskError?:
    | ((currPage: CurrPage, taskId: number, errorCode: string, errorText: string, errorCallStack: string, isHandled: { value: boolean }) => void)
    | Statement[];
}

/** Options of {@link PbtSimulator}. */
export interface PbtSimulatorOptions {
  readonly seed: number | string;
  readonly name?: string;
  readonly mode?: 'client' | 'headless';
  readonly server?: NonNullable<ScenarioFile['server']>;
  readonly policies?: Partial<Policies>;
  readonly limits?: { readonly untilMs?: number; readonly maxEvents?: number };
}

/** A page of a session, with methods that script the user's actions on it. */
export class PageHandle {
  /** @internal */
  constructor(private readonly session: SessionHandle, readonly name: string) {}
  /** Opens the page on a record (runs OnOpenPage, OnAfterGetRecord, OnAfterGetCurrRecord). */
  open(atMs: number, recordId: string | null = null): this {
    this.session.step({ atMs, open: this.name, record: recordId });
    return this;
  }
  /** Moves the page to another record (a record change cancels its tasks, PBT-CAN-03). */
  navigate(atMs: number, recordId: string | null): this {
    this.session.step({ atMs, navigate: this.name, record: recordId });
    return this;
  }
  /** Closes the page (PBT-CAN-02). */
  close(atMs: number): this {
    this.session.step({ atMs, close: this.name });
    return this;
  }
  /** Runs an action's code on the page (statements or a function). */
  action(atMs: number, code: ((currPage: CurrPage) => void) | Statement[]): this {
    this.session.step({ atMs, call: this.name, statements: this.session.sim.code(code) });
    return this;
  }
  /** `TestPage.RunPageBackgroundTask(CodeunitId, Parameters, RunCompletionTriggers)` (PBT-TST-01). */
  runPageBackgroundTask(atMs: number, codeunitId: number, parameters?: Record<string, string>, runCompletionTriggers = false): this {
    this.session.step({ atMs, runPageBackgroundTask: { page: this.name, codeunit: codeunitId, ...(parameters ? { parameters } : {}), runCompletionTriggers } });
    return this;
  }
}

/** A parent (client) session. */
export class SessionHandle {
  /** @internal */
  readonly pages: Record<string, NonNullable<ScenarioFile['sessions'][number]['pages'][string]>> = {};
  /** @internal */
  readonly script: ScenarioFile['sessions'][number]['script'] = [];
  /** @internal */
  constructor(readonly sim: PbtSimulator, readonly id: string) {}
  /**
   * Declares a page and its triggers.
   * @param name - page name, unique in the session
   * @param triggers - the page's triggers
   * @param options - kind, parts hosted on it, page extensions with their own triggers
   */
  page(name: string, triggers: PageTriggers = {}, options: { kind?: 'card' | 'list' | 'part' | 'roleCenter'; parts?: string[]; extensions?: { name: string; triggers: PageTriggers }[] } = {}): PageHandle {
    this.pages[name] = {
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.parts ? { parts: options.parts } : {}),
      triggers: this.sim.triggers(triggers),
      ...(options.extensions ? { extensions: options.extensions.map((e) => ({ name: e.name, triggers: this.sim.triggers(e.triggers) })) } : {}),
    };
    return new PageHandle(this, name);
  }
  /** Ends the session at `atMs` (PBT-CAN-04). */
  end(atMs: number): void {
    this.script.push({ atMs, endSession: true });
  }
  /** @internal */
  step(s: ScenarioFile['sessions'][number]['script'][number]): void {
    this.script.push(s);
  }
}

/** Builds and runs a scenario through TypeScript instead of a JSON file. */
export class PbtSimulator {
  private readonly codeunits: Record<string, CodeunitSpec> = {};
  private readonly sessions: SessionHandle[] = [];
  private readonly callbacks = new Map<string, TriggerCallback>();

  /** @param options - seed (required), mode, server settings, policies, limits */
  constructor(private readonly options: PbtSimulatorOptions) {}

  /** Declares what codeunit `id` does when a task runs it. */
  codeunit(id: number, spec: CodeunitSpec): this {
    this.codeunits[String(id)] = spec;
    return this;
  }

  /** Declares (or returns) a parent session. */
  session(id: string): SessionHandle {
    let s = this.sessions.find((x) => x.id === id);
    if (s === undefined) {
      s = new SessionHandle(this, id);
      this.sessions.push(s);
    }
    return s;
  }

  /** The scenario as data (statement placeholders stand for function triggers). */
  scenario(): ScenarioFile {
    return {
      version: 1,
      name: this.options.name ?? 'AL-shaped simulation',
      seed: this.options.seed,
      mode: this.options.mode ?? 'client',
      ...(this.options.server ? { server: this.options.server } : {}),
      ...(this.options.policies ? { policies: this.options.policies as Record<string, never> } : {}),
      codeunits: this.codeunits,
      sessions: this.sessions.map((s) => ({ id: s.id, pages: s.pages, script: s.script })),
      ...(this.options.limits ? { limits: this.options.limits } : {}),
    };
  }

  /** Compiles the scenario (validated exactly like a file) with the function triggers attached. */
  compile(): CompiledScenario {
    const compiled = compileScenario(this.scenario(), 'PbtSimulator');
    // Function triggers travel through validation as placeholder statements; swap them back.
    const swap = (list: readonly Statement[]): Statement[] =>
      list.map((st) => ('notification' in st && st.notification.startsWith(CALLBACK) ? ({ callback: st.notification.slice(CALLBACK.length) } as unknown as Statement) : st));
    const swapTriggers = (t: NonNullable<PageSpec['triggers']>): NonNullable<PageSpec['triggers']> => {
      const out: Partial<Record<TriggerName, Statement[]>> = {};
      for (const [k, v] of Object.entries(t) as [TriggerName, Statement[] | undefined][]) if (v !== undefined) out[k] = swap(v);
      return out;
    };
    const sessions = compiled.sessions.map((cs) => {
      const pages: Record<string, PageSpec> = {};
      for (const [name, p] of Object.entries(cs.pages)) {
        pages[name] = {
          ...p,
          ...(p.triggers ? { triggers: swapTriggers(p.triggers) } : {}),
          ...(p.extensions ? { extensions: p.extensions.map((e) => ({ ...e, ...(e.triggers ? { triggers: swapTriggers(e.triggers) } : {}) })) } : {}),
        };
      }
      return { ...cs, pages, script: cs.script.map((st) => ('statements' in st ? { ...st, statements: swap(st.statements) } : st)) };
    });
    return { ...compiled, sessions, callbacks: this.callbacks };
  }

  /** Runs the simulation and returns the result contract and the trace. */
  run(): ScenarioRun & { result: RunResultContract } {
    return runScenario(this.compile());
  }

  /** @internal */
  triggers(t: PageTriggers): Partial<Record<TriggerName, Statement[]>> {
    const out: Partial<Record<TriggerName, Statement[]>> = {};
    for (const [name, code] of Object.entries(t) as [TriggerName, PageTriggers[TriggerName]][]) {
      if (code !== undefined) out[name] = this.code(code as ((currPage: CurrPage) => void) | Statement[]);
    }
    return out;
  }

  /** @internal */
  code(code: ((currPage: CurrPage, ...args: never[]) => void) | Statement[]): Statement[] {
    if (Array.isArray(code)) return code;
    const id = String(this.callbacks.size + 1);
    this.callbacks.set(id, (page, args) => (code as (p: unknown, ...a: unknown[]) => void)(page, ...args));
    return [{ notification: `${CALLBACK}${id}` }];
  }
}

// Placeholder text that stands for a function trigger while the scenario is validated as data.
const CALLBACK = '\u0000pbtsim-callback:';

/** Re-exported for AL-shaped code: PageBackgroundTaskErrorLevel. */
export type PageBackgroundTaskErrorLevel = ErrorLevel;
