/**
 * Policies: every gap of the clause catalog (section 2, A1–A35) that the model touches is a
 * named policy with the catalog's recommended default. This file is the one place they are
 * documented; `pbtsim report` and the README's policy table are generated from {@link POLICY_TABLE}.
 * A scenario overrides them under `"policies": { … }`.
 * @module
 */

/** Every policy value, fully defaulted. */
export interface Policies {
  /** A1: what ChildSessionsMaxQueueLength counts. */
  readonly queueLengthCounts: 'waiting' | 'waitingAndRunning';
  /** A2: order in which waiting tasks start. */
  readonly queueOrder: 'fifo' | 'lifo';
  /** A3: when the timeout clock starts. */
  readonly timeoutClockStarts: 'atStart' | 'atEnqueue';
  /** A3 (sub-question): whether child-session start-up counts as run time. */
  readonly startupCountsAsRunTime: boolean;
  /** A4: a requested timeout of 0 or below. */
  readonly nonPositiveTimeout: 'useDefault' | 'runtimeError';
  /** A5: a requested timeout above PageBackgroundTaskMaxTimeout. */
  readonly timeoutAboveMax: 'clamp' | 'useDefault';
  /** A6: a codeunit that finishes exactly at the timeout instant. */
  readonly timeoutTie: 'completes' | 'timesOut';
  /** A7: a waiting task when the page's record changes. */
  readonly waitingTaskOnRecordChange: 'removeAtOnce' | 'runAndDropAtDelivery';
  /** A8: whether loading a first record on a page that had none counts as a record change. */
  readonly firstRecordLoadIsChange: boolean;
  /** A9: which cancellations reach the error trigger (the catalog: only timeouts). */
  readonly triggerOnCancel: 'timeoutOnly' | 'never';
  /** A10: cancelling a task whose result waits for delivery. */
  readonly cancelAfterEnd: 'suppressAndReturnTrue' | 'returnFalseAndDeliver';
  /** A11: whether callback triggers wait until the parent is idle. */
  readonly deliverOnlyWhenIdle: boolean;
  /** A12: order of deliveries when several tasks have ended. */
  readonly deliveryOrder: 'endOrder' | 'taskIdOrder';
  /** A13: whether CurrPage.Update(true) in a callback still saves the record. */
  readonly updateInCallbackSaves: boolean;
  /** A14: a modal dialog (Confirm, Message, StrMenu, Page.RunModal) in a callback trigger. */
  readonly dialogInCallback: 'runtimeError' | 'allowed';
  /** A15: whether page-extension triggers receive every completion and share IsHandled. */
  readonly extensionTriggers: 'allAfterPageSharedIsHandled' | 'pageOnly';
  /** A17: TaskId after a failed enqueue. */
  readonly taskIdAfterFailedEnqueue: 'unchanged' | 'zero';
  /** A19: several SetBackgroundTaskResult calls (the codeunit's `results` list). */
  readonly multipleResults: 'lastWins' | 'merge';
  /** A23: an error raised inside the error trigger. */
  readonly errorInErrorTrigger: 'showTriggerErrorOnly' | 'showBoth';
  /** A24: scope of the concurrency and queue limits. */
  readonly limitScope: 'session' | 'page';
  /** A27: an error in the task under TestPage.RunPageBackgroundTask without completion triggers. */
  readonly testRunErrorPropagates: boolean;
  /** A28: which tasks a part page waits for before it displays data. */
  readonly partDisplayWaitsFor: 'outstandingAtLoad' | 'allOutstanding';
  /** A30: delay between a cancellation or timeout and its slot becoming free, ms. */
  readonly cancelSlotReleaseDelayMs: number;
  /** A31: delay between a result and its slot becoming free (child close), ms. */
  readonly closeSlotReleaseDelayMs: number;
}

/** The catalog's recommended defaults. */
export const DEFAULT_POLICIES: Policies = {
  queueLengthCounts: 'waiting',
  queueOrder: 'fifo',
  timeoutClockStarts: 'atStart',
  startupCountsAsRunTime: true,
  nonPositiveTimeout: 'useDefault',
  timeoutAboveMax: 'clamp',
  timeoutTie: 'completes',
  waitingTaskOnRecordChange: 'removeAtOnce',
  firstRecordLoadIsChange: true,
  triggerOnCancel: 'timeoutOnly',
  cancelAfterEnd: 'suppressAndReturnTrue',
  deliverOnlyWhenIdle: true,
  deliveryOrder: 'endOrder',
  updateInCallbackSaves: true,
  dialogInCallback: 'runtimeError',
  extensionTriggers: 'allAfterPageSharedIsHandled',
  taskIdAfterFailedEnqueue: 'unchanged',
  multipleResults: 'lastWins',
  errorInErrorTrigger: 'showTriggerErrorOnly',
  limitScope: 'session',
  testRunErrorPropagates: true,
  partDisplayWaitsFor: 'outstandingAtLoad',
  cancelSlotReleaseDelayMs: 0,
  closeSlotReleaseDelayMs: 0,
};

