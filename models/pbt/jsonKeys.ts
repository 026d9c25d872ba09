/**
 * Finds duplicate object keys in JSON text, which `JSON.parse` silently resolves to the last
 * one (two codeunits with the same ID, two pages with the same name). Returns the JSON path of
 * the first duplicate, or undefined. The text must already be valid JSON.
 * @module
 */

/** @returns `{ path, key }` of the first duplicate key, or undefined. */
export function findDuplicateKey(text: string): { path: string; key: string } | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): { path: string; key: string } | undefined => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') { i++; return undefined; }
      for (;;) {
        ws();
        const key = str();
        const here = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
        if (seen.has(key)) return { path: here, key };
        seen.add(key);
        ws();
        i++; // ':'
        const dup = value(here);
        if (dup) return dup;
        ws();
        if (text[i] === ',') { i++; continue; }
        i++; // '}'
        return undefined;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return undefined; }
      for (let n = 0; ; n++) {
        const dup = value(`${path}[${n}]`);
        if (dup) return dup;
        ws();
        if (text[i] === ',') { i++; continue; }
        i++; // ']'
        return undefined;
      }
    }
    if (c === '"') { str(); return undefined; }
    while (i < text.length && !',]} \t\r\n'.includes(text[i]!)) i++;
    return undefined;
  };
  return value('$');
}
