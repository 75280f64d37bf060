import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FileCheck } from './case-types.js';
import { diffText, indent } from './diff.js';
import { lexists } from './materialize.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export const bytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `release-index`: `format-version` equals `format_version` (as a string), every `builds` key is a UUID, and the
 * sorted `builds.*.version` strings equal `expected_versions`. Beyond the README, two layout checks: keys are
 * sorted, and with UUIDs blanked the file has the same lines as the recorded `raw` example, in any order — that
 * pins indentation and go-yaml's quoting of versions like "10.1" without depending on the random keys.
 */
export function checkReleaseIndex(
  actual: string,
  check: Pick<FileCheck, 'expected_versions' | 'format_version'>,
  raw: string | undefined,
): string[] {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = parse(actual);
  } catch (e) {
    return [`not valid YAML: ${(e as Error).message}`];
  }
  if (!isRecord(doc)) return [`not a YAML map:\n${indent(actual)}`];
  const fv = doc['format-version'];
  if (fv !== check.format_version) {
    problems.push(
      `format-version is ${JSON.stringify(fv)}, expected ${JSON.stringify(check.format_version)}`,
    );
  }
  const builds = doc.builds;
  if (!isRecord(builds)) return [...problems, `builds is not a map:\n${indent(actual)}`];
  const keys = Object.keys(builds);
  const badKeys = keys.filter((k) => !UUID.test(k));
  if (badKeys.length > 0) problems.push(`builds keys that are not UUIDs: ${badKeys.join(', ')}`);
  if (keys.join('\n') !== [...keys].sort(bytewise).join('\n')) problems.push('builds keys are not sorted');
  const versions = keys.map((k) => {
    const b = builds[k];
    return isRecord(b) && typeof b.version === 'string' ? b.version : `<not a string: ${JSON.stringify(b)}>`;
  });
  const got = [...versions].sort(bytewise);
  const want = check.expected_versions ?? [];
  if (got.join('\n') !== want.join('\n')) {
    problems.push(
      `versions differ (sorted, - expected + actual):\n${indent(diffText(want.join('\n'), got.join('\n')))}`,
    );
  }
  if (raw !== undefined && problems.length === 0) {
    const lines = (t: string): string =>
      t.replace(UUID_ANYWHERE, '<UUID>').split('\n').sort(bytewise).join('\n');
    const d = diffText(lines(raw), lines(actual));
    if (d !== '')
      problems.push(`layout differs from the recorded example (UUIDs blanked, lines sorted):\n${indent(d)}`);
  }
  return problems;
}

/** Compares expected bytes with actual ones, as a text diff when they differ. */
export function compareText(label: string, expected: Buffer, actual: Buffer): string[] {
  if (expected.equals(actual)) return [];
  const d = diffText(expected.toString('utf8'), actual.toString('utf8'));
  return [
    `${label} differs (- expected + actual):\n${indent(d === '' ? '(only in bytes that are not valid UTF-8)' : d)}`,
  ];
}

export function readIfFile(path: string): Buffer | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

export function checkAbsent(paths: readonly string[]): string[] {
  return paths.filter((p) => lexists(p)).map((p) => `${p} exists but must be absent`);
}

export function checkPresent(paths: readonly string[]): string[] {
  return paths.filter((p) => !lexists(p)).map((p) => `${p} is missing but must be present`);
}

/** A shell-like glob (`*`, `?` within one path segment; any name, dotfiles too) -> matching paths. */
export function globPaths(pattern: string): string[] {
  const parts = pattern.split('/');
  let found = [parts[0] === '' ? '/' : (parts[0] ?? '')];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    if (!/[*?]/.test(part)) {
      found = found.map((d) => join(d, part)).filter((p) => lexists(p));
      continue;
    }
    const re = new RegExp(
      `^${part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    found = found.flatMap((d) => {
      try {
        return readdirSync(d)
          .filter((n) => re.test(n))
          .map((n) => join(d, n));
      } catch {
        return [];
      }
    });
  }
  return found;
}

/** `count`: glob -> number of regular files. */
export function checkCount(pattern: string, label: string, want: number): string[] {
  const files = globPaths(pattern).filter((p) => lstatSync(p).isFile());
  return files.length === want ? [] : [`count ${label}: ${files.length} regular files, expected ${want}`];
}
