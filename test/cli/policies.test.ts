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

test('docs/scenario.schema.json (the examples\' "$schema") is the output of `pbtsim schema` (regenerate with `npx tsx cli/main.ts schema > docs/scenario.schema.json`)', async (t) => {
  const { scenarioJsonSchema } = await import('../../models/pbt/index.js');
  t.is(readFileSync('docs/scenario.schema.json', 'utf8'), JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
});
