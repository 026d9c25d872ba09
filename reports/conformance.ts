/**
 * The spec-conformance report as data: every clause of the catalog with its status and its
 * evidence (invariants that cite it, example tests whose titles cite it, scenarios whose runs
 * exercised it), the policy table, a determinism check and lifecycle coverage. Built from
 * plain inputs, so that the renderers (markdown, HTML, JUnit) and the JSON output are views of
 * one value.
 *
 * Status rules, in order:
 * - `not simulable`: the catalog marks the clause Simulable = no;
 * - `violated`: an invariant that cites the clause found a violation in some run;
 * - `conforms`: an invariant that cites it ran over at least one run without a violation, or an
 *   example test (not skipped, todo or failing) cites it in its title;
 * - `policy`: (partly clauses only) no such evidence, but a gap policy settles the clause;
 * - `no evidence`: none of the above. A **yes** clause never conforms on a policy alone.
 * @module
 */
import type { Catalog, Clause, Simulable } from './catalog.js';
import type { LifecycleCounts } from './lifecycle.js';
import type { CitedTest } from './testTitles.js';

/** Clause status in the report. */
export type ClauseStatus = 'conforms' | 'violated' | 'policy' | 'not simulable' | 'no evidence';

/** Every status, in summary order. */
export const STATUSES: readonly ClauseStatus[] = ['conforms', 'violated', 'policy', 'no evidence', 'not simulable'];

/** What the report needs of an invariant (properties/ INVARIANTS). */
export interface InvariantInfo {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly description: string;
}

/** What the report needs of a policy (models/pbt POLICY_TABLE). */
export interface PolicyRow {
  readonly name: string;
  readonly gaps: readonly string[];
  readonly clauses: readonly string[];
  readonly default: string | number | boolean;
  readonly alternatives: readonly (string | number | boolean)[] | string;
  readonly meaning: string;
}

/** A gap settled without a switch (models/pbt FIXED_CHOICES). */
export interface FixedChoiceRow {
  readonly gaps: readonly string[];
  readonly clauses: readonly string[];
  readonly choice: string;
}

/** One violation found in a run. */
export interface RunViolation {
  readonly invariant: string;
  readonly clauses: readonly string[];
  readonly message: string;
  readonly atMs: number | null;
}

/** What the report keeps of one run. */
export interface RunObservation {
  readonly kind: 'example' | 'generated';
  readonly scenario: string;
  /** The scenario file (examples) or where the generated scenario was saved; null if nowhere. */
  readonly file: string | null;
  readonly seed: number | string;
  readonly digest: string;
  readonly eventCount: number;
  /** Clause ID → events of this run that exercised it. */
  readonly exercised: Readonly<Record<string, number>>;
  readonly violations: readonly RunViolation[];
  /** The exact command that replays this run. */
  readonly replay: string;
  /** The scenario itself, kept for violated generated runs (no file to point to otherwise). */
  readonly source: unknown;
}

/** The same seed run twice. */
export interface DeterminismCheck {
  readonly scenario: string;
  readonly file: string | null;
  readonly seed: number | string;
  readonly digests: readonly [string, string];
  readonly same: boolean;
}

/** The header of the report. */
export interface ReportMeta {
  readonly pbtsimVersion: string;
  readonly nodeVersion: string;
  readonly seed: number | string;
  /** Generated runs asked for (`--runs`). */
  readonly runsRequested: number;
  /** Where generated runs came from: an arbitrary of properties/, or examples over seeds. */
  readonly generator: string;
  /** ISO time the report was made (not part of any digest). */
  readonly createdAt: string;
  readonly durationMs: number;
  readonly examplesDir: string;
  /** null when no test folder was found (an installed package). */
  readonly testsDir: string | null;
}

/** Everything the report is built from. */
export interface ConformanceInput {
  readonly catalog: Catalog;
  readonly invariants: readonly InvariantInfo[];
  readonly tests: readonly CitedTest[];
  readonly policies: readonly PolicyRow[];
  readonly fixedChoices: readonly FixedChoiceRow[];
  readonly runs: readonly RunObservation[];
  readonly determinism: readonly DeterminismCheck[];
  readonly lifecycle: LifecycleCounts;
  readonly meta: ReportMeta;
}

