/**
 * The kernel's law on every trace, as a monitor: records are numbered consecutively and time
 * never decreases (engine ordering guarantee; architecture "Time only moves forward").
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import { violation, type MonitorSpec } from './types.js';

/** Time never decreases and `seq` increases by one from record to record (integer, ≥ 0 ms). */
export const timeNonDecreasing: MonitorSpec = {
  name: 'timeNonDecreasing',
  clauses: ['ENGINE-TIME', 'A35'],
  description: 'record times are non-negative integers that never decrease; seq increases by one per record',
  create(_state, out) {
    let prev: TraceRecord | null = null;
    return {
      any: (r) => {
        if (!Number.isSafeInteger(r.timeMs) || r.timeMs < 0) out.push(violation(this, `record ${r.seq} has time ${r.timeMs}, not a non-negative integer of ms`, r));
        if (prev !== null) {
          if (r.timeMs < prev.timeMs) out.push(violation(this, `time went back from ${prev.timeMs} ms to ${r.timeMs} ms at record ${r.seq}`, r));
          if (r.seq !== prev.seq + 1) out.push(violation(this, `record seq ${r.seq} follows seq ${prev.seq}`, r));
        }
        prev = r;
      },
    };
  },
};
