/**
 * Field-by-field check of a trace record against the record vocabulary
 * (models/pbt/records.ts), for traces that do not come from this process (`pbtsim check-trace`).
 * The table mirrors the {@link PbtRecord} types; a test keeps it in step with what the model
 * writes. Engine event records (`user.step`, `task.start`, …) only need `seq`, `timeMs`, `type`.
 * @module
 */
import type { TraceRecord, TraceValue } from '../engine/index.js';
import { isPbtRecordType, type PbtRecord, type PbtRecordType } from '../models/pbt/records.js';

/** The kind of one field: `s` string, `n` number, `b` boolean, `o` object, `a` array; `?` also null; `-` may be absent. */
type Kind = 's' | 's?' | 'n' | 'n?' | 'b' | 'b?' | 'o' | 'o?' | 'a' | '-s?' | '-n';

const SESSION = { session: 's', page: 's' } as const;
const COUNTS = { running: 'n', waiting: 'n', releasing: 'n' } as const;

/** The fields of every record type (besides `seq`, `timeMs`, `type`). */
const FIELDS: { readonly [T in PbtRecordType]: Readonly<Record<Exclude<keyof Extract<PbtRecord, { type: T }>, 'seq' | 'timeMs' | 'type'>, Kind>> } = {
  'pbt.server': { mode: 's', server: 'o', updates: 'a', policies: 'o' },
  'pbt.runEnd': { status: 's', endTimeMs: '-n', eventCount: '-n', tasks: '-n', enqueueCalls: '-n' },
  'pbt.enqueue': {
    ...SESSION, trigger: 's', taskId: 'n?', ok: 'b', runtimeError: 's?', codeunit: 'n', record: 's?', parameters: 'o',
    requestedTimeoutMs: 'n?', effectiveTimeoutMs: 'n', errorLevel: 's', waitingBefore: 'n', runningBefore: 'n', queueLimit: 'n',
    concurrency: 'n', useReturnValue: 'b', taskIdVar: 's?', defaultTimeoutMs: 'n', maxTimeoutMs: 'n', inline: 'b', releasing: 'n',
  },
  'pbt.slot': { ...SESSION, taskId: 'n', ...COUNTS },
  'pbt.start': {
    ...SESSION, taskId: 'n', ...COUNTS, active: 'n', concurrency: 'n', clientType: 's', sessionType: 's', company: 's',
    transaction: 's', readOnly: 'b',
  },
  'pbt.end': { ...SESSION, taskId: 'n', outcome: 's', cancelReason: 's?', errorCode: 's?', errorText: 's?', results: 'o?', ...COUNTS },
  'pbt.cancelCall': { ...SESSION, taskId: 'n', returned: 'b' },
  'pbt.deliver': {
    ...SESSION, taskId: 'n', trigger: 's', pageRecord: 's?', taskRecord: 's?', results: 'o?', errorCode: 's?', errorText: 's?',
    errorCallStack: 's?', isHandled: 'b?',
  },
  'pbt.drop': { ...SESSION, taskId: 'n', reason: 's' },
  'pbt.invoke': { ...SESSION, owner: 's?', trigger: 's', taskId: 'n?', isHandled: 'b?' },
  'pbt.triggerDone': { ...SESSION, taskId: 'n', trigger: 's', isHandled: 'b', triggerError: 's?' },
  'pbt.triggerError': { ...SESSION, owner: 's?', trigger: 's?', text: 's' },
  'pbt.surface': { ...SESSION, taskId: 'n?', surfacedAs: 's', level: 's', text: 's' },
  'pbt.record': { ...SESSION, from: 's?', to: 's?', changed: 'b' },
  'pbt.page': { ...SESSION, open: 'b', instance: 'n', record: '-s?' },
  'pbt.display': { ...SESSION, ready: 'b' },
  'pbt.write': { ...SESSION, taskId: 'n?', table: 'n', temporary: 'b', ok: 'b' },
  'pbt.update': { ...SESSION, saved: 'b', refreshed: 'b' },
  'pbt.notification': { ...SESSION, level: 's', text: 's' },
  'pbt.warning': { session: 's', code: 's', message: 's', taskId: 'n?' },
  'pbt.testRun': { ...SESSION, codeunit: 'n', durationMs: 'n', results: 'o?', error: 's?', completionTriggerRan: 'b', readOnlyChild: 'b' },
  'pbt.busy': { ...SESSION, untilMs: 'n' },
  'pbt.refresh': { ...SESSION, taskId: 'n', record: 's?' },
  'pbt.backgroundSession': { ...SESSION, taskId: 'n', countsAgainst: 's', canWrite: 'b' },
};

const NAMES: Readonly<Record<string, string>> = { s: 'a string', n: 'a number', b: 'a boolean', o: 'an object', a: 'an array' };

function fits(v: TraceValue | undefined, kind: Kind): boolean {
  if (kind[0] === '-') {
    if (v === undefined) return true;
    kind = kind.slice(1) as Kind;
  }
  if (v === null) return kind.endsWith('?');
  const base = kind[0];
  if (base === 's') return typeof v === 'string';
  if (base === 'n') return typeof v === 'number';
  if (base === 'b') return typeof v === 'boolean';
  if (base === 'a') return Array.isArray(v);
  return typeof v === 'object' && !Array.isArray(v);
}

/**
 * What is wrong with a record's shape, or null when it fits its type.
 * @param r - a parsed trace line
 * @returns e.g. `` `taskId` of a pbt.start record: expected a number, got "x" ``
 */
export function recordShapeProblem(r: TraceRecord): string | null {
  if (typeof r.seq !== 'number' || !Number.isFinite(r.seq)) return `\`seq\`: expected a number, got ${JSON.stringify(r.seq) ?? 'nothing'}`;
  if (typeof r.timeMs !== 'number' || !Number.isFinite(r.timeMs)) return `\`timeMs\`: expected a number, got ${JSON.stringify(r.timeMs) ?? 'nothing'}`;
  if (typeof r.type !== 'string') return `\`type\`: expected a string, got ${JSON.stringify(r.type) ?? 'nothing'}`;
  if (!isPbtRecordType(r.type)) return null;
  const fields = FIELDS[r.type] as Readonly<Record<string, Kind>>;
  for (const [k, kind] of Object.entries(fields)) {
    const v = r[k];
    if (!fits(v, kind)) {
      const want = `${NAMES[kind.replace('-', '')[0]!]!}${kind.endsWith('?') ? ' or null' : ''}`;
      return `\`${k}\` of a ${r.type} record: expected ${want}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
    }
  }
  return null;
}
