/**
 * Go's base64.StdEncoding.DecodeString as yaml.v2 uses it for `!!binary`: padding is required, CR and LF
 * are skipped (block scalars carry them), anything else outside the alphabet is an error (null).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map(Array.from({ length: ALPHABET.length }, (_, i) => [ALPHABET.charCodeAt(i), i]));

export function decodeGoBase64(text: string): Uint8Array | null {
  const chars: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) chars.push(c);
  }
  if (chars.length % 4 !== 0) return null;
  const out: number[] = [];
  for (let i = 0; i < chars.length; i += 4) {
    const quad = chars.slice(i, i + 4);
    const last = i + 4 === chars.length;
    const pads = quad.filter((c) => c === 0x3d /* = */).length;
    if (pads > 0 && (!last || pads > 2 || quad.slice(4 - pads).some((c) => c !== 0x3d))) return null;
    const v = quad.slice(0, 4 - pads).map((c) => VALUES.get(c));
    if (v.some((x) => x === undefined)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v as number[];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out.push((n >> 16) & 0xff);
    if (pads < 2) out.push((n >> 8) & 0xff);
    if (pads < 1) out.push(n & 0xff);
  }
  return Uint8Array.from(out);
}

/** Go strings are bytes; ours are text. Valid UTF-8 decodes exactly; other bytes become U+FFFD. */
export function bytesToString(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
