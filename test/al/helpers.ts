// Shared helpers of the AL tests: read fixture folders, lint them, run the CLI.
import { spawnSync } from 'node:child_process';
import { lintProject, readAlProject, type LintDiagnostic, type LintReport } from '../../al/index.js';

/** The fixture projects' root. */
export const FIXTURES = 'test/fixtures/al';

/** Lints one fixture project (a folder under test/fixtures/al). */
export function lintFixture(name: string): LintReport {
  return lintProject(readAlProject([`${FIXTURES}/${name}`]));
}

/** Diagnostics of `rule` in a report. */
export function ofRule(r: LintReport, rule: string): LintDiagnostic[] {
  return r.diagnostics.filter((d) => d.rule === rule);
}

/** Runs `pbtsim` (through tsx) and returns exit status and output. */
export function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
