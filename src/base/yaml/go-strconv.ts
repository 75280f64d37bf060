/**
 * The parts of Go's strconv that yaml.v2's resolver relies on: ParseInt/ParseUint with base 0 (prefixes
 * 0x, 0o, 0b and a bare leading 0 for octal) and ParseFloat's decimal syntax with its underscore rule.
 * Results are bigint so that the full int64/uint64 range survives; `null` means Go returned an error.
 */
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN_MAGNITUDE = 2n ** 63n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseUint(s, 0, 64) on a string without underscores. */
export function parseGoUint(s: string): bigint | null {
  if (s === '') return null;
  let base = 10;
  let digits = s;
  let prefix = '';
  if (s.charCodeAt(0) === 0x30 /* 0 */) {
    const p = s.length >= 3 ? s.charCodeAt(1) | 0x20 : 0;
    if (p === 0x62 /* b */) [base, digits, prefix] = [2, s.slice(2), '0b'];
    else if (p === 0x6f /* o */) [base, digits, prefix] = [8, s.slice(2), '0o'];
    else if (p === 0x78 /* x */) [base, digits, prefix] = [16, s.slice(2), '0x'];
    else [base, digits, prefix] = [8, s.slice(1), '0o'];
  }
  for (let i = 0; i < digits.length; i++) {
    if (digitValue(digits.charCodeAt(i)) >= base) return null;
  }
  if (digits === '') return 0n;
  const value = base === 10 && digits.length < 16 ? BigInt(Number(digits)) : BigInt(prefix + digits);
  return value > UINT64_MAX ? null : value;
}

/** strconv.ParseInt(s, 0, 64): an optional sign, then ParseUint's syntax, within int64. */
export function parseGoInt(s: string): bigint | null {
  let neg = false;
  let rest = s;
  const c = s.charCodeAt(0);
  if (c === 0x2b /* + */ || c === 0x2d /* - */) {
    neg = c === 0x2d;
    rest = s.slice(1);
  }
  const magnitude = parseGoUint(rest);
  if (magnitude === null) return null;
  if (neg) return magnitude > INT64_MIN_MAGNITUDE ? null : -magnitude;
  return magnitude > INT64_MAX ? null : magnitude;
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61 + 10;
  return 99;
}

const DECIMAL_FLOAT = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/**
 * strconv.ParseFloat(s, 64) for decimal input (the only kind yaml.v2 can reach: other spellings are
 * filtered before). Underscores must sit between digits. Overflow is an error in Go, so Infinity is null.
 */
export function parseGoFloat(s: string): number | null {
  let text = s;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    text = s.replaceAll('_', '');
  }
  if (!DECIMAL_FLOAT.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Go's underscoreOK: underscores only between digits (or after a base prefix). */
export function underscoreOK(str: string): boolean {
  let saw = '^';
  let s = str;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1] ?? '')) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20;
    if ((c >= 0x30 && c <= 0x39) || (hex && lower >= 0x61 && lower <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f /* _ */) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}
