import type { InnerEntry, TarballListing } from './case-types.js';
import { bytewise, compareText } from './compare-files.js';
import { diffLines, indent } from './diff.js';
import { describeEntry, isGzip, readTar, type TarEntry } from './tar-read.js';

/**
 * The position README §7 fixes for an outer member: release.MF, jobs/, jobs/*.tgz, packages/, packages/*.tgz,
 * license.tgz, LICENSE*, NOTICE*. Order within a group is readdir order and not significant.
 */
export function memberRank(name: string): number {
  if (name === 'release.MF') return 0;
  if (name === 'jobs/') return 1;
  if (name.startsWith('jobs/')) return 2;
  if (name === 'packages/') return 3;
  if (name.startsWith('packages/')) return 4;
  if (name === 'license.tgz') return 5;
  if (name.startsWith('LICENSE')) return 6;
  if (name.startsWith('NOTICE')) return 7;
  return 8;
}

/** Problems with the order of `names`: each member whose group comes before the previous member's group. */
export function checkMemberOrder(names: readonly string[]): string[] {
  const bad: string[] = [];
  names.forEach((name, i) => {
    const prev = i > 0 ? names[i - 1] : undefined;
    if (prev !== undefined && memberRank(name) < memberRank(prev)) bad.push(`${name} after ${prev}`);
  });
  return bad.length === 0
    ? []
    : [`member order breaks README §7 (${bad.join('; ')}); actual order: ${names.join(', ')}`];
}

export function entryLine(e: InnerEntry, withContent = true): string {
  let line = `${e.name} ${e.type} ${e.mode}`;
  if (withContent && e.size !== undefined) {
    line += ` size=${e.size} sha1=${String(e.sha1)} sha256=${String(e.sha256)}`;
  }
  if (e.linkname !== undefined) line += ` -> ${e.linkname}`;
  return line;
}

const byName = (a: InnerEntry, b: InnerEntry): number => bytewise(a.name, b.name);

async function compareInner(
  member: string,
  expected: readonly InnerEntry[],
  data: Buffer,
): Promise<string[]> {
  if (!isGzip(data)) return [`${member} is not gzip-compressed`];
  let entries: TarEntry[];
  try {
    entries = await readTar(data);
  } catch (e) {
    return [`${member} cannot be read as tar: ${(e as Error).message}`];
  }
  const want = [...expected].sort(byName).map((e) => entryLine(e));
  const got = entries
    .map(describeEntry)
    .sort(byName)
    .map((e) => entryLine(e));
  const d = diffLines(want, got);
  return d === ''
    ? []
    : [`${member}: inner entries differ (sorted by name, - expected + actual):\n${indent(d)}`];
}

export interface TarballComparison {
  problems: string[];
  members: TarEntry[];
}

/**
 * README §7: member order where fixed, the member set (name/type/mode, plus size and digests of deterministic
 * members), each inner `.tgz` entry set (owner, group, mtime ignored), and the normalized release.MF.
 */
export async function compareTarball(
  label: string,
  buf: Buffer,
  listing: TarballListing,
  expectedMf: Buffer,
  normalizeMf: (text: string) => string,
): Promise<TarballComparison> {
  if (!isGzip(buf)) return { problems: [`${label} is not gzip-compressed`], members: [] };
  let members: TarEntry[];
  try {
    members = await readTar(buf);
  } catch (e) {
    return { problems: [`${label} cannot be read as tar: ${(e as Error).message}`], members: [] };
  }
  const problems = checkMemberOrder(members.map((m) => m.name)).map((p) => `${label}: ${p}`);
  const expectedByName = new Map(listing.members.map((m) => [m.name, m]));
  const want = [...listing.members].sort(byName).map((m) => entryLine(m, m.deterministic === true));
  const got = members
    .map(describeEntry)
    .sort(byName)
    .map((m) => entryLine(m, expectedByName.get(m.name)?.deterministic === true));
  const d = diffLines(want, got);
  if (d !== '')
    problems.push(`${label}: members differ (sorted by name, - expected + actual):\n${indent(d)}`);
  for (const m of members) {
    const inner = expectedByName.get(m.name)?.inner;
    if (inner !== undefined) problems.push(...(await compareInner(`${label} ${m.name}`, inner, m.data)));
  }
  const mf = members.find((m) => m.name === 'release.MF');
  if (mf !== undefined) {
    const actual = Buffer.from(normalizeMf(mf.data.toString('utf8')));
    problems.push(...compareText(`${label} release.MF (normalized)`, expectedMf, actual));
  }
  return { problems, members };
}
