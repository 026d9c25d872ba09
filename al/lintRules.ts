/**
 * The lint rules' catalogue: ID, default severity, the clause IDs of the spec catalog
 * (`spec/pbt-spec.md`) each rule rests on, and a one-line summary. Each rule has a page
 * `docs/lint/PBTnnnn.md`; the checks themselves are in `lintChecks.ts`.
 * @module
 */

/** How serious a diagnostic is (SARIF levels). */
export type Severity = 'error' | 'warning' | 'note';

/** A lint rule's description. */
export interface LintRule {
  readonly id: string;
  readonly severity: Severity;
  readonly clauses: readonly string[];
  readonly summary: string;
}

/** Every rule, in ID order. PBT0000 is the reader's own: a file that could not be read. PBT0011 goes beyond the list: a pitfall the BCTech sample shows (PBT-CONC-12). */
export const LINT_RULES: readonly LintRule[] = [
  { id: 'PBT0000', severity: 'error', clauses: [], summary: 'the file could not be read (not text, an unterminated string or comment, broken structure, nesting too deep), so it was not checked' },
  { id: 'PBT0001', severity: 'warning', clauses: ['PBT-ENQ-07', 'A33'], summary: 'a page background task is enqueued from OnOpenPage' },
  { id: 'PBT0002', severity: 'warning', clauses: ['PBT-ENQ-08'], summary: 'a task is enqueued from OnAfterGetRecord on a List/ListPart page: every row\'s task but the last is cancelled' },
  { id: 'PBT0003', severity: 'warning', clauses: ['PBT-ENQ-07'], summary: 'a task is enqueued from OnValidate' },
  { id: 'PBT0004', severity: 'warning', clauses: ['PBT-TMO-03', 'PBT-TMO-02', 'A4'], summary: 'a literal timeout above the server maximum (600000 ms by default: clamped) or at most 0 (the default timeout applies)' },
  { id: 'PBT0005', severity: 'warning', clauses: ['PBT-ENQ-12'], summary: 'a completion or error trigger enqueues again with no condition bounding it: an endless loop' },
  { id: 'PBT0006', severity: 'warning', clauses: ['PBT-ENQ-14', 'PBT-TRG-04'], summary: 'a page with more than one task has a completion or error trigger that never looks at TaskId' },
  { id: 'PBT0007', severity: 'warning', clauses: ['PBT-ENQ-09'], summary: 'the TaskId variable is local to the procedure, not a global of the page' },
  { id: 'PBT0008', severity: 'error', clauses: ['PBT-CHD-01', 'PBT-CHD-03'], summary: 'the task codeunit writes to a non-temporary record (the child session is read-only) or calls UI' },
  { id: 'PBT0009', severity: 'error', clauses: ['PBT-ENQ-10', 'PBT-TRG-02'], summary: 'a key read from the results that the task never sets, or a parameter the task reads that the page never adds' },
  { id: 'PBT0010', severity: 'warning', clauses: ['PBT-TRG-05', 'PBT-TRG-06'], summary: 'UI or CurrPage.Update in a page background task callback trigger' },
  { id: 'PBT0011', severity: 'warning', clauses: ['PBT-ENQ-04', 'PBT-CONC-03', 'PBT-CONC-12'], summary: 'an enqueue in a loop without using its return value: once the queue is full, the next enqueue is a runtime error' },
];

/** The rule with `id`. */
export function ruleOf(id: string): LintRule {
  const r = LINT_RULES.find((x) => x.id === id);
  if (r === undefined) throw new Error(`unknown lint rule ${id}`);
  return r;
}
