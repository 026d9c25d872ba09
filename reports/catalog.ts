/**
 * The clause catalog as data: a parser for the catalog's markdown (section 1 tables, section 2
 * gaps, the docs snapshot line) and the vendored copy it reads by default.
 * @module
 */
import { createHash } from 'node:crypto';
import { SPEC_TEXT } from './catalog/specText.js';

/** How far the simulator can check a clause (the catalog's "Simulable" column). */
export type Simulable = 'yes' | 'partly' | 'no';

/** One clause of the catalog. */
export interface Clause {
  /** Stable ID, e.g. `PBT-ENQ-01`. */
  readonly id: string;
  /** Area code from the ID (`ENQ`, `CONC`, …). */
  readonly area: string;
  /** Section heading the row sits under, e.g. `1.1 Enqueue (ENQ)`. */
  readonly section: string;
  /** The clause text without markdown emphasis. */
  readonly text: string;
  /** The clause in short: its first sentence, at most 140 characters (`SHORT_MAX`). */
  readonly short: string;
  /** The catalog's "Source" cell. */
  readonly source: string;
  readonly simulable: Simulable;
  /** The catalog's "How to check" cell. */
  readonly howToCheck: string;
}

/** One gap of section 2 (A1–A35). */
export interface Gap {
  /** e.g. `A1`. */
  readonly id: string;
  readonly title: string;
}

/** The parsed catalog. */
export interface Catalog {
  readonly clauses: readonly Clause[];
  readonly gaps: readonly Gap[];
  /** The docs snapshot the catalog names (`HEAD 5dc00b6a9b, dated 2026-08-21`), when found. */
  readonly docsSnapshot: string | null;
  /** `sha256:<hex>` of the catalog text. */
  readonly sha256: string;
}

/** Longest short text of a clause. */
export const SHORT_MAX = 140;

/** A short text shorter than this takes the next sentence too, when it fits. */
const SHORT_MIN = 60;

/** Matches one clause ID anywhere in a text. */
export const CLAUSE_ID_PATTERN = /PBT-[A-Z]+-C?\d{2}/g;

/** Splits a markdown table row into cells; a `|` inside a code span does not split. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let code = false;
  for (const ch of line.trim().replace(/^\|/, '').replace(/\|$/, '')) {
    if (ch === '`') code = !code;
    if (ch === '|' && !code) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Markdown emphasis removed (`**x**` → `x`); code spans keep their text. */
function plain(md: string): string {
  return md.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*\s][^*]*)\*/g, '$1').replace(/`([^`]*)`/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * The first sentence of a text, cut at a word boundary to at most `max` characters.
 * @param text - plain text
 * @param max - longest result (an ellipsis marks a cut)
 */
export function shorten(text: string, max = SHORT_MAX): string {
  // A sentence ends at ". " followed by a capital letter or a quote; "e.g. x" does not end one.
  // Sentences are taken until the text says enough (SHORT_MIN characters) or the next would not fit.
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z"“(\[])/);
  let first = sentences[0] ?? text;
  for (const s of sentences.slice(1)) {
    if (first.length >= SHORT_MIN || first.length + 1 + s.length > max) break;
    first = `${first} ${s}`;
  }
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:]$/, '')}…`;
}

/**
 * Parses the catalog's markdown.
 * @param text - the catalog (see `reports/catalog/pbt-spec.md`)
 * @returns every clause row of section 1 in catalog order, the gaps of section 2, the snapshot
 * @throws Error when a clause row has an unknown Simulable value or an ID appears twice
 */
export function parseCatalog(text: string): Catalog {
  const clauses: Clause[] = [];
  const gaps: Gap[] = [];
  const seen = new Set<string>();
  let section = '';
  for (const line of text.split('\n')) {
    const heading = /^###\s+(.+?)\s*$/.exec(line);
    if (heading?.[1] !== undefined) section = heading[1];
    const gap = /^\*\*(A\d+)\.\s+(.+?)\*\*\s*$/.exec(line);
    if (gap?.[1] !== undefined && gap[2] !== undefined) gaps.push({ id: gap[1], title: gap[2].replace(/\.$/, '') });
    if (!/^\|\s*PBT-/.test(line)) continue;
    const [id = '', clause = '', source = '', simulable = '', howToCheck = ''] = cells(line);
    if (seen.has(id)) throw new Error(`catalog: clause ${id} appears twice`);
    if (simulable !== 'yes' && simulable !== 'partly' && simulable !== 'no') {
      throw new Error(`catalog: clause ${id} has Simulable "${simulable}", expected yes, partly or no`);
    }
    seen.add(id);
    const t = plain(clause);
    clauses.push({ id, area: id.split('-')[1] ?? '', section, text: t, short: shorten(t), source: plain(source), simulable, howToCheck: plain(howToCheck) });
  }
  const snap = /snapshot is HEAD `([0-9a-f]+)`, dated (\d{4}-\d{2}-\d{2})/.exec(text);
  return {
    clauses,
    gaps,
    docsSnapshot: snap ? `HEAD ${snap[1]}, ${snap[2]}` : null,
    sha256: `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`,
  };
}

/** The vendored catalog, parsed. */
export function vendoredCatalog(): Catalog {
  return parseCatalog(SPEC_TEXT);
}
