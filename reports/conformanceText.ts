/**
 * Shared wording of the conformance report's renderers: the evidence of a clause in one line,
 * the status rules, the header facts.
 * @module
 */
import type { ClauseRow, ConformanceReport } from './conformance.js';
import { formatMs } from './stats.js';

/** How statuses are decided, for the report's notes. */
export const STATUS_RULES: readonly string[] = [
  'not simulable: the catalog marks the clause Simulable = no.',
  'violated: an invariant that cites the clause found a violation in some run.',
  'conforms: an invariant that cites the clause ran over the runs without a violation, or an example test (not skipped, todo or failing) cites the clause in its title.',
  'policy: a partly-simulable clause with no such evidence that a gap policy settles (its default is shown).',
  'no evidence: none of the above. A yes clause never conforms on a policy alone.',
  'Scenarios in the evidence are those whose runs reached a situation the clause describes (trace detectors); they show coverage, not a verdict. Example tests count by title; their pass or fail is that of npm test.',
];

/** The evidence of a clause as short phrases (invariants, tests, scenarios, policies). */
export function evidencePhrases(c: ClauseRow): { invariants: string[]; tests: string[]; scenarios: string[]; policies: string[] } {
  return {
    invariants: c.invariants.map((i) => `${i.name} (${i.runs} runs, ${i.violations} violations)`),
    tests: [
      ...c.tests.map((t) => `${t.file}:${t.line} "${t.title}"`),
      ...c.testsNotCounted.map((t) => `${t.file}:${t.line} "${t.title}" (${t.modifier}, not counted)`),
    ],
    scenarios: c.scenarios.map((s) => `${s.file ?? s.scenario} (${s.runs} runs, ${s.events} events)`),
    policies: [
      ...c.policies.map((p) => `${p.name} = ${String(p.default)} (${p.gaps.join(', ')})`),
      ...c.fixedChoices.map((f) => `fixed ${f.gaps.join(', ')}: ${f.choice}`),
    ],
  };
}

/** The header facts as [label, value] pairs. */
export function headerFacts(r: ConformanceReport): [string, string][] {
  const m = r.meta;
  return [
    ['pbtsim version', m.pbtsimVersion],
    ['Catalog', `${r.catalog.clauses} clauses, ${r.catalog.gaps} gaps; docs snapshot ${r.catalog.docsSnapshot ?? 'unknown'}; ${r.catalog.sha256}`],
    ['Node.js', m.nodeVersion],
    ['Seed', String(m.seed)],
    ['Runs', `${r.runs.total} (${r.runs.examples} example runs, ${r.runs.generated} generated of ${m.runsRequested} asked), ${r.runs.events} events, ${r.runs.violated} with violations`],
    ['Generated runs from', m.generator],
    ['Invariants', `${r.invariants.length}`],
    ['Example tests citing clauses', m.testsDir === null ? 'no test folder found' : `${new Set(r.clauses.flatMap((c) => c.tests.map((t) => `${t.file}:${t.line}`))).size} in ${m.testsDir}`],
    ['Examples', m.examplesDir],
    ['Created', m.createdAt],
    ['Time taken', formatMs(Math.round(m.durationMs))],
  ];
}
