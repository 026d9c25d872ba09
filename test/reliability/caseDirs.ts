/**
 * Temp folders for the output tests: one fresh folder per case under a root of its own, and the
 * output module's temp files (`*.tmp`) left in a folder.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A source of fresh case folders under a new root named after `prefix`. */
export function caseDirs(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return () => {
    const d = join(root, `case${++n}`);
    mkdirSync(d);
    return d;
  };
}

/** The output module's temp files left in `dir`. */
export const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
