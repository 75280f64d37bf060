import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseYaml } from '../../../base/yaml/parse.js';
import type { YamlValue } from '../../../base/yaml/value.js';
import { BoshError, boshError } from '../../../core/errors.js';
import { formatReleaseVersion, parseReleaseVersion } from '../release-version.js';
import { rubyInspectString, rubyToS } from '../../../base/ruby-inspect.js';
import { VALID_ID, entry } from '../ruby-values.js';

/** A package (or compiled package) of an uploaded `release.MF`, normalized as `UpdateRelease#normalize_manifest`. */
export interface ManifestPackage {
  readonly name: string;
  readonly version: string;
  readonly fingerprint: string;
  /** The archive's digest as recorded (`sha1` field: SHA-1 hex or `sha256:<hex>`, possibly `;`-joined). */
  readonly sha1: string;
  readonly dependencies: readonly string[];
  /** Compiled packages only: `<os>/<version>` of the stemcell it was compiled on. */
  readonly stemcell?: string;
}

export interface ManifestJob {
  readonly name: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly sha1: string;
}

export interface UploadedManifest {
  readonly name: string;
  /** Formatted (`1.2-dev` → `1+dev.2`, `01` → `1`). */
  readonly version: string;
  /** The manifest's own values: undefined when absent (the DB then keeps `unknown` / false). */
  readonly commitHash: string | undefined;
  readonly uncommittedChanges: boolean | undefined;
  /** A compiled release (`compiled_packages:`): its packages are the compiled ones. */
  readonly compiled: boolean;
  readonly packages: readonly ManifestPackage[];
  readonly jobs: readonly ManifestJob[];
}

function list(v: YamlValue | undefined): YamlValue[] {
  return Array.isArray(v) ? v : [];
}

function identifier(value: string, label: string): string {
  if (!VALID_ID.test(value)) {
    throw boshError(
      'ValidationInvalidValue',
      `Invalid ${label} in release manifest: ${rubyInspectString(value)}`,
    );
  }
  return value;
}

function dependencies(v: YamlValue | undefined): string[] {
  return list(v).map((d) => rubyToS(d));
}

/**
 * `UpdateRelease#verify_manifest` on an extracted release: `Release manifest not found` (ReleaseManifestNotFound),
 * names/versions of the release, its packages and jobs against `VALID_ID` (ValidationInvalidValue `Invalid package
 * 1 version in release manifest: ""`), and the version format (ReleaseVersionInvalid `Release version invalid: x`).
 */
export async function readUploadedManifest(
  releaseDir: string,
  debug: (line: string) => void,
): Promise<UploadedManifest> {
  const path = join(releaseDir, 'release.MF');
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) throw boshError('ReleaseManifestNotFound', 'Release manifest not found');
  let doc: YamlValue;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new BoshError('DirectorError', `(${path}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const compiled = !!entry(doc, 'compiled_packages');
  const name = rubyToS(entry(doc, 'name'));
  const rawVersion = rubyToS(entry(doc, 'version'));
  const packages = list(entry(doc, compiled ? 'compiled_packages' : 'packages'));
  const jobs = list(entry(doc, 'jobs'));

  identifier(name, 'release name');
  identifier(rawVersion, 'release version');
  const normalizedPackages = packages.map((p, i): ManifestPackage => {
    const stemcell = entry(p, 'stemcell');
    return {
      name: identifier(rubyToS(entry(p, 'name')), `package ${i + 1} name`),
      version: identifier(rubyToS(entry(p, 'version')), `package ${i + 1} version`),
      fingerprint: rubyToS(entry(p, 'fingerprint')),
      sha1: rubyToS(entry(p, 'sha1')),
      dependencies: dependencies(entry(p, 'dependencies')),
      ...(compiled ? { stemcell: rubyToS(stemcell) } : {}),
    };
  });
  const normalizedJobs = jobs.map((j, i): ManifestJob => ({
    name: identifier(rubyToS(entry(j, 'name')), `job ${i + 1} name`),
    version: identifier(rubyToS(entry(j, 'version')), `job ${i + 1} version`),
    fingerprint: rubyToS(entry(j, 'fingerprint')),
    sha1: rubyToS(entry(j, 'sha1')),
  }));

  let version: string;
  try {
    version = formatReleaseVersion(parseReleaseVersion(rawVersion));
  } catch {
    throw boshError('ReleaseVersionInvalid', `Release version invalid: ${rawVersion}`);
  }
  if (version !== rawVersion) debug(`Formatted version '${rawVersion}' => '${version}'`);

  const commitHash = entry(doc, 'commit_hash');
  const uncommitted = entry(doc, 'uncommitted_changes');
  return {
    name,
    version,
    commitHash: commitHash === null || commitHash === undefined ? undefined : rubyToS(commitHash),
    uncommittedChanges: typeof uncommitted === 'boolean' ? uncommitted : undefined,
    compiled,
    packages: normalizedPackages,
    jobs: normalizedJobs,
  };
}
