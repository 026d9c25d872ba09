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
    // The previous record's time and seq (numbers kept, not the record).
    let first = true;
    let prevTime = 0;
    let prevSeq = 0;
    return {
      any: (r: TraceRecord) => {
        const time = r.timeMs;
        const seq = r.seq;
        if (!Number.isSafeInteger(time) || time < 0) out.push(violation(this, `record ${seq} has time ${time}, not a non-negative integer of ms`, r));
        if (!first) {
          if (time < prevTime) out.push(violation(this, `time went back from ${prevTime} ms to ${time} ms at record ${seq}`, r));
          if (seq !== prevSeq + 1) out.push(violation(this, `record seq ${seq} follows seq ${prevSeq}`, r));
        }
        first = false;
        prevTime = time;
        prevSeq = seq;
      },
    };
  },
};
