/**
 * The conformance report as one self-contained HTML page.
 * @module
 */
import { STATUSES, type ConformanceReport } from './conformance.js';
import { STATUS_RULES, evidencePhrases, headerFacts } from './conformanceText.js';
import { COLORS, badge, esc, htmlPage, htmlTable } from './html/page.js';
import { TRANSITIONS } from './lifecycle.js';

const list = (label: string, items: readonly string[]): string =>
  items.length === 0 ? '' : `<div><b>${esc(label)}</b><ul class="ev">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul></div>`;

/** Renders the conformance report as HTML. */
export function renderConformanceHtml(r: ConformanceReport): string {
  const body: string[] = [];
  body.push(`<section id="header"><dl class="kv">${headerFacts(r).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></section>`);
  body.push(`<section id="summary"><h2>Summary</h2><div class="cards">${STATUSES.map((s) =>
    `<div class="card" data-status="${esc(s)}"><div class="n" style="color:${COLORS[s]}">${r.summary[s]}</div>${esc(s)}</div>`).join('')}</div>
${r.yesWithoutEvidence.length === 0 ? '<p>Every Simulable = yes clause has an invariant or an example test.</p>'
    : `<p id="yes-without-evidence"><b>Simulable = yes clauses without evidence (${r.yesWithoutEvidence.length}):</b> ${r.yesWithoutEvidence.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(', ')}</p>`}</section>`);
  body.push(`<section id="clauses-section"><h2>Clauses</h2>${htmlTable(['ID', 'Clause', 'Simulable', 'Status', 'Evidence', 'Runs#', 'Events#'], r.clauses.map((c) => {
    const e = evidencePhrases(c);
    const ev = list('Invariants', e.invariants) + list('Example tests', e.tests) + list('Scenarios exercising it', e.scenarios) + list('Policy', e.policies);
    return [
      `<code id="${esc(c.id)}" style="white-space:nowrap">${esc(c.id)}</code>`, `${esc(c.short)}<div class="muted">${esc(c.source)}</div>`, esc(c.simulable),
      `${badge(c.status, COLORS[c.status])}<div class="muted">${esc(c.reason)}</div>`, ev || '<span class="muted">none</span>', String(c.runs), String(c.events),
    ];
  }), 'id="clauses"')}</section>`);
  const violated = r.clauses.filter((c) => c.violations.length > 0);
  body.push(`<section id="violations-section"><h2>Violations</h2>${violated.length === 0 ? '<p>No invariant found a violation.</p>' : violated.map((c) =>
    `<h3>${esc(c.id)}: ${esc(c.short)}</h3>${c.violations.slice(0, 10).map((v) => `<p>${esc(v.invariant)} in “${esc(v.scenario)}” (seed ${esc(v.seed)})${v.atMs !== null ? ` at ${v.atMs} ms` : ''}: ${esc(v.message)}</p><pre>${esc(v.replay)}</pre>${
      v.source !== null ? `<details><summary>Scenario (not shrunk)</summary><pre>${esc(JSON.stringify(v.source, null, 2))}</pre></details>` : ''}`).join('')}${
      c.violations.length > 10 ? `<p class="muted">… ${c.violations.length - 10} more</p>` : ''}`).join('')}</section>`);
  body.push(`<section id="invariants-section"><h2>Invariants</h2>${htmlTable(['Invariant', 'Clauses', 'Checks', 'Runs#', 'Violations#'], r.invariants.map((i) => [
    `<code>${esc(i.name)}</code>`, esc(i.clauses.join(', ')) + (i.unknownClauses.length ? ` <span class="muted">(not in the catalog: ${esc(i.unknownClauses.join(', '))})</span>` : ''),
    esc(i.description), String(i.runs), i.violations === 0 ? '0' : badge(String(i.violations), COLORS.violated),
  ]), 'id="invariants"')}</section>`);
  body.push(`<section id="policies-section"><h2>Policies (gaps of the catalog, section 2)</h2>${htmlTable(['Policy', 'Gaps', 'Clauses', 'Default', 'Alternatives', 'Meaning'], r.policies.map((p) => [
    `<code>${esc(p.name)}</code>`, esc(p.gaps.join(', ')), esc(p.clauses.join(', ')), `<code>${esc(String(p.default))}</code>`,
    esc(typeof p.alternatives === 'string' ? p.alternatives : p.alternatives.map(String).join(', ')), esc(p.meaning),
  ]), 'id="policies"')}<h3>Fixed choices</h3>${htmlTable(['Gaps', 'Clauses', 'Choice'], r.fixedChoices.map((f) => [esc(f.gaps.join(', ')), esc(f.clauses.join(', ')), esc(f.choice)]), 'id="fixed-choices"')}${
    r.gapsWithoutPolicy.length === 0 ? '<p>Every gap is settled by a policy or a fixed choice.</p>'
      : `<p>Gaps no policy or fixed choice settles: ${esc(r.gapsWithoutPolicy.map((g) => `${g.id} (${g.title})`).join('; '))}</p>`}</section>`);
  body.push(`<section id="determinism-section"><h2>Determinism (same seed twice)</h2>${htmlTable(['Scenario', 'Seed', 'Digest, run 1', 'Digest, run 2', 'Same'], r.determinism.map((d) => [
    esc(d.file ?? d.scenario), esc(d.seed), `<code>${esc(d.digests[0])}</code>`, `<code>${esc(d.digests[1])}</code>`, d.same ? badge('same', COLORS.conforms) : badge('DIFFERENT', COLORS.violated),
  ]), 'id="determinism"')}</section>`);
  const maxCount = Math.max(1, ...TRANSITIONS.map((t) => r.lifecycle[t]));
  body.push(`<section id="lifecycle-section"><h2>Lifecycle coverage</h2>${htmlTable(['Transition', 'Count#', ''], TRANSITIONS.map((t) => [
    esc(t), String(r.lifecycle[t]),
    r.lifecycle[t] === 0 ? '<span class="muted">not reached</span>'
      : `<svg width="220" height="12" xmlns="http://www.w3.org/2000/svg"><rect width="${Math.max(2, Math.round((r.lifecycle[t] / maxCount) * 220))}" height="12" fill="#1565c0"/></svg>`,
  ]), 'id="lifecycle"')}</section>`);
  if (r.unknownTestClauses.length > 0) {
    body.push(`<section><h2>Test titles citing unknown IDs</h2><ul>${r.unknownTestClauses.map((u) => `<li>${esc(`${u.file}:${u.line}: ${u.id}`)}</li>`).join('')}</ul></section>`);
  }
  body.push(`<section id="rules"><h2>How statuses are decided</h2><ul>${STATUS_RULES.map((s) => `<li>${esc(s)}</li>`).join('')}</ul></section>`);
  return htmlPage('pbtsim spec-conformance report', `${r.catalog.clauses} clauses · ${r.runs.total} runs · ${STATUSES.map((s) => `${r.summary[s]} ${s}`).join(' · ')}`, body.join('\n'));
}
