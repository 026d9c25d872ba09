/**
 * An independent reference oracle: a deliberately simple second implementation of the page
 * background task rules, written from the clause catalog and the architecture's defaults, with
 * no engine, no immer and no shared code with models/pbt. A list of pending happenings with a
 * linear scan for the next one (time, then the documented same-instant order, then FIFO) and
 * plain arrays for the queue and the slots.
 *
 * Scope (the {@link oracleScenarioArbitrary} subset): client mode, one parent session, pages
 * without extensions, fixed codeunit durations and outcomes, no start-up or delivery delay, no
 * busy triggers; statements `enqueue`, `cancel`, `error` in page triggers and actions,
 * `setIsHandled` and `error` in the callback triggers; steps open, navigate, close, call.
 * @module
 */

/** One task's outcome as the oracle computes it (the result contract's names). */
export interface OracleTask {
  taskId: number;
  page: string;
  record: string | null;
  enqueuedAtMs: number;
  effectiveTimeoutMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  outcome: 'completed' | 'failed' | 'timedOut' | 'cancelled' | null;
  cancelReason: 'recordChanged' | 'pageClosed' | 'cancelBackgroundTask' | null;
  trigger: 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError' | null;
  delivery: 'delivered' | 'dropped' | null;
  surfacedAs: 'none' | 'warning' | 'error' | null;
}

/** One EnqueueBackgroundTask call. */
export interface OracleCall {
  atMs: number;
  page: string;
  ok: boolean;
  taskId: number | null;
  raised: boolean;
}

/** The oracle's answer for a scenario. */
export interface OracleResult {
  readonly tasks: OracleTask[];
  readonly calls: OracleCall[];
}

// The oracle reads the scenario as plain JSON (any): it shares no types with the model.
type Stmt = Record<string, any>;
type Step = Record<string, any>;

// Same-instant order (catalog A6, A11; architecture "events"): a codeunit that finishes at its
// timeout instant completes, so finishing comes before timing out; the user's actions come
// next, then child sessions that were given a slot, and the idle scheduler last.
const ORDER = { finish: 1, timeout: 2, step: 4, start: 5, deliver: 7 } as const;
type Kind = keyof typeof ORDER;
interface Pending { time: number; kind: Kind; n: number; task: number; step: number }

interface TaskRec extends OracleTask {
  instance: number;
  level: string;
  codeunit: number;
  state: 'waiting' | 'starting' | 'running' | 'ended';
  suppressed: boolean;
}

/**
 * Computes every task's outcome for a scenario of the oracle subset.
 * @param scenario - a scenario object (version 1 format) within the subset
 * @returns per-task outcomes in enqueue order, and the enqueue calls
 */
