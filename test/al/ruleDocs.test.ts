// Each rule has its doc page naming its severity and clauses, and every clause a rule cites
// exists in the spec catalog (spec/pbt-spec.md, beside the repository).
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINT_RULES } from '../../al/index.js';

test('docs/lint/PBTnnnn.md exists for every rule and states its severity and clauses', (t) => {
  for (const r of LINT_RULES) {
    const file = join('docs', 'lint', `${r.id}.md`);
    t.true(existsSync(file), file);
    const text = readFileSync(file, 'utf8');
    t.true(text.startsWith(`# ${r.id}: `), file);
    t.true(text.includes(`Default severity: **${r.severity}**`), file);
    for (const c of r.clauses) t.true(text.includes(`\`${c}\``), `${file} cites ${c}`);
  }
  const al = readFileSync(join('docs', 'al.md'), 'utf8');
  for (const r of LINT_RULES) t.true(al.includes(`[${r.id}](lint/${r.id}.md)`), `docs/al.md lists ${r.id}`);
});

test('every clause ID a rule cites is in the spec catalog', (t) => {
  const spec = ['../shared/spec/pbt-spec.md', '../../shared/spec/pbt-spec.md'].find((p) => existsSync(p));
  if (spec === undefined) return t.fail('spec/pbt-spec.md not found beside the repository (../shared or ../../shared)');
  const text = readFileSync(spec, 'utf8');
  for (const r of LINT_RULES) {
    for (const c of r.clauses) {
      const found = c.startsWith('PBT-') ? text.includes(`| ${c} |`) : text.includes(`**${c}.`);
      t.true(found, `${r.id} cites ${c}`);
    }
  }
});
