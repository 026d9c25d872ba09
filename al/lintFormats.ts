/**
 * Renders a lint report as text (the AL compiler's `path(line,col): warning PBT0001: message`),
 * JSON (the report itself) or SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer), built
 * with node-sarif-builder.
 * @module
 */
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import { countBySeverity, type LintReport } from './lint.js';
import { LINT_RULES } from './lintRules.js';

/** The output formats of `pbtsim lint`. */
export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
/** One output format. */
export type LintFormat = (typeof LINT_FORMATS)[number];

/** Text: one line per diagnostic, then a summary line. */
export function formatText(r: LintReport): string {
  const lines = r.diagnostics.map((d) => `${d.file}(${d.line},${d.column}): ${d.severity} ${d.rule}: ${d.message} [${d.clauses.join(', ') || 'reader'}]`);
  const c = countBySeverity(r);
  lines.push(`${r.files} file(s), ${r.objects.length} object(s), ${r.calls.length} EnqueueBackgroundTask call(s): ${c.error} error(s), ${c.warning} warning(s), ${c.note} note(s)`);
  return lines.join('\n') + '\n';
}

/** JSON: the report as is. */
export function formatJson(r: LintReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/**
 * SARIF 2.1.0: one run, every rule described (with its clause IDs as tags), one result per diagnostic.
 * @param r - the report
 * @param version - pbtsim's version, for the tool driver
 */
export function formatSarif(r: LintReport, version: string): string {
  const builder = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'pbtsim', toolDriverVersion: version });
  for (const rule of LINT_RULES) {
    const rb = new SarifRuleBuilder().initSimple({ ruleId: rule.id, shortDescriptionText: rule.summary, fullDescriptionText: `${rule.summary}. Clauses: ${rule.clauses.join(', ') || 'none'}. See docs/lint/${rule.id}.md.` });
    rb.rule.defaultConfiguration = { level: rule.severity };
    rb.rule.properties = { tags: [...rule.clauses] };
    run.addRule(rb);
  }
  for (const d of r.diagnostics) {
    run.addResult(new SarifResultBuilder().initSimple({ level: d.severity, messageText: d.message, ruleId: d.rule, fileUri: encodeURI(d.file), startLine: d.line, startColumn: d.column }));
  }
  builder.addRun(run);
  return builder.buildSarifJsonString({ indent: true }) + '\n';
}
