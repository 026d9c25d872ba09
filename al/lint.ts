/**
 * `lint`: reads a project's findings, runs the rules, applies the configuration and the
 * `// pbtsim-disable-next-line` suppressions, and returns the report that the text, JSON and
 * SARIF formats render: files, objects, enqueue calls (with the triggers that reach them) and
 * diagnostics, in a stable order.
 * @module
 */
import { checkCallbackUi, checkEnqueueArguments, checkTaskIdRouting, checkTriggerEnqueues, TriggerReach, type RawDiagnostic } from './lintChecks.js';
import { checkKeys, checkTaskCodeunits } from './lintTaskChecks.js';
import { DEFAULT_LINT_CONFIG, type LintConfig } from './lintConfig.js';
import { ruleOf, type Severity } from './lintRules.js';
import { routineLabel } from './objects.js';
import { ProjectIndex } from './project.js';
import type { AlProject } from './reader.js';

/** One diagnostic (the JSON shape of `pbtsim lint --format json`). */
export interface LintDiagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly clauses: readonly string[];
}

/** One object read. */
export interface LintObject {
  readonly type: string;
  readonly id: number | null;
  readonly name: string;
  readonly extends: string | null;
  readonly pageType: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly triggers: readonly string[];
  readonly procedures: readonly string[];
}

/** One EnqueueBackgroundTask call. */
export interface LintCall {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly object: { readonly type: string; readonly id: number | null; readonly name: string };
  /** The trigger or procedure the call is written in. */
  readonly member: string;
  /** The triggers from which the call is reachable. */
  readonly reachedFrom: readonly string[];
  /** The codeunit ID when known, else its name or the expression as written. */
  readonly codeunit: number | string;
  readonly timeoutMs: number | null;
  readonly errorLevel: string | null;
  readonly returnValueUsed: boolean;
}

/** The lint report. */
export interface LintReport {
  readonly files: number;
  readonly objects: readonly LintObject[];
  readonly calls: readonly LintCall[];
  readonly diagnostics: readonly LintDiagnostic[];
}

/** How many diagnostics of each severity a report holds. */
export function countBySeverity(r: LintReport): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const d of r.diagnostics) c[d.severity]++;
  return c;
}

/**
 * Lints a project.
 * @param project - what the reader read
 * @param config - rule levels (default: every rule at its default severity)
 */
export function lintProject(project: AlProject, config: LintConfig = DEFAULT_LINT_CONFIG): LintReport {
  const index = new ProjectIndex(project);
  const tr = new TriggerReach(index);
  const raw: RawDiagnostic[] = [
    ...project.failures.map((f) => ({ rule: 'PBT0000', pos: { file: f.file, line: f.line, column: f.column }, message: `cannot read this file: ${f.reason}` })),
    ...checkTriggerEnqueues(tr), ...checkEnqueueArguments(index), ...checkTaskIdRouting(index),
    ...checkTaskCodeunits(tr), ...checkKeys(tr), ...checkCallbackUi(tr),
  ];
  const suppressions = new Map(project.files.map((f) => [f.file, f.suppressions]));
  const seen = new Set<string>();
  const diagnostics: LintDiagnostic[] = [];
  for (const d of raw) {
    const setting = config.rules[d.rule];
    if (setting === 'off') continue;
    const s = suppressions.get(d.pos.file)?.get(d.pos.line);
    if (s === null || (s !== undefined && s.has(d.rule))) continue;
    const key = `${d.rule}\u0000${d.pos.file}\u0000${d.pos.line}\u0000${d.pos.column}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = ruleOf(d.rule);
    diagnostics.push({ rule: d.rule, severity: setting ?? rule.severity, file: d.pos.file, line: d.pos.line, column: d.pos.column, message: d.message, clauses: rule.clauses });
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  const objects: LintObject[] = project.objects.map((o) => ({
    type: o.type, id: o.id, name: o.name, extends: o.extends, pageType: o.properties.get('pagetype')?.replace(/"/g, '') ?? null,
    file: o.pos.file, line: o.pos.line, column: o.pos.column,
    triggers: o.routines.filter((r) => r.kind === 'trigger').map(routineLabel), procedures: o.routines.filter((r) => r.kind === 'procedure').map(routineLabel),
  }));
  const calls: LintCall[] = [];
  for (const o of project.objects) {
    if (o.type !== 'page' && o.type !== 'pageextension') continue;
    for (const r of o.routines) {
      const from = [...new Set((tr.reachedBy.get(r) ?? []).map((x) => routineLabel(x.routine)))];
      for (const f of r.findings) {
        if (f.kind !== 'enqueue') continue;
        const cu = index.codeunitId(f.codeunit, o);
        calls.push({
          file: f.pos.file, line: f.pos.line, column: f.pos.column, object: { type: o.type, id: o.id, name: o.name }, member: routineLabel(r), reachedFrom: from,
          codeunit: cu ?? (f.codeunit.kind === 'name' ? f.codeunit.name : f.codeunit.kind === 'expression' ? f.codeunit.text : f.codeunit.id),
          timeoutMs: f.timeout?.kind === 'literal' ? f.timeout.value : null, errorLevel: f.errorLevel, returnValueUsed: f.returnValueUsed,
        });
      }
    }
  }
  return { files: project.files.length + project.failures.length, objects, calls, diagnostics };
}