/** A violation of a clause, with how to replay it. */
export interface ClauseViolation extends RunViolation {
  readonly scenario: string;
  readonly seed: number | string;
  readonly replay: string;
  readonly source: unknown;
}

/** One clause row. */
export interface ClauseRow {
  readonly id: string;
  readonly area: string;
  readonly section: string;
  readonly short: string;
  readonly source: string;
  readonly simulable: Simulable;
  readonly status: ClauseStatus;
  /** Why this status, in a sentence. */
  readonly reason: string;
  readonly invariants: readonly { readonly name: string; readonly runs: number; readonly violations: number }[];
  readonly tests: readonly { readonly file: string; readonly line: number; readonly title: string }[];
  /** Tests that cite the clause but are skipped, todo or failing: listed, not evidence. */
  readonly testsNotCounted: readonly { readonly file: string; readonly line: number; readonly title: string; readonly modifier: string }[];
  readonly scenarios: readonly { readonly scenario: string; readonly file: string | null; readonly runs: number; readonly events: number }[];
  readonly policies: readonly { readonly name: string; readonly default: string | number | boolean; readonly gaps: readonly string[] }[];
  readonly fixedChoices: readonly { readonly gaps: readonly string[]; readonly choice: string }[];
  /** Runs whose trace exercised the clause, and their events. */
  readonly runs: number;
  readonly events: number;
  readonly violations: readonly ClauseViolation[];
}

/** The report. */
export interface ConformanceReport {
  readonly format: 'pbtsim-conformance/1';
  readonly meta: ReportMeta;
  readonly catalog: { readonly docsSnapshot: string | null; readonly sha256: string; readonly clauses: number; readonly gaps: number };
  readonly runs: { readonly examples: number; readonly generated: number; readonly total: number; readonly events: number; readonly violated: number };
  readonly summary: Readonly<Record<ClauseStatus, number>>;
  /** Simulable = yes clauses with neither an invariant nor an example test. */
  readonly yesWithoutEvidence: readonly string[];
  readonly clauses: readonly ClauseRow[];
  readonly invariants: readonly (InvariantInfo & { readonly runs: number; readonly violations: number; readonly unknownClauses: readonly string[] })[];
  readonly policies: readonly PolicyRow[];
  readonly fixedChoices: readonly FixedChoiceRow[];
  /** Gaps of the catalog that no policy and no fixed choice settles. */
  readonly gapsWithoutPolicy: readonly { readonly id: string; readonly title: string }[];
  readonly determinism: readonly DeterminismCheck[];
  readonly lifecycle: LifecycleCounts;
  /** Tests citing IDs that are not in the catalog (typos). */
  readonly unknownTestClauses: readonly { readonly file: string; readonly line: number; readonly id: string }[];
  readonly violatedRuns: readonly RunObservation[];
}

function statusOf(c: Clause, hasViolation: boolean, direct: boolean, policy: boolean): { status: ClauseStatus; reason: string } {
  if (c.simulable === 'no') return { status: 'not simulable', reason: 'the catalog marks it outside a discrete-event model' };
  if (hasViolation) return { status: 'violated', reason: 'an invariant citing it found a violation' };
  if (direct) return { status: 'conforms', reason: 'checked by invariants or example tests, with no violation' };
  if (policy && c.simulable === 'partly') return { status: 'policy', reason: 'settled by a gap policy; no invariant or example test cites it' };
  return {
    status: 'no evidence',
    reason: policy ? 'a gap policy applies, but no invariant or example test cites it' : 'no invariant or example test cites it',
  };
}

/**
 * Builds the conformance report.
 * @param input - catalog, invariants, cited tests, policies, run observations, determinism, lifecycle, header
 * @returns the report value (the JSON format is exactly this value)
 */
