/**
 * Finds duplicate object keys in JSON text, which `JSON.parse` silently resolves to the last
 * one (two codeunits with the same ID, two pages with the same name). A thin wrapper over the
 * iterative scan of scenarioJson.ts, so no nesting depth can exhaust the call stack.
 * @module
 */
import { pathText } from './scenarioError.js';
import { scanJson } from './scenarioJson.js';

/**
 * The first duplicate key of a JSON text.
 * @param text - JSON text
 * @returns `{ path, key }` of the first duplicate key, or undefined (also for text that is not
 * JSON, or nested deeper than 64 levels, before a duplicate is found)
 */
export function findDuplicateKey(text: string): { path: string; key: string } | undefined {
  const dup = scanJson(text, { maxProblems: 1_000_000 }).problems.find((p) => p.kind === 'duplicate');
  return dup === undefined ? undefined : { path: pathText(dup.segments), key: dup.key ?? '' };
}
