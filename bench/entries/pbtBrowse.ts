/**
 * pbt-browse-N: N users browsing Customer Cards (card + statistics FactBox + two charts, so 4
 * tasks per record move) with an exponential think time and random task durations. The total
 * number of record moves is the same for every N, so the figures compare the cost of one event in
 * a world of 10 sessions with its cost in a world of 10,000 sessions.
 * @module
 */
import { DigestOnlySink, Simulation } from '../../engine/index.js';
import { compileScenario, createPbtModel, initialState, scheduleScenario, type PbtEvent, type PbtState } from '../../models/pbt/index.js';
import { secondsSince, type BenchEntry } from './entry.js';

/** Record moves over all users. */
const TOTAL_MOVES = 40_000;

const enqueueFor = (codeunit: number): unknown[] => [
  { cancel: { taskIdVar: 'TaskId' } },
  { enqueue: { codeunit, taskIdVar: 'TaskId' } },
];

/** The scenario as data: N sessions, each browsing TOTAL_MOVES / N customers. */
export function browseScenario(users: number): unknown {
  const moves = Math.max(1, Math.round(TOTAL_MOVES / users));
  const records = Array.from({ length: 50 }, (_, i) => `Customer: ${10000 + i * 10}`);
  const session = (i: number): unknown => ({
    id: `user${i}`,
    pages: {
      customerCard: { kind: 'card', parts: ['stats', 'chart1', 'chart2'], triggers: { OnAfterGetCurrRecord: enqueueFor(32) } },
      stats: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(9082) } },
      chart1: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(768) } },
      chart2: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(768) } },
    },
    // Users start at different moments of the first second, then think ~ Exp(mean 600 ms).
    script: [{ atMs: (i * 7919) % 1000, browse: 'customerCard', records, moves, thinkMs: { exponential: { meanMs: 600 } } }],
  });
  return {
    version: 1,
    name: `pbt-browse-${users}`,
    seed: 1,
    codeunits: {
      '32': { durationMs: { lognormal: { medianMs: 450, sigma: 0.5 } }, results: { Balance: '0' } },
      '9082': { durationMs: { uniform: { minMs: 150, maxMs: 900 } }, results: { TotalSales: '1' } },
      '768': { durationMs: { exponential: { meanMs: 700 } } },
    },
    sessions: Array.from({ length: users }, (_, i) => session(i)),
    limits: { maxEvents: 50_000_000 },
  };
}

/**
 * Builds the entry for `users` concurrent users.
 * @param users - number of parent sessions
 */
export function pbtBrowse(users: number): BenchEntry {
  return {
    name: `pbt-browse-${users}`,
    description: `page-background-task model, ${users} users browsing Customer Cards (4 tasks per move, ${TOTAL_MOVES} moves in all)`,
    run() {
      const sc = compileScenario(browseScenario(users), `pbt-browse-${users}`);
      // Measured runs keep only the digest (no trace in memory) and turn auto-freeze off, as
      // docs/performance.md justifies; tests run the same model with freezing on.
      const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: 1, initialState: initialState(sc), sink: new DigestOnlySink(), autoFreeze: false });
      scheduleScenario(sim, sc);
      const start = process.hrtime.bigint();
      const r = sim.run({ maxEvents: sc.limits.maxEvents });
      const seconds = secondsSince(start);
      if (!r.ok) throw r.error;
      return { events: sim.eventCount, seconds, extra: { users, moves: TOTAL_MOVES, simulatedMs: sim.now } };
    },
  };
}
