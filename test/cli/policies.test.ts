import test from 'ava';
import { readFileSync } from 'node:fs';
import { policiesMarkdown } from '../../cli/commands/policies.js';
import { DEFAULT_POLICIES, POLICY_TABLE } from '../../models/pbt/index.js';

test('docs/policies.md is the output of `pbtsim policies` (regenerate with `npx tsx cli/main.ts policies > docs/policies.md`)', (t) => {
  t.is(readFileSync('docs/policies.md', 'utf8'), policiesMarkdown());
});

test('every policy has a row, and every row names at least one gap and clause', (t) => {
  t.deepEqual(POLICY_TABLE.map((p) => p.name).sort(), Object.keys(DEFAULT_POLICIES).sort());
  t.true(POLICY_TABLE.every((p) => p.gaps.length > 0 && p.clauses.length > 0));
});
