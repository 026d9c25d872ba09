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

function typeFits(x: string, v: unknown): boolean {
  switch (x) {
    case 'integer': case 'number': return typeof v === 'number';
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'array': return Array.isArray(v);
    case 'object': return isObject(v);
    default: return false;
  }
}

const list = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

class Walker {
  readonly problems: StructureProblem[] = [];
  private readonly defs: Readonly<Record<string, Node>>;
  // Memos over the (small) schema, so each input value costs a few lookups (fast path: a 35 MB
  // file of 200,000 steps; see test/reliability/inputKeys.test.ts).
  private readonly resolved = new Map<Node, { node: Node; id: string | undefined }>();
  private readonly flat = new Map<Node, Node[]>();
  private readonly forms = new Map<Node, { forms: readonly Node[]; common: ReadonlySet<string>; heads: ReadonlyMap<Node, string | undefined> }>();
  private readonly patterns = new Map<string, RegExp>();
  /** The path of the value being checked (segments pushed and popped; copied into problems). */
  private readonly at: PathSegment[] = [];

  constructor(root: Node, private readonly limit: number) {
    this.defs = (root['$defs'] ?? {}) as Record<string, Node>;
  }

  get full(): boolean {
    return this.problems.length >= this.limit;
  }

  private add(expected: string, key?: string): void {
    if (this.full) return;
    this.problems.push({ segments: key === undefined ? [...this.at] : [...this.at, key], expected });
  }

  /** Resolves `$ref` (keeping the referring node's own keywords, such as its description). */
  private resolve(node: Node): { node: Node; id: string | undefined } {
    const known = this.resolved.get(node);
    if (known !== undefined) return known;
    const r = this.resolveUncached(node);
    this.resolved.set(node, r);
    return r;
  }

  private resolveUncached(node: Node): { node: Node; id: string | undefined } {
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
    const known = this.flat.get(node);
    if (known !== undefined) return known;
    const out: Node[] = [];
    for (const b of (node['anyOf'] as Node[] | undefined) ?? []) {
      const r = this.resolve(b).node;
      if (Array.isArray(r['anyOf'])) out.push(...this.branches(r));
      else out.push(r);
    }
    this.flat.set(node, out);
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
    if (typeof t === 'string') return typeFits(t, v);
    for (const x of t as string[]) if (typeFits(x, v)) return true;
    return false;
  }


  check(schema: Node, v: unknown): void {
    if (this.full) return;
    const { node, id } = this.resolve(schema);
    if (Array.isArray(node['anyOf'])) return this.union(node, id, v);
    if (!this.typeOk(node, v)) return this.add(`expected ${this.what(node)}, got ${shown(v)}`);
    if (has(node, 'const') && node['const'] !== v) return this.add(`expected ${JSON.stringify(node['const'])}, got ${shown(v)}`);
    if (Array.isArray(node['enum']) && !(node['enum'] as unknown[]).includes(v)) {
      const hint = typeof v === 'string' ? suggest(v, (node['enum'] as unknown[]).map(String)) : undefined;
      return this.add(`expected ${(node['enum'] as unknown[]).map((x) => JSON.stringify(x)).join(' or ')}, got ${shown(v)}${hint !== undefined ? ` (did you mean ${quote(hint)}?)` : ''}`);
    }
    if (typeof v === 'number') return this.number(node, v);
    if (typeof v === 'string') return this.string(node, v);
    if (Array.isArray(v)) return this.array(node, v);
    if (isObject(v)) this.object(node, v);
  }

