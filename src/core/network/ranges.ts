/**
 * `static:` / `reserved:` entries as BOSH's IpUtil reads them: a single address or CIDR, or `first - last`
 * (whitespace around the dash allowed), or a list of those. Unexpanded, a range becomes the minimal list of
 * aligned CIDR blocks covering it; expanded, every single address.
 */
import { BoshError } from '../errors.js';
import { familyBits, ipCount, ipFirst, ipFromInt, ipLast, isSingle, parseIp, type IpCidr } from './ip.js';

export type IpRangeInput = string | readonly string[] | null | undefined;

const invalidRange = (text: string): BoshError =>
  new BoshError('NetworkInvalidIpRangeFormat', `Invalid IP range format: ${text}`);

/** Ruby's String#split('-'): trailing empty fields are dropped. */
function splitDash(text: string): string[] {
  const parts = text.split('-');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((p) => p.trim());
}

/** The smallest list of aligned blocks exactly covering `[first, last]` (`ip_range_to_cidr_list`). */
export function rangeToCidrs(first: IpCidr, last: IpCidr): IpCidr[] {
  const bits = familyBits(first.family);
  const out: IpCidr[] = [];
  let current = first.base;
  while (current <= last.base) {
    let prefix = bits;
    while (prefix > 0) {
      const size = 1n << BigInt(bits - prefix + 1);
      if (current % size !== 0n || current + size - 1n > last.base) break;
      prefix--;
    }
    const block: IpCidr = { family: first.family, base: current, prefix };
    out.push(block);
    current = ipLast(block) + 1n;
  }
  return out;
}

function* expandRange(first: bigint, last: bigint, family: IpCidr['family']): Generator<IpCidr> {
  for (let v = first; v <= last; v++) yield ipFromInt(v, family);
}

function parseEntry(text: string, expanded: boolean): Iterable<IpCidr> {
  const parts = splitDash(text);
  if (parts.length === 1) {
    const ip = parseIp(parts[0] ?? '');
    return expanded ? expandRange(ipFirst(ip), ipLast(ip), ip.family) : [ip];
  }
  if (parts.length !== 2) throw invalidRange(text);
  const first = parseIp(parts[0] ?? '');
  const last = parseIp(parts[1] ?? '');
  if (!isSingle(first) || !isSingle(last)) throw invalidRange(text);
  return expanded ? expandRange(first.base, last.base, first.family) : rangeToCidrs(first, last);
}

/**
 * `each_ip`: every block (or, expanded, every address) named by the entries. Any parse failure surfaces as
 * NetworkInvalidIpRangeFormat carrying the underlying message (e.g. `Invalid IP or CIDR format: x`).
 */
export function eachIp(entries: IpRangeInput, expanded = true): IpCidr[] {
  const list =
    entries === null || entries === undefined ? [] : typeof entries === 'string' ? [entries] : entries;
  const out: IpCidr[] = [];
  try {
    for (const entry of list) for (const ip of parseEntry(entry, expanded)) out.push(ip);
  } catch (e) {
    if (e instanceof BoshError) throw new BoshError('NetworkInvalidIpRangeFormat', e.message);
    throw e;
  }
  return out;
}

/** Number of addresses in a block list (handy for capacity checks). */
export const totalAddresses = (blocks: readonly IpCidr[]): bigint =>
  blocks.reduce((n, b) => n + ipCount(b), 0n);
