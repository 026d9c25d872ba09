// Micro-bench of the monitor set alone (not part of `npm test`): records/s of createMonitorSet
// over a long browse run whose records were collected first, so the model's time is excluded.
//   npx tsx test/properties/monitorsBench.ts [users] [moves]
import type { TraceRecord } from '../../engine/index.js';
import { createMonitorSet } from '../../properties/index.js';
import { streamBrowse } from './browseStream.js';

const users = Number(process.argv[2] ?? 100);
const moves = Number(process.argv[3] ?? 100);
const records: TraceRecord[] = [];
const { events } = streamBrowse(users, moves, (r) => records.push(r));
const times: number[] = [];
let violations = 0;
for (let rep = 0; rep < 5; rep++) {
  const start = process.hrtime.bigint();
  const set = createMonitorSet();
  for (const r of records) set.step(r);
  violations = set.finish().length;
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
times.sort((a, b) => a - b);
const median = times[2]!;
console.log(JSON.stringify({ users, moves, events, records: records.length, violations, secondsMedianOf5: +median.toFixed(3), recordsPerSecond: Math.round(records.length / median), secondsAll: times.map((x) => +x.toFixed(3)) }));