  private number(node: Node, v: number): void {
    const min = node['minimum'] as number | undefined;
    const max = node['maximum'] as number | undefined;
    const xmin = node['exclusiveMinimum'] as number | undefined;
    const whole = node['type'] !== 'integer' || Number.isInteger(v);
    // Fast path: a valid number costs these comparisons only (no text is built).
    if (whole && (min === undefined || v >= min) && (xmin === undefined || v > xmin) && (max === undefined || v <= max)) return;
    const what = this.what(node);
    if (!whole) return this.add(`expected ${what} (a whole number), got ${shown(v)}`);
    const ranged = /\bfrom\b|\babove\b|>=/.test(what);
    if (min !== undefined && v < min) return this.add(`expected ${what}${ranged ? '' : ` >= ${min}`}, got ${shown(v)}`);
    if (xmin !== undefined && v <= xmin) return this.add(`expected ${what}${ranged ? '' : ` above ${xmin}`}, got ${shown(v)}`);
    this.add(`expected ${what} <= ${max}${max === 1e12 ? ' (about 31.7 years)' : ''}, got ${shown(v)}`);
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (re === undefined) this.patterns.set(pattern, (re = new RegExp(pattern, 'u')));
    return re;
  }

  private string(node: Node, v: string): void {
    const min = node['minLength'] as number | undefined;
    if (min !== undefined && v.length < min) return this.add(`expected ${this.what(node) === 'a text' ? 'a non-empty text' : this.what(node)}, got ""`);
    const pattern = node['pattern'];
    if (typeof pattern === 'string' && !this.regex(pattern).test(v)) {
      if (pattern.startsWith('^(?!(?:') && RESERVED_NAMES.includes(v)) return this.add(`expected a name other than ${quote(v)} (names every JavaScript object already has, such as __proto__, constructor and toString, are refused)`);
      this.add(`expected ${this.what(node)}, got ${shown(v)}`);
    }
  }

  private array(node: Node, v: readonly unknown[]): void {
    const min = node['minItems'] as number | undefined;
    const items = node['items'] as Node | undefined;
    if (min !== undefined && v.length < min) return this.add(`expected a list of at least ${min} (${items === undefined ? 'value' : this.what(this.resolve(items).node)}), got []`);
    if (items === undefined) return;
    for (let i = 0; i < v.length && !this.full; i++) {
      this.at.push(i);
      this.check(items, v[i]);
      this.at.pop();
    }
  }

