// Shared helpers of the sweep tests: the CLI as a child process, temp dirs.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** Runs `pbtsim …` under tsx, as a user would (no terminal: no progress bar). */
export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
}
