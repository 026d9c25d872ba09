// Micro-bench of the monitor set alone (not part of `npm test`), in CPU seconds, two ways:
// - array: records/s of createMonitorSet over a browse run's records collected first (the
//   array itself costs GC time on long runs);
// - stream: the run with the monitors fed from the sink minus the same run with a no-op sink,
//   i.e. what the monitors add to a streaming run, per record.
//   npx tsx test/properties/monitorsBench.ts [users] [moves]
import type { TraceRecord } from '../../engine/index.js';
import { createMonitorSet } from '../../properties/index.js';
import { streamBrowse } from './browseStream.js';

const users = Number(process.argv[2] ?? 100);
const moves = Number(process.argv[3] ?? 100);
// CPU seconds of this process (user + system): less disturbed than wall time on a shared machine.
const seconds = (f: () => void): number => {
  const start = process.cpuUsage();
  f();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Streaming: alternate plain and monitored runs, 5 each.
const plain: number[] = [];
const monitored: number[] = [];
let records = 0;
let events = 0;
let violations = -1;
for (let rep = 0; rep < 5; rep++) {
  plain.push(seconds(() => { ({ records, events } = streamBrowse(users, moves, () => undefined)); }));
  monitored.push(seconds(() => {
    const set = createMonitorSet();
    streamBrowse(users, moves, (r) => set.step(r));
    violations = set.finish().length;
  }));
}
const added = median(monitored) - median(plain);

// Array: the records collected once, the monitors timed alone.
const all: TraceRecord[] = [];
streamBrowse(users, moves, (r) => all.push(r));
const overArray: number[] = [];
for (let rep = 0; rep < 5; rep++) {
  overArray.push(seconds(() => {
    const set = createMonitorSet();
    for (const r of all) set.step(r);
    set.finish();
  }));
}
console.log(JSON.stringify({
  users, moves, events, records, violations,
  stream: { plainSeconds: +median(plain).toFixed(3), monitoredSeconds: +median(monitored).toFixed(3), addedSeconds: +added.toFixed(3), recordsPerSecondAdded: Math.round(records / added), shareOfRun: +(added / median(monitored)).toFixed(3) },
  array: { secondsMedianOf5: +median(overArray).toFixed(3), recordsPerSecond: Math.round(all.length / median(overArray)) },
}));
