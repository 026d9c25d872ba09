// The modules of models/pbt import each other without a cycle (issue 8 §6): every import of a
// sibling module is an edge, and a depth-first search finds no back edge.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';

const DIR = 'models/pbt';

/** Sibling imports of each module (`import … from './x.js'`, type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.ts')).sort()) {
    const text = readFileSync(`${DIR}/${f}`, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+'\.\/([\w.-]+)\.js'/g)) deps.push(`${m[1]}.ts`);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const d of graph.get(n) ?? []) {
      const c = visit(d);
      if (c !== null) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c !== null) return c;
  }
  return null;
}

test('models/pbt has no import cycle', (t) => {
  const graph = importGraph();
  t.true(graph.size > 10);
  t.true((graph.get('model.ts') ?? []).includes('stack.ts'), 'the graph is read (model.ts imports stack.ts)');
  const cycle = findCycle(graph);
  t.is(cycle, null, cycle === null ? '' : `cycle: ${cycle.join(' → ')}`);
});

test('the cycle finder finds a cycle when there is one', (t) => {
  const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', []]]);
  t.deepEqual(findCycle(g), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  t.is(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), null);
});
