import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import type { YamlValue } from '../../base/yaml/value.js';

/**
 * `release.MF` and `dev_releases/<n>/<n>-<v>.yml` (release/manifest.Manifest). The `sha1` fields hold
 * archive digests in whatever form they were recorded (`sha256:<hex>` for new ones, 40-hex legacy SHA-1).
 */
export interface JobRef {
  readonly name: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly sha1: string;
  readonly packages: readonly string[];
}

export interface PackageRef {
  readonly name: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly sha1: string;
  readonly dependencies: readonly string[];
}

export interface CompiledPackageRef extends PackageRef {
  /** The OS and version slug, e.g. `ubuntu-jammy/1.18`. */
  readonly stemcell: string;
}

export interface LicenseRef {
  readonly version: string;
  readonly fingerprint: string;
  readonly sha1: string;
}

export interface ReleaseManifest {
  readonly name: string;
  readonly version: string;
  readonly commitHash: string;
  readonly uncommittedChanges: boolean;
  readonly jobs: readonly JobRef[];
  readonly packages: readonly PackageRef[];
  readonly compiledPackages?: readonly CompiledPackageRef[];
  readonly license?: LicenseRef;
}

/**
 * yaml.v2 Marshal of the manifest struct: fields in declaration order, empty `jobs`, `packages` and
 * `compiled_packages` and a nil `license` omitted, empty string lists as `[]`. 7.9.13 writes no
 * `no_compression`. Quoting (`version: "1"`, `commit_hash: "0865280"`) is the emitter's.
 */
export function emitReleaseManifest(m: ReleaseManifest): string {
  return emitYaml(releaseManifestValue(m));
}

export function releaseManifestValue(m: ReleaseManifest): OrderedYamlMap {
  const doc = new OrderedYamlMap([
    ['name', m.name],
    ['version', m.version],
    ['commit_hash', m.commitHash],
    ['uncommitted_changes', m.uncommittedChanges],
  ]);
  if (m.jobs.length > 0) doc.set('jobs', m.jobs.map(jobValue));
  if (m.packages.length > 0) doc.set('packages', m.packages.map(packageValue));
  const compiled = m.compiledPackages ?? [];
  if (compiled.length > 0) doc.set('compiled_packages', compiled.map(compiledValue));
  if (m.license !== undefined) doc.set('license', resourceValue(m.license));
  return doc;
}

function resourceValue(r: LicenseRef, name?: string): OrderedYamlMap {
  const out = new OrderedYamlMap();
  if (name !== undefined) out.set('name', name);
  out.set('version', r.version);
  out.set('fingerprint', r.fingerprint);
  out.set('sha1', r.sha1);
  return out;
}

const strings = (list: readonly string[]): YamlValue[] => [...list];

function jobValue(j: JobRef): OrderedYamlMap {
  return resourceValue(j, j.name).set('packages', strings(j.packages));
}

function packageValue(p: PackageRef): OrderedYamlMap {
  return resourceValue(p, p.name).set('dependencies', strings(p.dependencies));
}

function compiledValue(p: CompiledPackageRef): OrderedYamlMap {
  return resourceValue(p, p.name).set('stemcell', p.stemcell).set('dependencies', strings(p.dependencies));
}
