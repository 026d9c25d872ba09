// The monitors' memory is bounded by what is alive, not by the run's length: fed an 8 times
// longer run of the same users, the largest live state (tasks, pages, queue and chain entries,
// the window of recently forgotten tasks) stays within a small factor, and the run is clean.
import test from 'ava';
import { createMonitorSet } from '../../properties/index.js';
import { streamBrowse } from './browseStream.js';

function measure(users: number, moves: number): { records: number; maxLive: number; endLive: number; violations: number } {
  const set = createMonitorSet();
  let maxLive = 0;
  let n = 0;
  const { records } = streamBrowse(users, moves, (r) => {
    set.step(r);
    if (++n % 500 === 0) maxLive = Math.max(maxLive, set.liveSize());
  });
  const endLive = set.liveSize();
  return { records, maxLive, endLive, violations: set.finish().length };
}

test('monitor live state stays bounded as the run grows (20 users, 25 vs 200 moves each)', (t) => {
  const short = measure(20, 25);
  const long = measure(20, 200);
  t.log(`short: ${short.records} records, max live ${short.maxLive}; long: ${long.records} records, max live ${long.maxLive}, at the end ${long.endLive}`);
  t.true(long.records > 7 * short.records, 'the long run is about 8 times longer');
  t.is(short.violations, 0);
  t.is(long.violations, 0);
  // The window of 1024 recently forgotten tasks fills in both runs; the rest is the live tasks.
  t.true(long.maxLive <= 1.5 * short.maxLive, `max live state grew from ${short.maxLive} to ${long.maxLive}`);
});

test('a monitor set finishes once and refuses records after that', (t) => {
  const set = createMonitorSet();
  set.step({ seq: 0, timeMs: 0, type: 'user.step' });
  t.deepEqual(set.finish(), []);
  t.throws(() => set.step({ seq: 1, timeMs: 0, type: 'user.step' }));
  t.throws(() => set.finish());
});
