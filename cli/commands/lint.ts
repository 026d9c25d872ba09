/**
 * `pbtsim lint <path…>`: page-background-task pitfalls in the user's AL (rules PBT0001–PBT0010,
 * docs/lint/). Exit 0 when no diagnostic is an error (and warnings are within --max-warnings),
 * 1 otherwise, 2 for unusable arguments (a missing path, a bad configuration file).
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AlPathError, countBySeverity, formatJson, formatSarif, formatText, LINT_CONFIG_FILE, LINT_FORMATS, LintConfigError, lintProject, readAlProject, readLintConfig, type LintConfig, type LintFormat } from '../../al/index.js';
import { CliError } from '../errors.js';
import { registerInput, writeFileAtomic } from '../io.js';

interface LintOptions {
  readonly format?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly maxWarnings?: string;
  readonly config?: string;
}

/** pbtsim's version (the nearest package.json above this file). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Reads the configuration: --config, else `pbtsim-lint.json` in each scanned folder (later folders override). */
function configFor(paths: readonly string[], explicit: string | undefined): LintConfig {
  const files = explicit !== undefined ? [explicit] : paths.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true).map((p) => join(p, LINT_CONFIG_FILE)).filter((f) => existsSync(f));
  const rules: Record<string, LintConfig['rules'][string]> = {};
  for (const f of files) {
    registerInput(f);
    Object.assign(rules, readLintConfig(f).rules);
  }
  return { rules };
}

/** Registers `lint`. */
export function registerLint(program: Command, handle: (fn: () => number) => void): void {
  program
    .command('lint')
    .description('check AL files or folders for page-background-task pitfalls (rules PBT0001-PBT0010)')
    .argument('<path...>', 'AL files or folders (read recursively for *.al)')
    .option('--format <format>', `output format: ${LINT_FORMATS.join(', ')}`, 'text')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--config <file>', `rule configuration (default: ${LINT_CONFIG_FILE} in each scanned folder)`)
    .action((paths: string[], opts: LintOptions) =>
      handle(() => {
        const format = (opts.json === true ? 'json' : opts.format ?? 'text') as LintFormat;
        if (!LINT_FORMATS.includes(format)) throw new CliError(`--format: expected one of ${LINT_FORMATS.join(', ')}, got ${opts.format}`);
        let maxWarnings: number | undefined;
        if (opts.maxWarnings !== undefined) {
          if (!/^\d+$/.test(opts.maxWarnings) || !Number.isSafeInteger(Number(opts.maxWarnings))) throw new CliError(`--max-warnings: expected a non-negative integer, got ${opts.maxWarnings}`);
          maxWarnings = Number(opts.maxWarnings);
        }
        let report;
        try {
          const config = configFor(paths, opts.config);
          const project = readAlProject(paths);
          // The AL files and configs are inputs: --out may never overwrite one of them.
          for (const f of project.files) registerInput(f.file);
          report = lintProject(project, config);
        } catch (e) {
          if (e instanceof AlPathError || e instanceof LintConfigError) throw new CliError(e.message);
          throw e;
        }
        const text = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, packageVersion()) : formatText(report);
        const c = countBySeverity(report);
        if (opts.out !== undefined) {
          writeFileAtomic(opts.out, text);
          process.stderr.write(`pbtsim: ${opts.out}: ${report.diagnostics.length} diagnostic(s) (${c.error} error(s), ${c.warning} warning(s)) in ${report.files} file(s)\n`);
        } else process.stdout.write(text);
        if (c.error > 0) return 1;
        if (maxWarnings !== undefined && c.warning > maxWarnings) {
          process.stderr.write(`pbtsim: ${c.warning} warning(s), more than --max-warnings ${maxWarnings}\n`);
          return 1;
        }
        return 0;
      }),
    );
}
