/**
 * The pbtsim version a shard payload is stamped with: the `version` of the nearest package.json
 * named `pbtsim` above this module (works from dist/app/sweep/ and from app/sweep/ under tsx).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This installation's pbtsim version. */
export function pbtsimVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pbtsim' && typeof pkg.version === 'string') return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0-unknown';
    dir = dirname(dir);
  }
}
