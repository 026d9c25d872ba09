/**
 * The one-line messages of a run that did not end normally: which budget stopped it, with the
 * figures, or what failed.
 * @module
 */
import type { CompiledScenario } from '../models/pbt/index.js';
import { OutputError } from './output/index.js';
import type { SimulationOutcome } from './simulate.js';

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * The message for a run that stopped early, or null for `empty` / `until`.
 * @param file - the scenario file, as named by the user
 * @param sc - the compiled scenario
 * @param o - how the run ended
 */
export function stopMessage(file: string, sc: CompiledScenario, o: SimulationOutcome): string | null {
  const at = `after ${o.eventCount} events at ${o.endTimeMs} ms of simulated time`;
  switch (o.status) {
    case 'empty':
    case 'until':
    case 'stopped':
      return null;
    case 'event-budget-exceeded':
      return `${file}: the run exceeded limits.maxEvents = ${sc.limits.maxEvents} (a trigger that re-enqueues forever?). ${o.error?.message ?? ''}`.trimEnd();
    case 'wall-budget-exceeded':
      return `${file}: the run exceeded its wall-clock budget of ${(o.trip?.limit ?? 0) / 1000} s (--max-wall, limits.maxWallMs) ${at}; stopped`;
    case 'heap-budget-exceeded':
      return `${file}: the run exceeded its heap budget of ${mb(o.trip?.limit ?? 0)} (--max-heap; ${mb(o.trip?.value ?? 0)} in use) ${at}; stopped before memory ran out`;
    case 'trace-budget-exceeded':
      return `${file}: the trace exceeded --max-trace-bytes = ${o.trip?.limit ?? 0} bytes ${at}; stopped`;
    case 'model-failure':
      return `${file}: ${o.error?.message ?? 'the model failed'}`;
    case 'output-failure':
      return o.failure instanceof OutputError ? o.failure.message : `${file}: an output failed: ${o.failure instanceof Error ? o.failure.message : String(o.failure)}`;
  }
}
