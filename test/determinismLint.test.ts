// The determinism rule as a lint: engine/ and models/ never read the wall clock, never use
// unseeded randomness or timers (style notes §4). A test instead of an eslint rule: no linter
// is installed, and this one cannot be silenced by a comment.
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = /\b(Date\.now|new Date\(|Math\.random|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime|queueMicrotask)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('engine/ and models/ use no wall clock, unseeded randomness or timers', (t) => {
  const files = [...sources('engine'), ...sources('models')];
  t.true(files.length > 20);
  const hits = files.flatMap((f) =>
    readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (FORBIDDEN.test(line.replace(/\/\/.*$/, '')) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
  t.deepEqual(hits, []);
});
