/**
 * A small DER writer and reader. Certificates are assembled by hand rather than through @peculiar/x509 because the
 * output must match Go's crypto/x509 byte layout choices exactly (extension order and criticality, PrintableString
 * vs UTF8String, UTCTime vs GeneralizedTime, the issuer copied verbatim from the CA's raw subject), and because a
 * synchronous encoder avoids a WebCrypto round trip per certificate.
 */

export type Der = Uint8Array;

export function concat(parts: readonly Der[]): Der {
  return Buffer.concat(parts);
}

function lengthBytes(n: number): Der {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, content: Der): Der {
  return concat([Uint8Array.of(tag), lengthBytes(content.length), content]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, concat(items));
export const octetString = (bytes: Der): Der => tlv(0x04, bytes);
export const nullValue = (): Der => Uint8Array.of(0x05, 0x00);
export const boolean = (v: boolean): Der => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
/** `[n]` context-specific; constructed for EXPLICIT wrappers, primitive for IMPLICIT scalar values. */
export const contextTag = (n: number, content: Der, constructed: boolean): Der =>
  tlv((constructed ? 0xa0 : 0x80) | n, content);

/** BIT STRING with `unusedBits` padding bits in the last byte. */
export function bitString(bytes: Der, unusedBits = 0): Der {
  return tlv(0x03, concat([Uint8Array.of(unusedBits), bytes]));
}

/** Unsigned big-endian bytes of a non-negative integer, minimal (zero is one 0x00 byte). */
export function unsignedBytes(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  return Buffer.from(hex, 'hex');
}

/** INTEGER of a non-negative value: two's complement, so a leading 0x00 when the top bit is set. */
export function integer(v: bigint): Der {
  if (v < 0n) throw new Error('negative INTEGER not supported');
  const bytes = unsignedBytes(v);
  const first = bytes[0] ?? 0;
  return tlv(0x02, first & 0x80 ? concat([Uint8Array.of(0), bytes]) : bytes);
}

export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [a * 40 + b];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift((v % 128) | (groups.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const utf8String = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Der => tlv(0x13, Buffer.from(s, 'latin1'));

/** Go's asn1 time choice: UTCTime for years 1950..2049, GeneralizedTime otherwise; whole seconds, `Z`. */
export function time(epochSeconds: bigint): Der {
  const d = new Date(Number(epochSeconds) * 1000);
  const year = d.getUTCFullYear();
  const two = (n: number) => String(n).padStart(2, '0');
  const rest =
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    'Z';
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(two(year % 100) + rest, 'latin1'));
  return tlv(0x18, Buffer.from(String(year).padStart(4, '0') + rest, 'latin1'));
}

/** One parsed element: `start` of its header, `contentStart`, `end` (exclusive), so raw slices are cheap. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Reads the element at `offset`; throws on truncated or non-minimal-length input. */
export function readElement(buf: Der, offset: number): DerElement {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('truncated DER');
  if ((tag & 0x1f) === 0x1f) throw new Error('high tag numbers not supported');
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[contentStart + i] ?? NaN);
    contentStart += count;
  }
  const end = contentStart + length;
  if (!Number.isFinite(end) || end > buf.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

/** The child elements of a constructed element. */
export function children(buf: Der, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readElement(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const contentOf = (buf: Der, el: DerElement): Buffer =>
  Buffer.from(buf.subarray(el.contentStart, el.end));
export const rawOf = (buf: Der, el: DerElement): Buffer => Buffer.from(buf.subarray(el.start, el.end));

/** Dotted form of an OBJECT IDENTIFIER's content bytes. */
export function decodeOid(content: Der): string {
  const arcs: number[] = [];
  let v = 0;
  for (const byte of content) {
    v = v * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
    else arcs.push(v);
    v = 0;
  }
  return arcs.join('.');
}
