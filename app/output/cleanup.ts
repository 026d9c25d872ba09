/**
 * Removal of unfinished temporary files when the process ends early. Every temp file the output
 * module creates is tracked here until it is renamed or removed; on SIGINT, SIGTERM or SIGHUP
 * (through signal-exit) they are removed, one line is printed and the process exits 128 + the
 * signal number (130, 143, 129). On any other exit (an uncaught error, `process.exit`) they are
 * removed too. A V8 out-of-memory abort runs no JavaScript: the heap guard (app/guards.ts) stops
 * a run before that.
 *
 * Signals are handled by the event loop: a synchronous stretch of work delays them, which is why
 * the pipeline yields to the event loop every ~100 ms of a run.
 * @module
 */
import { constants } from 'node:os';
import { writeSync } from 'node:fs';
import { onExit } from 'signal-exit';

/** Something that can remove its unfinished temp file (idempotent, never throws). */
export interface Discardable {
  /** Removes the temp file if it still exists. */
  discard(): void;
}

const live = new Set<Discardable>();
let installed = false;

function exitCodeOf(signal: string): number {
  const n = (constants.signals as Record<string, number | undefined>)[signal];
  return 128 + (n ?? 1);
}

/** Installs the exit and signal handlers (idempotent; the CLI calls it at start). */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  onExit((_code, signal) => {
    const n = live.size;
    for (const d of [...live]) d.discard();
    live.clear();
    if (signal === null) return undefined;
    try {
      writeSync(2, `pbtsim: interrupted by ${signal}${n > 0 ? `; removed ${n} unfinished output file(s)` : ''}\n`);
    } catch {
      // stderr gone too: nothing more to say
    }
    process.exit(exitCodeOf(signal));
  });
}

/** Tracks a temp file until {@link untrack}. */
export function track(d: Discardable): void {
  installCleanup();
  live.add(d);
}

/** Stops tracking (the file was renamed into place or removed). */
export function untrack(d: Discardable): void {
  live.delete(d);
}

/** Number of temp files currently tracked (tests). */
export function liveTempCount(): number {
  return live.size;
}
