/**
 * strconv.ParseInt(raw, 0, 64), as go-flags converts int options and arguments: `0x`, `0o`, `0b` and a leading
 * `0` (octal) pick the base, underscores may separate digits after a prefix.
 */
export function parseGoInt(raw: string): number {
  const syntax = (): Error => new Error(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const m = /^([+-]?)(0[xX]|0[oO]|0[bB]|0(?=[0-7_]))?([0-9a-fA-F_]+)$/.exec(raw);
  if (m === null) throw syntax();
  const prefix = (m[2] ?? '').toLowerCase();
  const base = prefix === '0x' ? 16 : prefix === '0b' ? 2 : prefix === '' ? 10 : 8;
  const digits = m[3] ?? '';
  if (digits.includes('_') && (prefix === '' || /(^_$|__|_$)/.test(digits))) throw syntax();
  const clean = digits.replaceAll('_', '');
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base];
  if (clean === '' || !valid.test(clean)) throw syntax();
  const value =
    BigInt(m[1] === '-' ? -1 : 1) *
    BigInt(`${base === 10 ? '' : base === 16 ? '0x' : base === 8 ? '0o' : '0b'}${clean}`);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) {
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range`);
  }
  return Number(value);
}
