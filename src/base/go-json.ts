/**
 * Go's encoding/json output for plain data: `json.MarshalIndent` escapes `<`, `>`, `&`, U+2028 and U+2029 as
 * `\u003c` etc., which JSON.stringify does not. Object keys keep insertion order, so callers sort map keys first
 * (Go sorts map keys; struct fields keep declaration order).
 */
export type GoJson =
  null | string | number | boolean | readonly GoJson[] | { readonly [key: string]: GoJson };

export function goJsonMarshalIndent(value: GoJson, indent: string): string {
  return goEscape(JSON.stringify(value, null, indent));
}

export function goJsonMarshal(value: GoJson): string {
  return goEscape(JSON.stringify(value));
}

function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A Go `map[string]string` as JSON sees it: keys sorted. */
export function sortedRecord(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return out;
}
