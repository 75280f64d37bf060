/**
 * Go compares strings by their UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16 code
 * units, which puts U+FF5A after an emoji; bosh-cli puts it before, and fingerprints depend on the order.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only a surrogate (a code point above U+FFFF) can make UTF-16 order disagree with code point order.
    if (isSurrogate(x) || isSurrogate(y)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}
