/**
 * Structure messages for scenario files, produced from the published JSON Schema (so an editor's
 * hover help and `pbtsim validate` agree) instead of the validator's raw wording. One walk over
 * the data collects every problem up to a limit: an unknown key names itself and the nearest
 * valid key (`unknown key "timeOutMs" (did you mean "timeoutMs"?)`), a misspelled required key
 * names the missing one, a union that fits no input lists its accepted forms, numbers state
 * their unit and range. The walk recurses along the schema (about 15 levels), never along the
 * input's own nesting.
 * @module
 */
import { closest, distance } from 'fastest-levenshtein';
import { quote, shown, type PathSegment } from './scenarioError.js';
import { RESERVED_NAMES } from './scenarioLimits.js';

/** A JSON Schema node (the subset zod's `toJSONSchema` emits for the scenario format). */
type Node = Readonly<Record<string, unknown>>;

/** A structure problem: where and what was expected. */
export interface StructureProblem {
  readonly segments: readonly PathSegment[];
  readonly expected: string;
}

const NOUNS: Readonly<Record<string, string>> = { step: 'action', statement: 'statement', simpleStatement: 'statement' };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

/**
 * The nearest of `candidates` to `word` (case-insensitive edit distance), if it is near enough
 * to be a plausible misspelling.
 * @param word - what the user wrote
 * @param candidates - the valid words
 * @returns the suggestion, or undefined
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(word.toLowerCase(), lower);
  const d = distance(word.toLowerCase(), best);
  return d <= (best.length >= 4 ? Math.max(2, Math.floor(best.length / 3)) : 1) ? candidates[lower.indexOf(best)] : undefined;
}

const list = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

class Walker {
  readonly problems: StructureProblem[] = [];
  private readonly defs: Readonly<Record<string, Node>>;

  constructor(root: Node, private readonly limit: number) {
    this.defs = (root['$defs'] ?? {}) as Record<string, Node>;
  }

  get full(): boolean {
    return this.problems.length >= this.limit;
  }

  private add(segments: readonly PathSegment[], expected: string): void {
    if (!this.full) this.problems.push({ segments, expected });
  }

  /** Resolves `$ref` (keeping the referring node's own keywords, such as its description). */
  private resolve(node: Node): { node: Node; id: string | undefined } {
    let id: string | undefined;
    let n = node;
    for (let guard = 0; typeof n['$ref'] === 'string' && guard < 16; guard++) {
      const { $ref, ...own } = n;
      id = ($ref as string).replace('#/$defs/', '');
      n = { ...this.defs[id], ...own };
    }
    return { node: n, id };
  }

  /** The union's branches, nested unions flattened. */
  private branches(node: Node): Node[] {
    const out: Node[] = [];
    for (const b of (node['anyOf'] as Node[] | undefined) ?? []) {
      const r = this.resolve(b).node;
      if (Array.isArray(r['anyOf'])) out.push(...this.branches(r));
      else out.push(r);
    }
    return out;
  }

  private what(node: Node): string {
    if (typeof node['title'] === 'string') return node['title'];
    if (Array.isArray(node['enum'])) return (node['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
    if (has(node, 'const')) return JSON.stringify(node['const']);
    if (Array.isArray(node['anyOf'])) return list(this.branches(node).map((b) => this.what(b)));
    const t = Array.isArray(node['type']) ? (node['type'] as string[]) : [node['type'] as string];
    const names: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a text', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };
    return list(t.map((x) => names[x] ?? 'a value'));
  }

  private typeOk(node: Node, v: unknown): boolean {
    const t = node['type'];
    if (t === undefined) return true;
    const types = Array.isArray(t) ? (t as string[]) : [t as string];
    return types.some((x) => (x === 'integer' ? typeof v === 'number' : x === 'number' ? typeof v === 'number' : x === 'string' ? typeof v === 'string'
      : x === 'boolean' ? typeof v === 'boolean' : x === 'null' ? v === null : x === 'array' ? Array.isArray(v) : x === 'object' ? isObject(v) : false));
  }

  check(schema: Node, v: unknown, at: readonly PathSegment[]): void {
    if (this.full) return;
    const { node, id } = this.resolve(schema);
    if (Array.isArray(node['anyOf'])) return this.union(node, id, v, at);
    if (!this.typeOk(node, v)) return this.add(at, `expected ${this.what(node)}, got ${shown(v)}`);
    if (has(node, 'const') && node['const'] !== v) return this.add(at, `expected ${JSON.stringify(node['const'])}, got ${shown(v)}`);
    if (Array.isArray(node['enum']) && !(node['enum'] as unknown[]).includes(v)) {
      const hint = typeof v === 'string' ? suggest(v, (node['enum'] as unknown[]).map(String)) : undefined;
      return this.add(at, `expected ${(node['enum'] as unknown[]).map((x) => JSON.stringify(x)).join(' or ')}, got ${shown(v)}${hint !== undefined ? ` (did you mean ${quote(hint)}?)` : ''}`);
    }
    if (typeof v === 'number') return this.number(node, v, at);
    if (typeof v === 'string') return this.string(node, v, at);
    if (Array.isArray(v)) return this.array(node, v, at);
    if (isObject(v)) this.object(node, v, at);
  }

  private number(node: Node, v: number, at: readonly PathSegment[]): void {
    const what = this.what(node);
    if (node['type'] === 'integer' && !Number.isInteger(v)) return this.add(at, `expected ${what} (a whole number), got ${shown(v)}`);
    const ranged = /\bfrom\b|\babove\b/.test(what);
    const fail = (bound: string): void => this.add(at, `expected ${what}${ranged ? '' : ` ${bound}`}, got ${shown(v)}`);
    const min = node['minimum'] as number | undefined;
    const max = node['maximum'] as number | undefined;
    const xmin = node['exclusiveMinimum'] as number | undefined;
    if (min !== undefined && v < min) return fail(`>= ${min}`);
    if (xmin !== undefined && v <= xmin) return fail(`above ${xmin}`);
    if (max !== undefined && v > max) this.add(at, `expected ${what} <= ${max}${max === 1e12 ? ' (about 31.7 years)' : ''}, got ${shown(v)}`);
  }

  private string(node: Node, v: string, at: readonly PathSegment[]): void {
    const min = node['minLength'] as number | undefined;
    if (min !== undefined && v.length < min) return this.add(at, `expected ${this.what(node) === 'a text' ? 'a non-empty text' : this.what(node)}, got ""`);
    const pattern = node['pattern'];
    if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(v)) {
      if (pattern.startsWith('^(?!(?:') && RESERVED_NAMES.includes(v)) return this.add(at, `expected a name other than ${quote(v)} (names every JavaScript object already has, such as __proto__, constructor and toString, are refused)`);
      this.add(at, `expected ${this.what(node)}, got ${shown(v)}`);
    }
  }

  private array(node: Node, v: readonly unknown[], at: readonly PathSegment[]): void {
    const min = node['minItems'] as number | undefined;
    const items = node['items'] as Node | undefined;
    if (min !== undefined && v.length < min) return this.add(at, `expected a list of at least ${min} (${items === undefined ? 'value' : this.what(this.resolve(items).node)}), got []`);
    if (items !== undefined) v.forEach((x, i) => this.check(items, x, [...at, i]));
  }

  private object(node: Node, v: Record<string, unknown>, at: readonly PathSegment[]): void {
    const props = (node['properties'] ?? {}) as Record<string, Node>;
    const required = (node['required'] ?? []) as string[];
    const extra = node['additionalProperties'];
    const names = node['propertyNames'] as Node | undefined;
    const known = Object.keys(props);
    const suggested = new Set<string>();
    for (const key of Object.keys(v)) {
      if (this.full) return;
      if (has(props, key)) { this.check(props[key]!, v[key], [...at, key]); continue; }
      if (extra === false) {
        const hint = suggest(key, known.filter((k) => !has(v, k)));
        if (hint !== undefined) {
          suggested.add(hint);
          this.add([...at, key], `unknown key ${quote(key)} (did you mean ${quote(hint)}?${required.includes(hint) ? ' that key is required and missing' : ''})`);
        } else {
          this.add([...at, key], `unknown key ${quote(key)}; expected ${known.length <= 12 ? `one of ${known.map((k) => quote(k)).join(', ')}` : `one of the ${known.length} keys the format defines here (see \`pbtsim schema\`)`}`);
        }
        continue;
      }
      if (names !== undefined) {
        const before = this.problems.length;
        this.check(names, key, [...at, key]);
        if (this.problems.length > before) continue;
      }
      if (isObject(extra)) this.check(extra, v[key], [...at, key]);
    }
    for (const key of required) {
      if (!has(v, key) && !suggested.has(key)) this.add(at, `missing required key ${quote(key)}: expected ${this.what(this.resolve(props[key] ?? {}).node)} there`);
    }
  }

  private union(node: Node, id: string | undefined, v: unknown, at: readonly PathSegment[]): void {
    const all = this.branches(node);
    let typed = all.filter((b) => this.typeOk(b, v));
    if (typed.length > 1 && !isObject(v)) {
      const exact = typed.filter((b) => !(Array.isArray(b['enum']) && !(b['enum'] as unknown[]).includes(v)) && !(has(b, 'const') && b['const'] !== v));
      if (exact.length > 0) typed = exact;
    }
    const forms = (bs: readonly Node[]): string => list(bs.map((b) => this.what(b)));
    const label = typeof node['title'] === 'string' ? `${node['title']}: ` : '';
    if (typed.length === 0) return this.add(at, `expected ${label}${forms(all)}, got ${shown(v)}`);
    if (typed.length === 1 || !isObject(v)) return this.check(typed[0]!, v, at);
    // Several object forms: the form is chosen by its head key (the first required key that
    // not every form has: "open", "enqueue", "uniform" …).
    const common = new Set(((typed[0]!['required'] ?? []) as string[]).filter((k) => typed.every((b) => ((b['required'] ?? []) as string[]).includes(k))));
    const head = (b: Node): string | undefined => ((b['required'] ?? []) as string[]).find((k) => !common.has(k));
    const candidates = typed.filter((b) => { const h = head(b); return h !== undefined && has(v, h); });
    if (candidates.length === 0) {
      const heads = [...new Set(typed.map(head).filter((h): h is string => h !== undefined))];
      const knownSomewhere = (k: string): boolean => typed.some((b) => has((b['properties'] ?? {}) as object, k));
      const rest = Object.keys(v).filter((k) => !common.has(k));
      const keys = rest.some((k) => !knownSomewhere(k)) ? rest.filter((k) => !knownSomewhere(k)) : rest;
      const hint = keys.map((k) => suggest(k, heads)).find((h) => h !== undefined);
      const noun = id !== undefined ? NOUNS[id] : undefined;
      const named = `${keys.length === 0 ? 'none' : keys.map((k) => quote(k)).join(', ')}${hint !== undefined ? ` (did you mean ${quote(hint)}?)` : ''}`;
      if (noun !== undefined) return this.add(at, `unknown ${noun} with key(s) ${named}; expected one of ${heads.join(', ')}`);
      return this.add(at, `expected ${label}${forms(all)}, got an object with key(s) ${named}`);
    }
    if (candidates.length === 1) return this.check(candidates[0]!, v, at);
    const score = (b: Node): number => {
      const props = (b['properties'] ?? {}) as Record<string, unknown>;
      return Object.keys(v).filter((k) => !has(props, k)).length + ((b['required'] ?? []) as string[]).filter((k) => !has(v, k)).length;
    };
    const best = Math.min(...candidates.map(score));
    const top = candidates.filter((b) => score(b) === best);
    if (top.length === 1) return this.check(top[0]!, v, at);
    this.add(at, `expected ${label}${forms(top)}, got ${shown(v)}`);
  }

}

/**
 * Checks `data` against the scenario JSON Schema and describes every problem found.
 * @param schema - the JSON Schema (from `scenarioJsonSchema()`)
 * @param data - the parsed file
 * @param limit - stop after this many problems
 * @returns the problems, in the data's key order
 */
export function checkStructure(schema: Node, data: unknown, limit = 21): StructureProblem[] {
  const w = new Walker(schema, limit);
  w.check(schema, data, []);
  return w.problems;
}
