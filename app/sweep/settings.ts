/**
 * What-if settings: `--set key=v1,v2,…` options become axes, and their cartesian product the
 * settings a sweep runs. A key is a dotted path into the scenario (`server.*`, `policies.*`,
 * `limits.*`); every key and every value is validated by applying it alone to the scenario and
 * compiling it with the scenario loader, so an error names the option, the JSON path and what
 * was expected there (e.g. `--set server.childSessionsMaxConcurrency=x: $.server.
 * childSessionsMaxConcurrency: expected integer, got "x"`).
 * @module
 */
import { compileScenario, ScenarioError, type CompiledScenario } from '../../models/pbt/index.js';

/** Top-level sections a `--set` key may point into. */
export const SETTABLE_SECTIONS = ['server', 'policies', 'limits'] as const;

/** A value of a `--set` option: a JSON number or boolean, else the text itself. */
export type SettingValue = number | boolean | string;

/** One `--set key=v1,v2,…` option. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly SettingValue[];
}

/** One point of the cartesian product. */
export interface SweepSetting {
  /** Position in the product (first axis most significant). */
  readonly index: number;
  /** `key=value` per axis, in the order of the `--set` options. */
  readonly assignments: readonly { readonly key: string; readonly value: SettingValue }[];
  /** `server.childSessionsMaxConcurrency=5, …`, or `as in the file` without `--set`. */
  readonly label: string;
}

/** A bad `--set` option (the CLI prints it as one line, exit 2). */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingError';
  }
}

function parseValue(text: string): SettingValue {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/**
 * Parses `--set` options.
 * @param specs - the option texts, e.g. `server.childSessionsMaxConcurrency=3,5,8`
 * @throws SettingError naming the option
 */
export function parseAxes(specs: readonly string[]): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const key = eq < 0 ? spec : spec.slice(0, eq);
    const parts = key.split('.');
    if (eq < 0 || eq === spec.length - 1) throw new SettingError(`--set ${spec}: expected key=value[,value…], e.g. server.childSessionsMaxConcurrency=3,5,8`);
    if (parts.length !== 2 || parts[1] === '' || !(SETTABLE_SECTIONS as readonly string[]).includes(parts[0]!)) {
      throw new SettingError(`--set ${spec}: expected a key under ${SETTABLE_SECTIONS.map((s) => `${s}.`).join(', ')} (e.g. server.childSessionsMaxConcurrency), got ${JSON.stringify(key)}`);
    }
    if (axes.some((a) => a.key === key)) throw new SettingError(`--set ${spec}: ${key} is set twice; give all its values in one --set`);
    const texts = spec.slice(eq + 1).split(',').map((v) => v.trim());
    if (texts.some((t) => t === '')) throw new SettingError(`--set ${spec}: empty value in the list`);
    if (new Set(texts).size !== texts.length) throw new SettingError(`--set ${spec}: a value is listed twice`);
    axes.push({ key, values: texts.map(parseValue) });
  }
  return axes;
}

/** The cartesian product of the axes (one setting, `as in the file`, without axes). */
export function settingsOf(axes: readonly SweepAxis[]): SweepSetting[] {
  let combos: { key: string; value: SettingValue }[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((value) => [...c, { key: axis.key, value }]));
  return combos.map((assignments, index) => ({
    index, assignments, label: assignments.length === 0 ? 'as in the file' : assignments.map((a) => `${a.key}=${String(a.value)}`).join(', '),
  }));
}

/** The scenario source with the setting's values written at their keys (a copy). */
export function applySetting(source: unknown, setting: Pick<SweepSetting, 'assignments'>): unknown {
  const copy = structuredClone(source) as Record<string, unknown>;
  for (const { key, value } of setting.assignments) {
    const [section, name] = key.split('.') as [string, string];
    const sec = copy[section];
    copy[section] = { ...(sec !== null && typeof sec === 'object' ? sec : {}), [name]: value };
  }
  return copy;
}

function compileWith(source: unknown, file: string, assignments: SweepSetting['assignments'], what: string): CompiledScenario {
  try {
    return compileScenario(applySetting(source, { assignments }), file);
  } catch (e) {
    if (e instanceof ScenarioError) throw new SettingError(`${what}: ${e.path}: ${e.expected}`);
    throw e;
  }
}

/**
 * Validates every key and value alone, then every setting of the product, through the loader.
 * @param source - the scenario source (as read from the file)
 * @param file - its file name
 * @param axes - the parsed `--set` options
 * @returns the settings with their patched sources
 * @throws SettingError naming the option (or the setting) and the JSON path
 */
export function resolveSettings(source: unknown, file: string, axes: readonly SweepAxis[]): { setting: SweepSetting; scenario: unknown }[] {
  for (const axis of axes) for (const value of axis.values) compileWith(source, file, [{ key: axis.key, value }], `--set ${axis.key}=${String(value)}`);
  return settingsOf(axes).map((setting) => {
    compileWith(source, file, setting.assignments, `setting ${setting.label}`);
    return { setting, scenario: applySetting(source, setting) };
  });
}

/**
 * Orders settings by their values ("smallest" for the recommendation): axis by axis in `--set`
 * order, numbers numerically, other values by their place in the option's list.
 */
export function compareSettings(axes: readonly SweepAxis[], a: SweepSetting, b: SweepSetting): number {
  for (let i = 0; i < axes.length; i++) {
    const x = a.assignments[i]!.value;
    const y = b.assignments[i]!.value;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const vals = axes[i]!.values;
    return vals.indexOf(x) - vals.indexOf(y);
  }
  return a.index - b.index;
}
