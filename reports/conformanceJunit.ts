/**
 * The conformance report as JUnit XML: one testsuite per catalog section, one testcase per
 * clause. violated → <failure>; not simulable and no evidence → <skipped> with the reason;
 * conforms and policy pass, with the evidence in <system-out>.
 * @module
 */
import type { ConformanceReport } from './conformance.js';
import { evidencePhrases } from './conformanceText.js';

/** Escapes text for XML attributes and content (and drops characters XML 1.0 forbids). */
export function xmlEsc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Renders the conformance report as JUnit XML. */
export function renderConformanceJunit(r: ConformanceReport): string {
  const sections = [...new Set(r.clauses.map((c) => c.section))];
  const time = (r.meta.durationMs / 1000).toFixed(3);
  const count = (pred: (s: string) => boolean, cs = r.clauses): number => cs.filter((c) => pred(c.status)).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="pbtsim conformance" tests="${r.clauses.length}" failures="${count((s) => s === 'violated')}" errors="0" skipped="${count((s) => s === 'not simulable' || s === 'no evidence')}" time="${time}">`);
  for (const section of sections) {
    const cs = r.clauses.filter((c) => c.section === section);
    out.push(`  <testsuite name="${xmlEsc(section)}" tests="${cs.length}" failures="${count((s) => s === 'violated', cs)}" errors="0" skipped="${count((s) => s === 'not simulable' || s === 'no evidence', cs)}">`);
    for (const c of cs) {
      const e = evidencePhrases(c);
      const evidence = [...e.invariants.map((x) => `invariant ${x}`), ...e.tests.map((x) => `test ${x}`), ...e.scenarios.map((x) => `scenario ${x}`), ...e.policies.map((x) => `policy ${x}`)].join('\n');
      out.push(`    <testcase classname="pbtsim.conformance.${xmlEsc(c.area)}" name="${xmlEsc(`${c.id} ${c.short}`)}">`);
      if (c.status === 'violated') {
        const v = c.violations[0];
        out.push(`      <failure message="${xmlEsc(`${c.violations.length} violation(s): ${v?.message ?? ''}`)}" type="${xmlEsc(v?.invariant ?? 'invariant')}">${xmlEsc(c.violations.map((x) => `${x.invariant}: ${x.message}\nreplay: ${x.replay}`).join('\n\n'))}</failure>`);
      } else if (c.status === 'not simulable' || c.status === 'no evidence') {
        out.push(`      <skipped message="${xmlEsc(`${c.status}: ${c.reason}`)}"/>`);
      }
      out.push(`      <system-out>${xmlEsc(`status: ${c.status} (simulable: ${c.simulable})\n${evidence}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