export function oracle(scenario: Record<string, any>): OracleResult {
  const server = scenario['server'] ?? {};
  const conc: number = server.childSessionsMaxConcurrency ?? 5;
  const queueMax: number = server.childSessionsMaxQueueLength ?? 100;
  const dflt: number = server.pageBackgroundTaskDefaultTimeout ?? 120000;
  const max: number = server.pageBackgroundTaskMaxTimeout ?? 600000;
  const session = scenario['sessions'][0];
  const pageDefs: Record<string, { triggers?: Record<string, Stmt[]> }> = session.pages;
  const script: Step[] = session.script;

  const pages: Record<string, { open: boolean; instance: number; record: string | null; vars: Record<string, number> }> = {};
  for (const name of Object.keys(pageDefs)) pages[name] = { open: false, instance: 0, record: null, vars: {} };
  const tasks: TaskRec[] = [];
  const calls: OracleCall[] = [];
  let waiting: number[] = [];
  let slots: number[] = [];
  let toDeliver: number[] = [];
  let deliverySoon = false;
  let pending: Pending[] = [];
  let n = 0;
  let now = 0;
  const at = (time: number, kind: Kind, task = 0, step = 0): void => { pending.push({ time, kind, n: n++, task, step }); };
  const taskOf = (id: number): TaskRec | undefined => tasks[id - 1];

  // CONC-01/02, A2: give free slots to the oldest waiting tasks.
  const fillSlots = (): void => {
    while (waiting.length > 0 && slots.length < conc) {
      const id = waiting.shift()!;
      slots.push(id);
      taskOf(id)!.state = 'starting';
      at(now, 'start', id);
    }
  };
  const askForDelivery = (): void => {
    if (!deliverySoon && toDeliver.length > 0) { deliverySoon = true; at(now, 'deliver'); }
  };
  const finish = (t: TaskRec, outcome: NonNullable<OracleTask['outcome']>, reason: OracleTask['cancelReason']): void => {
    waiting = waiting.filter((x) => x !== t.taskId);
    slots = slots.filter((x) => x !== t.taskId);
    t.state = 'ended';
    t.outcome = outcome;
    t.cancelReason = reason;
    t.endedAtMs = now;
    if (outcome === 'failed' || outcome === 'timedOut') t.surfacedAs = 'none';
    if (outcome !== 'cancelled') { toDeliver.push(t.taskId); askForDelivery(); } // A9: no trigger for a cancellation
    fillSlots(); // A30/A31: the slot is free at once
  };
  const active = (t: TaskRec): boolean => t.state !== 'ended';
  // CAN-02/03, A7, A25: every waiting and running task of the page instance is cancelled.
  const cancelPage = (page: string, reason: 'recordChanged' | 'pageClosed'): void => {
    const pg = pages[page]!;
    for (const t of tasks) if (t.page === page && t.instance === pg.instance && active(t)) finish(t, 'cancelled', reason);
  };

  // Runs statements in a trigger of `page`; returns false when an error stopped them.
  const run = (page: string, code: readonly Stmt[] | undefined): boolean => {
    const pg = pages[page]!;
    for (const st of code ?? []) {
      if ('error' in st) return false;
      if ('enqueue' in st) {
        const a = st['enqueue'];
        const req: number | undefined = a.timeoutMs;
        const eff = Math.min(req === undefined || req <= 0 ? dflt : req, max); // TMO-02/03, A4, A5
        // ENQ-05, A1: full when the waiting tasks reach the limit, unless the task starts at once.
        const startsAtOnce = waiting.length === 0 && slots.length < conc;
        if (waiting.length >= queueMax && !startsAtOnce) {
          const raised = a.useReturnValue !== true; // ENQ-04
          calls.push({ atMs: now, page, ok: false, taskId: null, raised });
          if (raised) return false;
          continue;
        }
        const id = tasks.length + 1; // A16
        tasks.push({
          taskId: id, page, record: pg.record, enqueuedAtMs: now, effectiveTimeoutMs: eff, startedAtMs: null, endedAtMs: null,
          outcome: null, cancelReason: null, trigger: null, delivery: null, surfacedAs: null,
          instance: pg.instance, level: a.errorLevel ?? 'Error', codeunit: a.codeunit, state: 'waiting', suppressed: false,
        });
        calls.push({ atMs: now, page, ok: true, taskId: id, raised: false });
        waiting.push(id);
        fillSlots();
        if (a.taskIdVar !== undefined) pg.vars[a.taskIdVar] = id;
      } else if ('cancel' in st) {
        const c = st['cancel'];
        const id: number = 'taskId' in c ? c.taskId : pg.vars[c.taskIdVar] ?? 0;
        const t = taskOf(id);
        if (t === undefined || t.page !== page || t.instance !== pg.instance) continue;
        if (active(t)) finish(t, 'cancelled', 'cancelBackgroundTask'); // CAN-01
        else if (toDeliver.includes(id)) t.suppressed = true; // A10
      }
    }
    return true;
  };
  const load = (page: string): void => {
    const tr = pageDefs[page]!.triggers ?? {};
    if (!run(page, tr['OnAfterGetRecord'])) return;
    run(page, tr['OnAfterGetCurrRecord']);
  };

  script.forEach((_, i) => at(script[i]!['atMs'], 'step', 0, i));
  for (;;) {
    if (pending.length === 0) break;
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const p = pending[i]!;
      const b = pending[best]!;
      if (p.time < b.time || (p.time === b.time && (ORDER[p.kind] < ORDER[b.kind] || (ORDER[p.kind] === ORDER[b.kind] && p.n < b.n)))) best = i;
    }
    const e = pending[best]!;
    pending = pending.filter((_, i) => i !== best);
    now = e.time;
    const t = e.task > 0 ? taskOf(e.task)! : undefined;
    if (e.kind === 'start') {
      if (t!.state !== 'starting') continue;
      t!.state = 'running';
      t!.startedAtMs = now;
      const cu = scenario['codeunits'][String(t!.codeunit)];
      at(now + cu.durationMs, 'finish', t!.taskId);
      at(now + t!.effectiveTimeoutMs, 'timeout', t!.taskId); // TMO-01, A3
    } else if (e.kind === 'finish') {
      if (t!.state !== 'running') continue;
      const cu = scenario['codeunits'][String(t!.codeunit)];
      finish(t!, cu.outcome === 'error' ? 'failed' : 'completed', null);
    } else if (e.kind === 'timeout') {
      if (t!.state !== 'running') continue;
      finish(t!, 'timedOut', null); // TMO-05
    } else if (e.kind === 'step') {
      const st = script[e.step]!;
      if ('open' in st) {
        const pg = pages[st['open']]!;
        if (!pg.open) {
          pg.open = true;
          pg.instance++;
          pg.record = st['record'] ?? null;
          pg.vars = {};
          if (run(st['open'], pageDefs[st['open']]!.triggers?.['OnOpenPage'])) load(st['open']);
        }
      } else if ('navigate' in st) {
        const pg = pages[st['navigate']]!;
        if (pg.open) {
          if (pg.record !== st['record']) { pg.record = st['record']; cancelPage(st['navigate'], 'recordChanged'); }
          load(st['navigate']);
        }
      } else if ('close' in st) {
        const pg = pages[st['close']]!;
        if (pg.open) { cancelPage(st['close'], 'pageClosed'); pg.open = false; }
      } else if ('call' in st) {
        if (pages[st['call']]!.open) run(st['call'], 'enqueue' in st ? [{ enqueue: st['enqueue'] }] : [{ cancel: st['cancel'] }]);
      }
      askForDelivery();
    } else {
      // TRG-08, A11, A12: the idle scheduler delivers one ended task at a time, in end order.
      deliverySoon = false;
      const id = toDeliver.shift();
      if (id === undefined) continue;
      const d = taskOf(id)!;
      const pg = pages[d.page]!;
      if (d.suppressed || !pg.open || pg.instance !== d.instance || pg.record !== d.record) {
        d.delivery = 'dropped'; // CAN-06, A10
      } else {
        d.delivery = 'delivered';
        const completed = d.outcome === 'completed';
        d.trigger = completed ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError';
        const code = pageDefs[d.page]!.triggers?.[d.trigger] ?? [];
        let handled = false; // ERR-03
        let raised = false;
        for (const st of code) {
          if ('setIsHandled' in st) handled = st['setIsHandled'] === true;
          if ('error' in st) { raised = true; break; }
        }
        if (raised) d.surfacedAs = 'error'; // ERR-09
        else if (!completed) d.surfacedAs = handled || d.level === 'Ignore' ? 'none' : d.level === 'Warning' ? 'warning' : 'error'; // ERR-04..07
      }
      askForDelivery();
    }
  }
  return {
    tasks: tasks.map((t) => ({
      taskId: t.taskId, page: t.page, record: t.record, enqueuedAtMs: t.enqueuedAtMs, effectiveTimeoutMs: t.effectiveTimeoutMs,
      startedAtMs: t.startedAtMs, endedAtMs: t.endedAtMs, outcome: t.outcome, cancelReason: t.cancelReason, trigger: t.trigger,
      delivery: t.delivery, surfacedAs: t.surfacedAs,
    })),
    calls,
  };
}