/** One row of the policy table. */
export interface PolicyInfo {
  /** Policy name, as in the scenario's `"policies"`. */
  readonly name: keyof Policies;
  /** Gap IDs of the catalog (section 2). */
  readonly gaps: readonly string[];
  /** Clause IDs the choice affects. */
  readonly clauses: readonly string[];
  /** Default value. */
  readonly default: string | number | boolean;
  /** The alternatives a scenario may choose (for numbers: a description of the range). */
  readonly alternatives: readonly (string | number | boolean)[] | string;
  /** What the default means, in a sentence. */
  readonly meaning: string;
}

const row = (
  name: keyof Policies,
  gaps: string[],
  clauses: string[],
  alternatives: (string | number | boolean)[] | string,
  meaning: string,
): PolicyInfo => ({ name, gaps, clauses, default: DEFAULT_POLICIES[name], alternatives, meaning });

/** Every policy, the gaps it settles, its default and alternatives. */
export const POLICY_TABLE: readonly PolicyInfo[] = [
  row('queueLengthCounts', ['A1'], ['PBT-ENQ-05', 'PBT-CONC-03', 'PBT-CFG-02'], ['waiting', 'waitingAndRunning'],
    'The queue limit counts waiting (not yet started) tasks of the parent session; an enqueue that finds ChildSessionsMaxQueueLength tasks already waiting fails (a task that finds a free slot starts at once and never waits).'),
  row('queueOrder', ['A2'], ['PBT-CONC-02'], ['fifo', 'lifo'], 'Waiting tasks start in enqueue order (ties impossible: TaskIds increase).'),
  row('timeoutClockStarts', ['A3'], ['PBT-TMO-01'], ['atStart', 'atEnqueue'], 'The timeout clock starts when the task starts running; time spent waiting in the queue is not limited.'),
  row('startupCountsAsRunTime', ['A3'], ['PBT-TMO-01', 'PBT-CONC-08'], [true, false], 'Child-session start-up (childSessionStartupMs) counts as run time for the timeout.'),
  row('nonPositiveTimeout', ['A4'], ['PBT-TMO-02'], ['useDefault', 'runtimeError'], 'A requested timeout of 0 or below means the default timeout; the run result carries a warning.'),
  row('timeoutAboveMax', ['A5'], ['PBT-TMO-03', 'PBT-TMO-04'], ['clamp', 'useDefault'], 'Effective timeout = min(timeout ?? PageBackgroundTaskDefaultTimeout, PageBackgroundTaskMaxTimeout).'),
  row('timeoutTie', ['A6'], ['PBT-TMO-01', 'PBT-TMO-08'], ['completes', 'timesOut'], 'A codeunit that finishes exactly when its run time reaches the timeout completes; the timeout fires only when the run time exceeds it.'),
  row('waitingTaskOnRecordChange', ['A7'], ['PBT-CAN-03', 'PBT-CAN-06'], ['removeAtOnce', 'runAndDropAtDelivery'], 'A record change removes waiting tasks of the page at once and cancels running ones; results already ended are dropped at delivery.'),
  row('firstRecordLoadIsChange', ['A8'], ['PBT-CAN-03', 'PBT-ENQ-07'], [true, false], 'RecordIDs are compared; the same ID is no change, a rename is a change, and loading a first record on a page that had none is a change.'),
  row('triggerOnCancel', ['A9'], ['PBT-CAN-05', 'PBT-TMO-05'], ['timeoutOnly', 'never'], 'No trigger runs for any cancellation but a timeout, which calls OnPageBackgroundTaskError with ChildSessionTaskTimeout.'),
  row('cancelAfterEnd', ['A10'], ['PBT-CAN-01'], ['suppressAndReturnTrue', 'returnFalseAndDeliver'], 'CancelBackgroundTask returns true for a waiting or running task, and for one whose result awaits delivery (whose trigger it suppresses); false for delivered or unknown IDs; never a runtime error.'),
  row('deliverOnlyWhenIdle', ['A11'], ['PBT-TRG-08'], [true, false], 'Callback triggers run one at a time, only while no other trigger of the parent session runs (the idle scheduler).'),
  row('deliveryOrder', ['A12'], ['PBT-TRG-08'], ['endOrder', 'taskIdOrder'], 'Ended tasks are delivered in the order they ended (ties: the order of their end events).'),
  row('updateInCallbackSaves', ['A13'], ['PBT-TRG-06', 'PBT-ERR-C01'], [true, false], 'CurrPage.Update in a callback refreshes nothing and runs no OnAfterGetCurrRecord; Update(true) still saves the record.'),
  row('dialogInCallback', ['A14'], ['PBT-TRG-05', 'PBT-ERR-C01'], ['runtimeError', 'allowed'], 'A modal dialog in a callback trigger is a runtime error in the trigger, shown as an Error; notifications are allowed.'),
  row('extensionTriggers', ['A15'], ['PBT-TRG-01', 'PBT-TRG-03'], ['allAfterPageSharedIsHandled', 'pageOnly'], "Every completion goes to the page's trigger, then to each extension's trigger in declaration order; IsHandled is shared along that chain."),
  row('taskIdAfterFailedEnqueue', ['A17'], ['PBT-ENQ-03'], ['unchanged', 'zero'], 'A failed enqueue leaves the TaskId variable unchanged.'),
  row('multipleResults', ['A19'], ['PBT-PAR-02', 'PBT-PAR-C01'], ['lastWins', 'merge'], 'A codeunit that never calls SetBackgroundTaskResult completes with empty Results; with several calls the last one wins.'),
  row('errorInErrorTrigger', ['A23'], ['PBT-ERR-09'], ['showTriggerErrorOnly', 'showBoth'], "An error raised inside the error trigger is shown at level Error, instead of the task's own error."),
  row('limitScope', ['A24'], ['PBT-CONC-05'], ['session', 'page'], 'The concurrency and queue limits apply per parent (client) session, shared by all its pages and parts.'),
  row('testRunErrorPropagates', ['A27'], ['PBT-TST-01', 'PBT-TST-03'], [true, false], 'TestPage.RunPageBackgroundTask without completion triggers re-raises the task error in the test (unverified).'),
  row('partDisplayWaitsFor', ['A28'], ['PBT-LIM-01'], ['outstandingAtLoad', 'allOutstanding'], 'A part page displays its data once the tasks outstanding when it loaded have ended.'),
  row('cancelSlotReleaseDelayMs', ['A30'], ['PBT-CONC-02'], 'an integer >= 0', 'A cancelled or timed-out task frees its slot at that instant (0 ms).'),
  row('closeSlotReleaseDelayMs', ['A31'], ['PBT-CONC-02'], 'an integer >= 0', 'A task that produced its result frees its slot at that instant (0 ms), before its trigger runs.'),
];

