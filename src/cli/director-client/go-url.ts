/** Go's net/url query encoding, which bosh-cli uses to build director request paths. */

/** url.QueryEscape: everything but `A-Za-z0-9-_.~` percent-encoded (upper-case hex), space as `+`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.Values.Encode: `k=v` pairs sorted by key (values of one key in insertion order), joined by `&`. */
export function encodeQuery(values: readonly (readonly [string, string])[]): string {
  const keys = [...new Set(values.map(([k]) => k))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  for (const key of keys) {
    for (const [k, v] of values) if (k === key) parts.push(`${queryEscape(k)}=${queryEscape(v)}`);
  }
  return parts.join('&');
}

/** `path?query`, as `fmt.Sprintf("%s?%s", path, q.Encode())` writes it (a bare `?` when there is no query). */
export function withQuery(path: string, values: readonly (readonly [string, string])[]): string {
  return `${path}?${encodeQuery(values)}`;
}
