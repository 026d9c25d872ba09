/**
 * Trace-level mutants: functions that corrupt a valid trace in one way, for rules no model
 * fault breaks (the kernel's time law, one outcome per task, CancelBackgroundTask's return
 * value). Each names the invariant that must catch it; it returns null when the trace has
 * nothing to corrupt (e.g. no task ended).
 * @module
 */
import type { TraceRecord } from '../engine/index.js';

/** A trace mutant. */
export interface TraceMutant {
  readonly name: string;
  /** The invariant expected to catch it. */
  readonly caughtBy: string;
  readonly description: string;
  /** The corrupted copy, or null if not applicable. */
  apply(trace: readonly TraceRecord[]): TraceRecord[] | null;
}

const renumber = (trace: readonly TraceRecord[]): TraceRecord[] => {
  const first = trace[0]?.seq ?? 0;
  return trace.map((r, i) => ({ ...r, seq: first + i }));
};

/** Every trace mutant. */
export const TRACE_MUTANTS: readonly TraceMutant[] = [
  {
    name: 'timeGoesBack',
    caughtBy: 'timeNonDecreasing',
    description: 'the last record whose time is above the first record\'s time is moved 1 ms before its predecessor',
    apply(trace) {
      for (let i = trace.length - 1; i > 0; i--) {
        const prev = trace[i - 1]!;
        if (prev.timeMs > 0 && trace[i]!.timeMs >= prev.timeMs) {
          const out = [...trace];
          out[i] = { ...trace[i]!, timeMs: prev.timeMs - 1 };
          return out;
        }
      }
      return null;
    },
  },
  {
    name: 'seqGap',
    caughtBy: 'timeNonDecreasing',
    description: 'one record is dropped from the middle of the trace without renumbering',
    apply(trace) {
      if (trace.length < 3) return null;
      const i = Math.floor(trace.length / 2);
      return [...trace.slice(0, i), ...trace.slice(i + 1)];
    },
  },
  {
    name: 'duplicateEnd',
    caughtBy: 'exactlyOneOutcome',
    description: 'the first pbt.end record is repeated right after itself',
    apply(trace) {
      const i = trace.findIndex((r) => r.type === 'pbt.end');
      if (i < 0) return null;
      return renumber([...trace.slice(0, i + 1), trace[i]!, ...trace.slice(i + 1)]);
    },
  },
  {
    name: 'lostEnd',
    caughtBy: 'exactlyOneOutcome',
    description: 'the pbt.end of a task that never started is removed (a task without outcome)',
    apply(trace) {
      const last = trace[trace.length - 1];
      if (last?.type !== 'pbt.runEnd' || last['status'] !== 'empty') return null;
      const started = new Set(trace.filter((r) => r.type === 'pbt.start').map((r) => `${String(r['session'])}/${String(r['taskId'])}`));
      const i = trace.findIndex((r) => r.type === 'pbt.end' && !started.has(`${String(r['session'])}/${String(r['taskId'])}`));
      if (i < 0) return null;
      return renumber([...trace.slice(0, i), ...trace.slice(i + 1)]);
    },
  },
  {
    name: 'cancelReturnFlipped',
    caughtBy: 'cancelReturnValue',
    description: 'the value returned by the first CancelBackgroundTask call is negated',
    apply(trace) {
      const i = trace.findIndex((r) => r.type === 'pbt.cancelCall');
      if (i < 0) return null;
      const out = [...trace];
      out[i] = { ...trace[i]!, returned: trace[i]!['returned'] !== true };
      return out;
    },
  },
];
