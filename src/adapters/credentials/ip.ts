/**
 * Go's net.ParseIP (netip.ParseAddr without zones), which decides whether an alternative name becomes an IP SAN.
 * Node's net.isIP differs on edge cases (zones, leading zeros), and we need the bytes anyway.
 */

/** The 16-byte form (IPv4 as ::ffff:a.b.c.d), or undefined when Go would return nil. */
export function parseGoIp(s: string): Uint8Array | undefined {
  for (const ch of s) {
    if (ch === '.') return mapV4(parseV4(s));
    if (ch === ':') return parseV6(s);
    if (ch === '%') return undefined;
  }
  return undefined;
}

/** The bytes Go puts in an iPAddress SAN: 4 for IPv4 and IPv4-mapped addresses, else 16 (net.IP.To4). */
export function sanBytes(ip: Uint8Array): Uint8Array {
  const mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return mapped ? ip.slice(12) : ip;
}

function mapV4(v4: number[] | undefined): Uint8Array | undefined {
  return v4 && Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4);
}

function parseV4(s: string): number[] | undefined {
  const fields = s.split('.');
  if (fields.length !== 4) return undefined;
  const out: number[] = [];
  for (const f of fields) {
    // One to three digits, no leading zero, at most 255.
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(f)) return undefined;
    const v = Number(f);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

function parseV6(s: string): Uint8Array | undefined {
  if (s.includes('%')) return undefined; // zones are parsed by netip but rejected by net.ParseIP
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return ip;
  }
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) return undefined;
    const group = m[0];
    // An embedded IPv4 address may end the string when at least four bytes remain.
    if (rest[group.length] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseV4(rest);
      if (!v4) return undefined;
      ip.set(v4, i);
      i += 4;
      rest = '';
      break;
    }
    if (rest.length > group.length && /^[0-9a-fA-F]/.test(rest.slice(group.length))) return undefined;
    const v = parseInt(group, 16);
    ip[i] = v >> 8;
    ip[i + 1] = v & 0xff;
    i += 2;
    rest = rest.slice(group.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    ip.copyWithin(ellipsis + n, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined; // `::` must stand for at least one group
  }
  return ip;
}
