/**
 * Warnings and failed enqueues, de-duplicated for people: one entry per kind with its count,
 * its first occurrence, what to do about it and the clauses it cites in plain words (from the
 * vendored catalog), instead of the same line once per task with a bare "(PBT-ENQ-07, A33)".
 * The text story and the run report's HTML and markdown pages show these entries.
 * @module
 */
import type { EnqueueCallResult, RunWarning } from '../models/pbt/index.js';
import { CLAUSE_ID_PATTERN, vendoredCatalog } from './catalog.js';

/** A clause or gap a warning cites, with its text in plain words. */
export interface CitedClause {
  /** `PBT-ENQ-07` or `A33`. */
  readonly id: string;
  /** The clause's short text, or the gap's title; null when the catalog does not know the ID. */
  readonly text: string | null;
}

/** One kind of warning with how often it happened. */
export interface WarningDigest {
  readonly code: string;
  readonly count: number;
  /** The first occurrence, its message without the trailing clause tag. */
  readonly first: { readonly atMs: number; readonly session: string | null; readonly taskId: number | null; readonly message: string };
  /** What to do about it. */
  readonly advice: string;
  readonly clauses: readonly CitedClause[];
}

/** Failed EnqueueBackgroundTask calls of one page with the same runtime error (or none). */
export interface FailedEnqueueDigest {
  readonly session: string;
  readonly page: string;
  /** The runtime error text; null when the call returned false. */
  readonly runtimeError: string | null;
  readonly count: number;
  readonly firstAtMs: number;
  readonly lastAtMs: number;
}

/** Advice by warning code; unknown codes get {@link DEFAULT_ADVICE}. */
export const WARNING_ADVICE: Readonly<Record<string, string>> = {
  enqueueFromOnOpenPage: 'Enqueue from OnAfterGetCurrRecord instead (cancel the previous task first, as the Customer Card does): the record can still change after OnOpenPage, and a task whose record changed is cancelled.',
  nonPositiveTimeout: 'Give a timeout above 0 ms, or leave timeoutMs out to use the server default (DefaultChildSessionTaskTimeout).',
  pageNotOpen: 'Open the page in an earlier script step (check the page key and the step times).',
  pageAlreadyOpen: 'Close the page before opening it again, or remove the second open step.',
  noSeed: 'Put "seed" in the scenario or pass --seed, so that the run can be repeated exactly.',
  untilReached: 'Raise limits.untilMs if the run should go on, or look for a trigger that keeps re-enqueueing.',
};

/** Advice for a warning code without an entry in {@link WARNING_ADVICE}. */
export const DEFAULT_ADVICE = 'Read the message and the clauses it cites; the scenario may not do what you meant.';

const GAP_PATTERN = /\bA\d{1,2}\b/g;
/** A trailing "(PBT-ENQ-07, A33)" or "(policy nonPositiveTimeout, A4)" tag of a message. */
const TRAILING_TAG = /\s*\((?:[^()]*\b(?:PBT-[A-Z]+-C?\d{2}|A\d{1,2})\b[^()]*)\)\s*$/;

/** The message without its trailing clause tag. */
export function plainMessage(message: string): string {
  return message.replace(TRAILING_TAG, '');
}

/** The clause and gap IDs a message cites, in order, with their catalog text. */
export function citedClauses(message: string, lookup: (id: string) => string | null): CitedClause[] {
  const ids = [...(message.match(CLAUSE_ID_PATTERN) ?? []), ...(message.match(GAP_PATTERN) ?? [])];
  return [...new Set(ids)].map((id) => ({ id, text: lookup(id) }));
}

/** A lookup of clause short texts and gap titles in the vendored catalog. */
export function catalogLookup(): (id: string) => string | null {
  const c = vendoredCatalog();
  const byId = new Map<string, string>([...c.clauses.map((x) => [x.id, x.short] as const), ...c.gaps.map((g) => [g.id, g.title] as const)]);
  return (id) => byId.get(id) ?? null;
}

/** Folds warnings and failed enqueue calls into digests (memory: one entry per kind). */
export class WarningDigestFold {
  private readonly warnings = new Map<string, { first: RunWarning; count: number }>();
  private readonly failed = new Map<string, { session: string; page: string; runtimeError: string | null; count: number; firstAtMs: number; lastAtMs: number }>();

  /** Adds one warning. */
  warning(w: RunWarning): void {
    const e = this.warnings.get(w.code);
    if (e === undefined) this.warnings.set(w.code, { first: w, count: 1 });
    else e.count++;
  }

  /** Adds one enqueue call (only failed calls are kept). */
  enqueueCall(c: EnqueueCallResult): void {
    if (c.ok) return;
    const key = `${c.session}\u0000${c.page}\u0000${c.runtimeError ?? ''}`;
    const e = this.failed.get(key);
    if (e === undefined) this.failed.set(key, { session: c.session, page: c.page, runtimeError: c.runtimeError, count: 1, firstAtMs: c.atMs, lastAtMs: c.atMs });
    else {
      e.count++;
      e.lastAtMs = c.atMs;
    }
  }

  /** The warning digests, in order of first occurrence. */
  warningDigests(lookup: (id: string) => string | null = catalogLookup()): WarningDigest[] {
    return [...this.warnings.entries()].map(([code, { first, count }]) => ({
      code, count,
      first: { atMs: first.atMs, session: first.session, taskId: first.taskId, message: plainMessage(first.message) },
      advice: WARNING_ADVICE[code] ?? DEFAULT_ADVICE,
      clauses: citedClauses(first.message, lookup),
    }));
  }

  /** The failed-enqueue digests, in order of first occurrence. */
  failedEnqueues(): FailedEnqueueDigest[] {
    return [...this.failed.values()].map((e) => ({ ...e }));
  }
}
