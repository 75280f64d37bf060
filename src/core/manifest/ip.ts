/** IPv4 addresses, CIDR blocks and `a - b` ranges, as BOSH's `IpUtil` / `IpAddrOrCidr` read them. */

/** An inclusive block of addresses; `prefix` is set when it came from CIDR notation (or a single IP: 32). */
export interface IpBlock {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIp(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((o) => OCTET.test(o))) return undefined;
  return parts.reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** `IpAddrOrCidr.new`: `10.0.0.1` or `10.0.0.0/24` (host bits are masked off, as IPAddr does). */
export function parseCidr(s: string): IpBlock | undefined {
  const [addr = '', bits, extra] = s.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (ip === undefined) return undefined;
  const prefix = bits === undefined ? 32 : /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  const first = ip - (ip % size);
  return { first, last: first + size - 1, prefix };
}

export const contains = (outer: IpBlock, ip: number): boolean => ip >= outer.first && ip <= outer.last;
export const overlaps = (a: IpBlock, b: IpBlock): boolean => a.first <= b.last && b.first <= a.last;

/**
 * `IpUtil#each_ip`: a string or list of strings, each an IP, a CIDR or `a - b`; returns the blocks or the
 * `NetworkInvalidIpRangeFormat` message of the first bad entry.
 */
export function parseIpList(value: unknown): { blocks: IpBlock[] } | { error: string } {
  const items = (Array.isArray(value) ? value.flat(Infinity) : [value]).filter((v) => v !== null);
  const blocks: IpBlock[] = [];
  for (const item of items) {
    const text = typeof item === 'string' ? item : String(item);
    const parts = text.split('-').map((s) => s.trim());
    if (parts.length === 1) {
      const block = parseCidr(parts[0] ?? '');
      if (block === undefined) return { error: `Invalid IP or CIDR format: ${parts[0] ?? ''}` };
      blocks.push(block);
    } else if (parts.length === 2) {
      const [a, b] = parts.map((s) => parseCidr(s));
      if (a === undefined) return { error: `Invalid IP or CIDR format: ${parts[0] ?? ''}` };
      if (b === undefined) return { error: `Invalid IP or CIDR format: ${parts[1] ?? ''}` };
      if (a.prefix !== 32 || b.prefix !== 32) return { error: `Invalid IP range format: ${text}` };
      if (a.first <= b.first) blocks.push({ first: a.first, last: b.first, prefix: 32 });
    } else return { error: `Invalid IP range format: ${text}` };
  }
  return { blocks };
}

/** Every single address of the blocks, in order (for static IP lists). */
export function expand(blocks: readonly IpBlock[]): number[] {
  const out: number[] = [];
  for (const b of blocks) for (let ip = b.first; ip <= b.last; ip++) out.push(ip);
  return out;
}