/**
 * Gaps the model settles without a switch, with the reason (the rest of section 2).
 * Listed so that every gap the model touches appears in the policy table.
 */
export const FIXED_CHOICES: readonly { readonly gaps: readonly string[]; readonly clauses: readonly string[]; readonly choice: string }[] = [
  { gaps: ['A16'], clauses: ['PBT-ENQ-03', 'PBT-ENQ-14'], choice: 'TaskIds are positive integers increasing per parent session from 1, never reused (Microsoft code uses 0 for "no task").' },
  { gaps: ['A18'], clauses: ['PBT-ENQ-10', 'PBT-PAR-01'], choice: 'Parameters are deep-copied at enqueue. Scenario statements cannot change a dictionary after the call, so the alternative would not be observable.' },
  { gaps: ['A20'], clauses: ['PBT-PAR-01'], choice: 'GetBackgroundParameters with no Parameters given returns an empty dictionary.' },
  { gaps: ['A21'], clauses: ['PBT-ERR-10'], choice: 'ErrorCode is a text code (Dialog for Error(), ChildSessionTaskTimeout for timeouts, the codeunit\'s own code when given).' },
  { gaps: ['A22'], clauses: ['PBT-ERR-07'], choice: 'An unhandled error is recorded as a ClientNotification with its level (warning or error); nothing is claimed about how it looks.' },
  { gaps: ['A25'], clauses: ['PBT-CAN-02', 'PBT-CAN-04'], choice: 'Page close and session end cancel every waiting and running task of that page or session; no trigger runs; slots are freed.' },
  { gaps: ['A26'], clauses: ['PBT-LIM-02', 'PBT-TST-C01', 'PBT-TST-C02'], choice: 'mode "headless" runs each task inline and its completion or error trigger before the enqueue call returns.' },
  { gaps: ['A29'], clauses: ['PBT-CONC-04', 'PBT-TMO-07'], choice: 'Lowering the limits (a setServer step) keeps running tasks; new limits apply to later start decisions and enqueues.' },
  { gaps: ['A32'], clauses: ['PBT-TRG-08'], choice: 'Idle-scheduler latency is server.deliveryDelayMs (default 0), deterministic.' },
  { gaps: ['A33'], clauses: ['PBT-ENQ-07'], choice: 'Enqueue is allowed from any trigger (OnOpenPage, actions, OnValidate); cancellation follows only the record-ID rule; the result carries a warning for OnOpenPage.' },
  { gaps: ['A35'], clauses: ['PBT-LIM-07'], choice: 'The trace is the structured event log: enqueue, start (clientType ChildSession), end, cancel with reason, delivery, drop.' },
];
