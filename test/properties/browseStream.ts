// A long record stream for the monitors' scale test and micro-bench: users browsing Customer
// Cards (card + FactBox + two charts: 4 tasks per record move, re-enqueued on every move), run
// by the engine with a sink that hands each record to a callback, so no trace is ever held.
import { Simulation, type TraceRecord, type TraceSink } from '../../engine/index.js';
import { compileScenario, createPbtModel, initialState, scheduleScenario, type PbtEvent, type PbtState } from '../../models/pbt/index.js';
import { serverHeader } from '../../properties/runContext.js';

const enqueueFor = (codeunit: number): unknown[] => [{ cancel: { taskIdVar: 'TaskId' } }, { enqueue: { codeunit, taskIdVar: 'TaskId' } }];

/** The scenario: `users` sessions, each making `moves` record moves. */
export function browse(users: number, moves: number): unknown {
  const records = Array.from({ length: 50 }, (_, i) => `Customer: ${10000 + i * 10}`);
  return {
    version: 1, name: `browse-${users}x${moves}`, seed: 1,
    server: { childSessionsMaxConcurrency: 3 },
    codeunits: {
      '32': { durationMs: { lognormal: { medianMs: 450, sigma: 0.5 } }, results: { Balance: '0' } },
      '9082': { durationMs: { uniform: { minMs: 150, maxMs: 900 } }, results: { TotalSales: '1' } },
      '768': { durationMs: { exponential: { meanMs: 700 } } },
    },
    sessions: Array.from({ length: users }, (_, i) => ({
      id: `user${i}`,
      pages: {
        customerCard: { kind: 'card', parts: ['stats', 'chart1', 'chart2'], triggers: { OnAfterGetCurrRecord: enqueueFor(32) } },
        stats: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(9082) } },
        chart1: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(768) } },
        chart2: { kind: 'part', triggers: { OnAfterGetCurrRecord: enqueueFor(768) } },
      },
      script: [{ atMs: (i * 7919) % 1000, browse: 'customerCard', records, moves, thinkMs: { exponential: { meanMs: 600 } } }],
    })),
    limits: { maxEvents: 50_000_000 },
  };
}

/**
 * Runs the scenario and hands every record, framed by `pbt.server` and `pbt.runEnd`, to `onRecord`.
 * @returns records and events of the run
 */
export function streamBrowse(users: number, moves: number, onRecord: (r: TraceRecord) => void): { records: number; events: number } {
  const sc = compileScenario(browse(users, moves), 'browse');
  let records = 0;
  let last: TraceRecord | null = null;
  const sink: TraceSink = { write: (r) => { records++; last = r; onRecord(r); }, close: () => undefined };
  onRecord(serverHeader(sc));
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: 1, initialState: initialState(sc), sink, autoFreeze: false });
  scheduleScenario(sim, sc);
  const run = sim.run({ maxEvents: sc.limits.maxEvents });
  if (!run.ok) throw run.error;
  const end = last as TraceRecord | null;
  onRecord({ seq: (end?.seq ?? -1) + 1, timeMs: Math.max(end?.timeMs ?? 0, sim.now), type: 'pbt.runEnd', status: run.status, endTimeMs: sim.now, eventCount: sim.eventCount });
  return { records, events: sim.eventCount };
}
