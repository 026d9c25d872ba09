/**
 * The project's lint configuration, `pbtsim-lint.json` at a scanned folder's root (or
 * `--config FILE`): each rule `"off"` or a severity.
 *
 * ```json
 * { "rules": { "PBT0001": "off", "PBT0005": "error" } }
 * ```
 * @module
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LINT_RULES, type Severity } from './lintRules.js';

/** A rule's configured level. */
export type RuleSetting = Severity | 'off';

/** The lint configuration. */
export interface LintConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

/** The name of the project configuration file. */
export const LINT_CONFIG_FILE = 'pbtsim-lint.json';

const setting = z.enum(['off', 'note', 'warning', 'error']);
const schema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.record(z.string().regex(/^PBT\d{4}$/, 'a rule ID PBTnnnn'), setting).optional(),
});

/** A configuration file that cannot be used: file, JSON path, what was expected. */
export class LintConfigError extends Error {
  constructor(readonly file: string, readonly path: string, readonly expected: string) {
    super(`${file}: ${path}: ${expected}`);
    this.name = 'LintConfigError';
  }
}

/**
 * Parses configuration text.
 * @param text - the file's contents
 * @param file - its name, for messages
 * @throws LintConfigError for malformed JSON, unknown keys, unknown rules or levels
 */
export function parseLintConfig(text: string, file: string): LintConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LintConfigError(file, '$', `expected valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = `$${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    const expected = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; expected only "rules"`
      : issue.code === 'invalid_value' ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : issue.message;
    throw new LintConfigError(file, path, expected);
  }
  const rules = r.data.rules ?? {};
  for (const id of Object.keys(rules)) {
    if (!LINT_RULES.some((x) => x.id === id)) throw new LintConfigError(file, `$.rules.${id}`, `unknown rule; expected one of ${LINT_RULES.map((x) => x.id).join(', ')}`);
  }
  return { rules };
}

/** Reads a configuration file. @throws LintConfigError */
export function readLintConfig(file: string): LintConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LintConfigError(file, '$', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseLintConfig(text, file);
}

/** The empty configuration: every rule at its default severity. */
export const DEFAULT_LINT_CONFIG: LintConfig = { rules: {} };
