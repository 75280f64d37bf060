/**
 * IPv4/IPv6 addresses and CIDR blocks with the semantics of BOSH's `IpAddrOrCidr` (a wrapper of Ruby's IPAddr):
 * parsing masks the address to its prefix, `toString` is `base/prefix`, IPv6 is printed the way IPAddr#to_s
 * compresses it. Addresses are bigints so IPv4 and IPv6 share one code path.
 */
import { BoshError } from '../errors.js';

export type IpFamily = 4 | 6;

export interface IpCidr {
  readonly family: IpFamily;
  /** The first address of the block (the address masked to `prefix`). */
  readonly base: bigint;
  readonly prefix: number;
}

export const familyBits = (family: IpFamily): number => (family === 4 ? 32 : 128);
const allOnes = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/** BOSH's message for anything IPAddr refuses (DirectorError unless a caller rewraps it). */
export function invalidIp(input: string): BoshError {
  return new BoshError('DirectorError', `Invalid IP or CIDR format: ${input}`);
}

function parseV4(text: string): bigint | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const octet of m.slice(1)) {
    if (/^0\d/.test(octet) || Number(octet) > 255) return undefined; // IPAddr rejects zero-filled octets
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseGroups(part: string): bigint[] | undefined {
  if (part === '') return [];
  const groups: bigint[] = [];
  const items = part.split(':');
  for (const [i, item] of items.entries()) {
    if (i === items.length - 1 && item.includes('.')) {
      const v4 = parseV4(item);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
      groups.push(BigInt(`0x${item}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 && head.length !== 8) return undefined;
  if (halves.length === 2 && head.length + tail.length > 7) return undefined;
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return undefined;
  const groups = [...head, ...Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!text.includes(':')) return undefined;
  const v6 = parseV6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Prefix length of a contiguous netmask, or undefined. */
function maskToPrefix(mask: bigint, bits: number): number | undefined {
  for (let p = 0; p <= bits; p++) if (prefixMask(p, bits) === mask) return p;
  return undefined;
}

const prefixMask = (prefix: number, bits: number): bigint => allOnes(bits) ^ allOnes(bits - prefix);

/** `IpAddrOrCidr.new(string)`: `a.b.c.d`, `a.b.c.d/len`, `a.b.c.d/mask`, IPv6 likewise. */
export function parseIp(input: string): IpCidr {
  const slash = input.indexOf('/');
  const addrText = slash < 0 ? input : input.slice(0, slash);
  const addr = parseAddress(addrText);
  if (!addr) throw invalidIp(input);
  const bits = familyBits(addr.family);
  let prefix = bits;
  if (slash >= 0) {
    const lenText = input.slice(slash + 1);
    if (/^\d+$/.test(lenText)) {
      prefix = Number(lenText);
      if (prefix > bits) throw invalidIp(input);
    } else {
      const mask = parseAddress(lenText);
      const p = mask && mask.family === addr.family ? maskToPrefix(mask.value, bits) : undefined;
      if (p === undefined) throw invalidIp(input);
      prefix = p;
    }
  }
  return { family: addr.family, base: addr.value & prefixMask(prefix, bits), prefix };
}

/** `IpAddrOrCidr.new(integer)`: a single address, IPv4 when it fits in 32 bits. */
export function ipFromInt(value: bigint, family?: IpFamily): IpCidr {
  const fam: IpFamily = family ?? (value <= allOnes(32) ? 4 : 6);
  return { family: fam, base: value, prefix: familyBits(fam) };
}

export const withPrefix = (ip: IpCidr, prefix: number): IpCidr => ({
  family: ip.family,
  base: ip.base & prefixMask(prefix, familyBits(ip.family)),
  prefix,
});

export const ipCount = (ip: IpCidr): bigint => 1n << BigInt(familyBits(ip.family) - ip.prefix);
export const ipFirst = (ip: IpCidr): bigint => ip.base;
export const ipLast = (ip: IpCidr): bigint => ip.base + ipCount(ip) - 1n;
export const isSingle = (ip: IpCidr): boolean => ip.prefix === familyBits(ip.family);

/** IPAddr#include? (Ruby 3 ipaddr): same family and all of `other` inside this block. */
export function ipIncludes(block: IpCidr, other: IpCidr | bigint): boolean {
  if (typeof other === 'bigint') return other >= ipFirst(block) && other <= ipLast(block);
  return other.family === block.family && other.base >= ipFirst(block) && ipLast(other) <= ipLast(block);
}

export function ipOverlaps(a: IpCidr, b: IpCidr): boolean {
  return ipFirst(a) <= ipLast(b) && ipFirst(b) <= ipLast(a);
}

/** Structural equality (`eql?`): same address, prefix and family. */
export const ipEquals = (a: IpCidr, b: IpCidr): boolean =>
  a.family === b.family && a.base === b.base && a.prefix === b.prefix;

function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
  );
  let text = groups.join(':');
  // IPAddr compresses the leftmost longest run of two or more zero groups.
  for (let run = 8; run >= 2; run--) {
    const zeros = Array<string>(run).fill('0').join(':');
    const re = run === 8 ? new RegExp(`^${zeros}$`) : new RegExp(`\\b${zeros}\\b`);
    if (re.test(text)) {
      text = text.replace(re, run === 8 ? '::' : ':').replace(/:{3,}/, '::');
      break;
    }
  }
  const mapped = /^::(ffff:)?([\da-f]{1,4}):([\da-f]{1,4})$/i.exec(text);
  if (mapped) {
    const hi = parseInt(mapped[2] ?? '0', 16);
    const lo = parseInt(mapped[3] ?? '0', 16);
    text = `::${mapped[1] ?? ''}${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return text;
}

/** The base address without prefix (`base_addr`). */
export function formatAddress(ip: IpCidr | bigint, family?: IpFamily): string {
  const value = typeof ip === 'bigint' ? ip : ip.base;
  const fam = typeof ip === 'bigint' ? (family ?? (value <= allOnes(32) ? 4 : 6)) : ip.family;
  if (fam === 6) return formatV6(value);
  return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
}

/** `IpAddrOrCidr#to_s`: always `base/prefix`, e.g. `10.0.0.5/32`. */
export const formatCidr = (ip: IpCidr): string => `${formatAddress(ip)}/${ip.prefix}`;

/** `formatted_ip_without_prefix_for_single_ips`. */
export const formatShort = (ip: IpCidr): string => (isSingle(ip) ? formatAddress(ip) : formatCidr(ip));

export const compareIp = (a: IpCidr, b: IpCidr): number =>
  a.base < b.base ? -1 : a.base > b.base ? 1 : a.prefix - b.prefix;
