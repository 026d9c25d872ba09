/**
 * How far V8 lets the heap grow between full collections, for the runs of the application layer.
 *
 * The live heap of `pbtsim run` is flat in the run's length: the monitors, the result fold and
 * the model keep only live tasks (measured after full collections: about 30–40 MB all through the
 * 1,000-user capacity file, docs/performance.md). V8, though, sizes its old generation by the
 * allocation rate, and a long run that allocates fast lets dead objects pile up to several times
 * the live heap before a full collection: 142 MB peak heap, 246 MB peak RSS for that file against
 * 136 MB for the 100-user one, so peak memory grew with the run's length anyway. V8's
 * `--heap-growing-percent=50` caps the growth factor at 1.5 (V8 picks up to 4 by itself); the
 * collections stay V8's own incremental, concurrent ones. Measured on the capacity file: peak RSS
 * 243 → 153 MB for about 5 % more CPU time (docs/performance.md). Set once per process, before
 * the first run; a process whose embedder set the flag itself keeps its own value.
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** The growth allowed over the live heap after a full collection, in per cent. */
export const HEAP_GROWING_PERCENT = 50;

let tuned = false;

/** Sets V8's heap growing factor for this process (once; later calls do nothing). */
export function tuneHeapGrowth(): void {
  if (tuned) return;
  tuned = true;
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
