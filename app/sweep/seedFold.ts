/**
 * The fold of one seed's records into sweep aggregates: one pass, memory proportional to the
 * tasks alive (enqueued and not yet final) plus the distinct values seen. A task is final when
 * its trigger ran (`pbt.deliver`), its result was dropped (`pbt.drop`), or it was cancelled
 * (no trigger runs for a cancellation, PBT-CAN-05 / A9); what is left at the end of the run is
 * counted by its outcome.
 *
 * Wasted child-session time: the ms between a task's `pbt.start` and its `pbt.end` when no
 * trigger used the result: cancelled while running (PBT-CAN-03, A30), timed out (PBT-TMO-05; the
 * error trigger runs, but the work is lost) or dropped at delivery (PBT-CAN-06, A7).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import { mergePages, type PageAggregate, type RunTotals } from './aggregate.js';
import { CountsBuilder } from './counts.js';

/** Anything that consumes a run's records in trace order. */
export interface RecordFold {
  /** One record, in trace order. */
  step(record: TraceRecord): void;
}

interface PageAcc {
  session: string;
  page: string;
  tasks: number;
  rejected: number;
  delivered: number;
  cancelled: number;
  timedOut: number;
  failed: number;
  dropped: number;
  wastedMs: number;
  ttr: CountsBuilder;
  wait: CountsBuilder;
}

interface Alive {
  page: PageAcc;
  enqueuedAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  outcome: string | null;
}

/** What one seed contributed, before it is known whether the run was complete. */
export interface SeedTotals extends RunTotals {
  readonly pages: readonly PageAggregate[];
}

/** Folds one run's records into per-page counts and distributions. */
export class SeedFold implements RecordFold {
  private readonly pages = new Map<string, PageAcc>();
  private readonly alive = new Map<string, Alive>();

  /** @inheritDoc */
  step(r: TraceRecord): void {
    switch (r.type) {
      case 'pbt.enqueue': {
        const page = this.page(String(r['session']), String(r['page']));
        if (r['ok'] !== true) { page.rejected++; return; }
        page.tasks++;
        this.alive.set(this.key(r), { page, enqueuedAtMs: r.timeMs, startedAtMs: null, endedAtMs: null, outcome: null });
        return;
      }
      case 'pbt.start': {
        const t = this.alive.get(this.key(r));
        if (t === undefined) return;
        t.startedAtMs = r.timeMs;
        t.page.wait.add(r.timeMs - t.enqueuedAtMs);
        return;
      }
      case 'pbt.end': {
        const k = this.key(r);
        const t = this.alive.get(k);
        if (t === undefined) return;
        t.endedAtMs = r.timeMs;
        t.outcome = String(r['outcome']);
        if (t.outcome === 'cancelled') { this.final(t, false); this.alive.delete(k); }
        return;
      }
      case 'pbt.deliver':
      case 'pbt.drop': {
        const k = this.key(r);
        const t = this.alive.get(k);
        if (t === undefined) return;
        if (r.type === 'pbt.deliver') {
          t.page.delivered++;
          t.page.ttr.add(r.timeMs - t.enqueuedAtMs);
        }
        this.final(t, r.type === 'pbt.drop');
        this.alive.delete(k);
        return;
      }
      default:
        return;
    }
  }

  /** The seed's totals; tasks still alive are counted by their outcome. */
  finish(): SeedTotals {
    for (const t of this.alive.values()) this.final(t, false);
    this.alive.clear();
    const pages: PageAggregate[] = [...this.pages.values()].map((p) => ({
      session: p.session, page: p.page, tasks: p.tasks, rejected: p.rejected, delivered: p.delivered, cancelled: p.cancelled,
      timedOut: p.timedOut, failed: p.failed, dropped: p.dropped, wastedMs: p.wastedMs, timeToResult: p.ttr.build(), wait: p.wait.build(),
    }));
    const sum = (f: (p: PageAggregate) => number): number => pages.reduce((n, p) => n + f(p), 0);
    return {
      enqueueCalls: sum((p) => p.tasks + p.rejected), rejected: sum((p) => p.rejected), tasks: sum((p) => p.tasks),
      delivered: sum((p) => p.delivered), cancelled: sum((p) => p.cancelled), timedOut: sum((p) => p.timedOut),
      failed: sum((p) => p.failed), dropped: sum((p) => p.dropped), wastedMs: sum((p) => p.wastedMs), pages: mergePages([], pages),
    };
  }

  private final(t: Alive, dropped: boolean): void {
    const p = t.page;
    if (t.outcome === 'cancelled') p.cancelled++;
    else if (t.outcome === 'timedOut') p.timedOut++;
    else if (t.outcome === 'failed') p.failed++;
    if (dropped) p.dropped++;
    const wasted = t.outcome === 'cancelled' || t.outcome === 'timedOut' || dropped;
    if (wasted && t.startedAtMs !== null && t.endedAtMs !== null) p.wastedMs += t.endedAtMs - t.startedAtMs;
  }

  private key(r: TraceRecord): string {
    return `${String(r['session'])}\u0000${String(r['taskId'])}`;
  }

  private page(session: string, page: string): PageAcc {
    const k = `${session}\u0000${page}`;
    let p = this.pages.get(k);
    if (p === undefined) {
      p = { session, page, tasks: 0, rejected: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0, ttr: new CountsBuilder(), wait: new CountsBuilder() };
      this.pages.set(k, p);
    }
    return p;
  }
}
