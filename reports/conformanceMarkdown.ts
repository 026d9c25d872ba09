/**
 * The conformance report as markdown.
 * @module
 */
import { STATUSES, type ConformanceReport } from './conformance.js';
import { STATUS_RULES, evidencePhrases, headerFacts } from './conformanceText.js';
import { TRANSITIONS } from './lifecycle.js';
import { mdTable } from './markdown.js';

/** Renders the conformance report as markdown. */
export function renderConformanceMarkdown(r: ConformanceReport): string {
  const out: string[] = ['# pbtsim spec-conformance report\n\n'];
  for (const [k, v] of headerFacts(r)) out.push(`- ${k}: ${v}\n`);
  out.push('\n## Summary\n\n');
  out.push(mdTable(['Status', 'Clauses'], STATUSES.map((s) => [s, r.summary[s]]), ['l', 'r']));
  out.push(r.yesWithoutEvidence.length === 0
    ? '\nEvery Simulable = yes clause has an invariant or an example test.\n'
    : `\nSimulable = yes clauses without evidence (${r.yesWithoutEvidence.length}): ${r.yesWithoutEvidence.join(', ')}\n`);
  out.push('\n## Clauses\n\n');
  out.push(mdTable(['ID', 'Clause', 'Simulable', 'Status', 'Evidence', 'Runs', 'Events'], r.clauses.map((c) => {
    const e = evidencePhrases(c);
    const ev = [
      e.invariants.length ? `invariants: ${e.invariants.join('; ')}` : '',
      e.tests.length ? `tests: ${e.tests.join('; ')}` : '',
      e.scenarios.length ? `scenarios: ${e.scenarios.join('; ')}` : '',
      e.policies.length ? `policy: ${e.policies.join('; ')}` : '',
    ].filter((s) => s !== '').join(' · ');
    return [c.id, c.short, c.simulable, c.status, ev || '–', c.runs, c.events];
  }), ['l', 'l', 'l', 'l', 'l', 'r', 'r']));
  out.push('\n## Violations\n\n');
  const violated = r.clauses.filter((c) => c.violations.length > 0);
  if (violated.length === 0) out.push('No invariant found a violation.\n');
  for (const c of violated) {
    out.push(`### ${c.id}: ${c.short}\n\n`);
    for (const v of c.violations.slice(0, 10)) {
      out.push(`- ${v.invariant} in "${v.scenario}" (seed ${String(v.seed)})${v.atMs !== null ? ` at ${v.atMs} ms` : ''}: ${v.message}\n\n  \`\`\`sh\n  ${v.replay}\n  \`\`\`\n`);
      if (v.source !== null) out.push(`\n  Scenario (not shrunk):\n\n  \`\`\`json\n  ${JSON.stringify(v.source)}\n  \`\`\`\n`);
    }
    if (c.violations.length > 10) out.push(`- … ${c.violations.length - 10} more\n`);
  }
  out.push('\n## Invariants\n\n');
  out.push(mdTable(['Invariant', 'Clauses', 'Checks', 'Runs', 'Violations'], r.invariants.map((i) => [
    i.name, i.clauses.join(', ') + (i.unknownClauses.length ? ` (not in the catalog: ${i.unknownClauses.join(', ')})` : ''), i.description, i.runs, i.violations,
  ]), ['l', 'l', 'l', 'r', 'r']));
  out.push('\n## Policies (gaps of the catalog, section 2)\n\n');
  out.push(mdTable(['Policy', 'Gaps', 'Clauses', 'Default', 'Alternatives', 'Meaning'], r.policies.map((p) => [
    p.name, p.gaps.join(', '), p.clauses.join(', '), String(p.default), typeof p.alternatives === 'string' ? p.alternatives : p.alternatives.map(String).join(', '), p.meaning,
  ])));
  out.push('\n### Fixed choices\n\n');
  out.push(mdTable(['Gaps', 'Clauses', 'Choice'], r.fixedChoices.map((f) => [f.gaps.join(', '), f.clauses.join(', '), f.choice])));
  out.push(r.gapsWithoutPolicy.length === 0 ? '\nEvery gap is settled by a policy or a fixed choice.\n'
    : `\nGaps no policy or fixed choice settles: ${r.gapsWithoutPolicy.map((g) => `${g.id} (${g.title})`).join('; ')}\n`);
  out.push('\n## Determinism (same seed twice)\n\n');
  out.push(mdTable(['Scenario', 'Seed', 'Digest, run 1', 'Digest, run 2', 'Same'], r.determinism.map((d) => [d.file ?? d.scenario, String(d.seed), d.digests[0], d.digests[1], d.same ? 'yes' : 'NO'])));
  out.push('\n## Lifecycle coverage\n\n');
  out.push(mdTable(['Transition', 'Count', 'Reached'], TRANSITIONS.map((t) => [t, r.lifecycle[t], r.lifecycle[t] > 0 ? 'yes' : 'no']), ['l', 'r', 'l']));
  if (r.unknownTestClauses.length > 0) {
    out.push('\n## Test titles citing unknown IDs\n\n');
    for (const u of r.unknownTestClauses) out.push(`- ${u.file}:${u.line}: ${u.id}\n`);
  }
  out.push('\n## How statuses are decided\n\n');
  for (const s of STATUS_RULES) out.push(`- ${s}\n`);
  return out.join('');
}
