import { formatVersion, parseVersion } from '../../core/release/index.js';

/** `NAME/VERSION` slugs as bosh-cli's director package parses them (`stemcell`, `release`, `OS` in messages). */
export function parseSlug(kind: string, str: string): { name: string; version: string } {
  const pieces = str.split('/');
  if (pieces.length !== 2) throw new Error(`Expected ${kind} '${str}' to be in format 'name/version'`);
  const [name = '', version = ''] = pieces;
  if (name === '') throw new Error(`Expected ${kind} '${str}' to specify non-empty name`);
  if (version === '') throw new Error(`Expected ${kind} '${str}' to specify non-empty version`);
  return { name, version };
}

/** ReleaseOrSeriesSlug: `NAME` or `NAME/VERSION`. */
export function parseReleaseOrSeries(str: string): { name: string; version: string } {
  const pieces = str.split('/');
  if (pieces.length !== 1 && pieces.length !== 2) {
    throw new Error(`Expected release or series '${str}' to be in format 'name' or 'name/version'`);
  }
  const [name = '', version] = pieces;
  if (name === '') throw new Error(`Expected release '${str}' to specify non-empty name`);
  if (version === '') throw new Error(`Expected release '${str}' to specify non-empty version`);
  return { name, version: version ?? '' };
}

/** VersionArg: a semi-semantic version, kept in its canonical spelling. */
export function parseVersionArg(raw: string): string {
  return formatVersion(parseVersion(raw));
}