export function buildConformance(input: ConformanceInput): ConformanceReport {
  const { catalog, runs } = input;
  // Invariants may cite gaps (A1…) as well as clauses; both are catalog IDs.
  const known = new Set([...catalog.clauses.map((c) => c.id), ...catalog.gaps.map((g) => g.id)]);
  const invStats = input.invariants.map((inv) => {
    let violations = 0;
    for (const r of runs) violations += r.violations.filter((v) => v.invariant === inv.name).length;
    return { ...inv, runs: runs.length, violations, unknownClauses: inv.clauses.filter((c) => !known.has(c)) };
  });
  const rows: ClauseRow[] = catalog.clauses.map((c) => {
    const invariants = invStats.filter((i) => i.clauses.includes(c.id)).map((i) => {
      const v = runs.reduce((n, r) => n + r.violations.filter((x) => x.invariant === i.name && x.clauses.includes(c.id)).length, 0);
      return { name: i.name, runs: i.runs, violations: v };
    });
    const citing = input.tests.filter((t) => t.clauses.includes(c.id));
    const tests = citing.filter((t) => t.modifier === null).map(({ file, line, title }) => ({ file, line, title }));
    const testsNotCounted = citing.filter((t) => t.modifier !== null).map(({ file, line, title, modifier }) => ({ file, line, title, modifier: modifier ?? '' }));
    const byScenario = new Map<string, { scenario: string; file: string | null; runs: number; events: number }>();
    let runCount = 0;
    let events = 0;
    const violations: ClauseViolation[] = [];
    for (const r of runs) {
      const n = r.exercised[c.id] ?? 0;
      if (n > 0) {
        runCount++;
        events += n;
        // Examples one by one; generated scenarios as one entry (they are many and unnamed).
        const key = r.kind === 'example' ? `example|${r.file ?? r.scenario}` : 'generated';
        const s = byScenario.get(key) ?? { scenario: r.kind === 'example' ? r.scenario : 'generated scenarios', file: r.kind === 'example' ? r.file : null, runs: 0, events: 0 };
        byScenario.set(key, { ...s, runs: s.runs + 1, events: s.events + n });
      }
      for (const v of r.violations) {
        if (v.clauses.includes(c.id)) violations.push({ ...v, scenario: r.scenario, seed: r.seed, replay: r.replay, source: r.kind === 'generated' ? r.source : null });
      }
    }
    const policies = input.policies.filter((p) => p.clauses.includes(c.id)).map((p) => ({ name: p.name, default: p.default, gaps: p.gaps }));
    const fixedChoices = input.fixedChoices.filter((f) => f.clauses.includes(c.id)).map((f) => ({ gaps: f.gaps, choice: f.choice }));
    const direct = tests.length > 0 || (invariants.length > 0 && runs.length > 0);
    const { status, reason } = statusOf(c, violations.length > 0, direct, policies.length + fixedChoices.length > 0);
    return {
      id: c.id, area: c.area, section: c.section, short: c.short, source: c.source, simulable: c.simulable, status, reason,
      invariants, tests, testsNotCounted, scenarios: [...byScenario.values()], policies, fixedChoices, runs: runCount, events, violations,
    };
  });
  const summary = Object.fromEntries(STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length])) as Record<ClauseStatus, number>;
  const settled = new Set([...input.policies.flatMap((p) => p.gaps), ...input.fixedChoices.flatMap((f) => f.gaps)]);
  const unknownTestClauses = input.tests.flatMap((t) => t.clauses.filter((id) => !known.has(id)).map((id) => ({ file: t.file, line: t.line, id })));
  return {
    format: 'pbtsim-conformance/1',
    meta: input.meta,
    catalog: { docsSnapshot: catalog.docsSnapshot, sha256: catalog.sha256, clauses: catalog.clauses.length, gaps: catalog.gaps.length },
    runs: {
      examples: runs.filter((r) => r.kind === 'example').length,
      generated: runs.filter((r) => r.kind === 'generated').length,
      total: runs.length,
      events: runs.reduce((n, r) => n + r.eventCount, 0),
      violated: runs.filter((r) => r.violations.length > 0).length,
    },
    summary,
    yesWithoutEvidence: rows.filter((r) => r.simulable === 'yes' && r.status === 'no evidence').map((r) => r.id),
    clauses: rows,
    invariants: invStats,
    policies: input.policies,
    fixedChoices: input.fixedChoices,
    gapsWithoutPolicy: catalog.gaps.filter((g) => !settled.has(g.id)),
    determinism: input.determinism,
    lifecycle: input.lifecycle,
    unknownTestClauses,
    violatedRuns: runs.filter((r) => r.violations.length > 0),
  };
}
