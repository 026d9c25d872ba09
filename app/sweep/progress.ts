/**
 * Progress and interruption for long sweeps and checks: a cli-progress bar on stderr (seeds
 * done, rate, ETA; only when asked, i.e. on a terminal) and a Ctrl-C handler that aborts the run
 * cleanly so the caller can print what was finished. A second Ctrl-C exits at once (130).
 * @module
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';

/** A progress display. */
export interface Progress {
  /** `done` of `total` units finished. */
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, or a no-op.
 * @param enabled - show it (callers pass "stderr is a terminal and not --no-progress")
 * @param label - the bar's label
 * @param unit - what is counted (`runs`, `scenarios`)
 */
export function progressBar(enabled: boolean, label: string, unit: string): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50,
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | eta {eta_formatted}`,
  }, cliProgress.Presets.shades_classic);
  const t0 = performance.now();
  let started = false;
  return {
    update: (done, total) => {
      const rate = Math.round(done / Math.max((performance.now() - t0) / 1000, 1e-3));
      if (!started) { bar.start(total, done, { rate }); started = true; } else bar.update(done, { rate });
    },
    stop: () => { if (started) bar.stop(); },
  };
}

/**
 * Runs `fn` with an abort signal that the first Ctrl-C (SIGINT) fires; the handler is removed
 * when `fn` settles.
 */
export async function whileInterruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const onSigint = (): void => {
    if (ctl.signal.aborted) process.exit(130);
    process.stderr.write('\npbtsim: stopping (Ctrl-C again to quit at once); reporting what was finished\n');
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(ctl.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
