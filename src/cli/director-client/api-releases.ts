import { wrapError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { bool, field, list, str } from './json-fields.js';

export interface ReleaseVersion {
  readonly version: string;
  readonly currentlyDeployed: boolean;
  readonly commitHash: string;
  readonly uncommittedChanges: boolean;
}

export interface ReleaseSeries {
  readonly name: string;
  readonly versions: readonly ReleaseVersion[];
}

export interface ReleaseJob {
  readonly name: string;
  readonly fingerprint: string;
  readonly blobstoreId: string;
  readonly sha1: string;
  readonly consumes: unknown;
  readonly provides: unknown;
}

export interface ReleasePackage {
  readonly name: string;
  readonly fingerprint: string;
  readonly blobstoreId: string;
  readonly sha1: string;
  readonly compiledPackages: readonly { stemcell: string; blobstoreId: string; sha1: string }[];
}

/** GET /releases: every release with its versions. */
export async function releaseSeries(d: Director): Promise<ReleaseSeries[]> {
  let r: unknown;
  try {
    r = await d.req.get('/releases');
  } catch (e) {
    throw wrapError(e, 'Finding releases');
  }
  return list(r).map((s) => ({
    name: str(s, 'name'),
    versions: list(s, 'release_versions').map((v) => ({
      version: str(v, 'version'),
      currentlyDeployed: bool(v, 'currently_deployed'),
      commitHash: str(v, 'commit_hash'),
      uncommittedChanges: bool(v, 'uncommitted_changes'),
    })),
  }));
}

/** Whether the director lists `name` with `version` (bosh-cli Client.HasRelease). */
export async function hasReleaseVersion(d: Director, name: string, version: string): Promise<boolean> {
  const series = (await releaseSeries(d)).find((s) => s.name === name);
  return series?.versions.some((v) => v.version === version) ?? false;
}

/** GET /releases/<name>?version=<version>: its jobs and packages. */
export async function releaseContents(
  d: Director,
  name: string,
  version: string,
): Promise<{ jobs: ReleaseJob[]; packages: ReleasePackage[] }> {
  if (name === '') throw new Error('Expected non-empty release name');
  if (version === '') throw new Error('Expected non-empty release version');
  let r: unknown;
  try {
    r = await d.req.get(withQuery(`/releases/${name}`, [['version', version]]));
  } catch (e) {
    throw wrapError(e, `Finding release '${name}/${version}'`);
  }
  return {
    jobs: list(r, 'jobs').map((j) => ({
      name: str(j, 'name'),
      fingerprint: str(j, 'fingerprint'),
      blobstoreId: str(j, 'blobstore_id'),
      sha1: str(j, 'sha1'),
      consumes: field(j, 'consumes') ?? null,
      provides: field(j, 'provides') ?? null,
    })),
    packages: list(r, 'packages').map((p) => ({
      name: str(p, 'name'),
      fingerprint: str(p, 'fingerprint'),
      blobstoreId: str(p, 'blobstore_id'),
      sha1: str(p, 'sha1'),
      compiledPackages: list(p, 'compiled_packages').map((c) => ({
        stemcell: str(c, 'stemcell'),
        blobstoreId: str(c, 'blobstore_id'),
        sha1: str(c, 'sha1'),
      })),
    })),
  };
}

/**
 * The fingerprints of the release's packages the director already has (POST /packages/matches, or
 * /packages/matches_compiled); bosh-cli ignores a failure here and uploads everything.
 */
export async function matchPackages(d: Director, manifestYaml: string, compiled: boolean): Promise<string[]> {
  try {
    const r = await d.req.post(compiled ? '/packages/matches_compiled' : '/packages/matches', manifestYaml, {
      'Content-Type': 'text/yaml',
    });
    return list(r).map((f) => (typeof f === 'string' ? f : ''));
  } catch {
    return [];
  }
}

function uploadQuery(rebase: boolean, fix: boolean): string {
  const query: [string, string][] = [];
  if (rebase) query.push(['rebase', 'true']);
  if (fix) query.push(['fix', 'true']);
  return withQuery('/releases', query);
}

export async function uploadReleaseUrl(
  d: Director,
  url: string,
  sha1: string,
  rebase: boolean,
  fix: boolean,
): Promise<void> {
  if (url === '') throw new Error('Expected non-empty URL');
  const body = goJsonMarshal(sha1 !== '' ? { location: url, sha1 } : { location: url });
  try {
    await d.tasks.postResult(uploadQuery(rebase, fix), {
      body,
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (e) {
    throw wrapError(e, `Uploading remote release '${redactBasicAuth(url)}'`);
  }
}

export async function uploadReleaseFile(
  d: Director,
  file: string,
  size: number,
  rebase: boolean,
  fix: boolean,
): Promise<void> {
  try {
    await d.uploadFile(uploadQuery(rebase, fix), file, size);
  } catch (e) {
    throw wrapError(e, 'Uploading release file');
  }
}

/** DELETE /releases/<name>[?version=][&force=true] → task. */
export async function deleteReleaseOrSeries(
  d: Director,
  name: string,
  version: string,
  force: boolean,
): Promise<void> {
  if (name === '') throw new Error('Expected non-empty release name');
  const query: [string, string][] = [];
  if (version !== '') query.push(['version', version]);
  if (force) query.push(['force', 'true']);
  try {
    await d.tasks.deleteResult(withQuery(`/releases/${name}`, query));
  } catch (e) {
    throw wrapError(e, `Deleting release or series '${name}[/${version}]'`);
  }
}

/** common/util RedactBasicAuth: `https://user:pass@host` → `https://<redacted>:<redacted>@host`. */
export function redactBasicAuth(url: string): string {
  return url.replace(/(https?:\/\/).*:.*@/g, '$1<redacted>:<redacted>@');
}

/**
 * bosh-cli DirectorImpl.HasRelease: the version is listed, and all its packages have sources (or, with a
 * stemcell, a compiled package for it).
 */
export async function hasRelease(
  d: Director,
  name: string,
  version: string,
  stemcell: string | undefined,
): Promise<boolean> {
  if (!(await hasReleaseVersion(d, name, version))) return false;
  let packages: ReleasePackage[];
  try {
    packages = (await releaseContents(d, name, version)).packages;
  } catch (e) {
    throw wrapError(e, `Expected to find release '${name}/${version}'`);
  }
  if (stemcell !== undefined)
    return packages.every((p) => p.compiledPackages.some((c) => c.stemcell === stemcell));
  return packages.every((p) => p.blobstoreId !== '');
}