  private object(node: Node, v: Record<string, unknown>): void {
    const props = (node['properties'] ?? {}) as Record<string, Node>;
    const required = (node['required'] ?? []) as string[];
    const extra = node['additionalProperties'];
    const names = node['propertyNames'] as Node | undefined;
    const known = Object.keys(props);
    let suggested: Set<string> | undefined;
    for (const key of Object.keys(v)) {
      if (this.full) return;
      if (has(props, key)) { this.at.push(key); this.check(props[key]!, v[key]); this.at.pop(); continue; }
      if (extra === false) {
        const hint = suggest(key, known.filter((k) => !has(v, k)));
        if (hint !== undefined) {
          (suggested ??= new Set()).add(hint);
          this.add(`unknown key ${quote(key)} (did you mean ${quote(hint)}?${required.includes(hint) ? ' that key is required and missing' : ''})`, key);
        } else {
          this.add(`unknown key ${quote(key)}; expected ${known.length <= 12 ? `one of ${known.map((k) => quote(k)).join(', ')}` : `one of the ${known.length} keys the format defines here (see \`pbtsim schema\`)`}`, key);
        }
        continue;
      }
      if (names !== undefined) {
        const before = this.problems.length;
        this.at.push(key);
        this.check(names, key);
        this.at.pop();
        if (this.problems.length > before) continue;
      }
      if (isObject(extra)) { this.at.push(key); this.check(extra, v[key]); this.at.pop(); }
    }
    for (const key of required) {
      if (!has(v, key) && suggested?.has(key) !== true) this.add(`missing required key ${quote(key)}: expected ${this.what(this.resolve(props[key] ?? {}).node)} there`);
    }
  }

  private formsText(node: Node, forms: readonly Node[]): string {
    return `${typeof node['title'] === 'string' ? `${node['title']}: ` : ''}${list(forms.map((b) => this.what(b)))}`;
  }

  /** The object forms of a union with their head keys (memoised per union). */
  private objectForms(node: Node): { forms: readonly Node[]; common: ReadonlySet<string>; heads: ReadonlyMap<Node, string | undefined> } {
    const known = this.forms.get(node);
    if (known !== undefined) return known;
    const forms = this.branches(node).filter((b) => b['type'] === 'object');
    const req = (b: Node): readonly string[] => (b['required'] ?? []) as string[];
    // The form is chosen by its head key: the first required key that not every form has
    // ("open", "enqueue", "uniform" …).
    const common = new Set(forms.length === 0 ? [] : req(forms[0]!).filter((k) => forms.every((b) => req(b).includes(k))));
    const heads = new Map(forms.map((b) => [b, req(b).find((k) => !common.has(k))] as const));
    const r = { forms, common, heads };
    this.forms.set(node, r);
    return r;
  }

  private union(node: Node, id: string | undefined, v: unknown): void {
    const all = this.branches(node);
    if (isObject(v)) {
      const { forms, common, heads } = this.objectForms(node);
      if (forms.length === 0) return this.add(`expected ${this.formsText(node, all)}, got ${shown(v)}`);
      if (forms.length === 1) return this.check(forms[0]!, v);
      let only: Node | undefined;
      // (no closures on this path: a union is checked for every step and statement)
      let count = 0;
      for (const b of forms) {
        const h = heads.get(b);
        if (h !== undefined && has(v, h)) { only = b; count++; }
      }
      if (count === 1) return this.check(only!, v);
      if (count === 0) {
        const headList = [...new Set([...heads.values()].filter((h): h is string => h !== undefined))];
        const knownSomewhere = (k: string): boolean => forms.some((b) => has((b['properties'] ?? {}) as object, k));
        const rest = Object.keys(v).filter((k) => !common.has(k));
        const keys = rest.some((k) => !knownSomewhere(k)) ? rest.filter((k) => !knownSomewhere(k)) : rest;
        const hint = keys.map((k) => suggest(k, headList)).find((h) => h !== undefined);
        const noun = id !== undefined ? NOUNS[id] : undefined;
        const named = `${keys.length === 0 ? 'none' : keys.map((k) => quote(k)).join(', ')}${hint !== undefined ? ` (did you mean ${quote(hint)}?)` : ''}`;
        if (noun !== undefined) return this.add(`unknown ${noun} with key(s) ${named}; expected one of ${headList.join(', ')}`);
        return this.add(`expected ${this.formsText(node, all)}, got an object with key(s) ${named}`);
      }
      // Several forms share the head key (the four `call` forms): the closest fit, if unique.
      const candidates = forms.filter((b) => { const h = heads.get(b); return h !== undefined && has(v, h); });
      const score = (b: Node): number => {
        const props = (b['properties'] ?? {}) as Record<string, unknown>;
        return Object.keys(v).filter((k) => !has(props, k)).length + ((b['required'] ?? []) as string[]).filter((k) => !has(v, k)).length;
      };
      const best = Math.min(...candidates.map(score));
      const top = candidates.filter((b) => score(b) === best);
      if (top.length === 1) return this.check(top[0]!, v);
      return this.add(`expected ${this.formsText(node, top)}, got ${shown(v)}`);
    }
    let typed: Node[] = [];
    for (const b of all) if (this.typeOk(b, v)) typed.push(b);
    if (typed.length > 1) {
      const exact = typed.filter((b) => !(Array.isArray(b['enum']) && !(b['enum'] as unknown[]).includes(v)) && !(has(b, 'const') && b['const'] !== v));
      if (exact.length > 0) typed = exact;
    }
    if (typed.length === 0) return this.add(`expected ${this.formsText(node, all)}, got ${shown(v)}`);
    this.check(typed[0]!, v);
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
  w.check(schema, data);
  return w.problems;
}
