/**
 * Go's string order: by UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16 code units and
 * puts U+FF5A after an emoji; Go puts it before. Use this wherever bosh sorts names.
 */
export function compareGoStrings(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done === true || cb.done === true) return (ca.done === true ? 0 : 1) - (cb.done === true ? 0 : 1);
    const pa = ca.value.codePointAt(0) ?? 0;
    const pb = cb.value.codePointAt(0) ?? 0;
    if (pa !== pb) return pa - pb;
  }
}
