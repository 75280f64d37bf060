import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { goPathError } from '../../adapters/fs/go-os-error.js';
import {
  emitReleaseManifest,
  latestDevOrFinal,
  parseReleaseManifest,
  releaseNameFromConfig,
  type ReleaseManifest,
} from '../../core/release/index.js';
import type { TarballResource } from '../../ports/release-archive.js';
import { matchPackages, uploadReleaseFile } from '../director-client/api-releases.js';
import type { Director } from '../director-client/director.js';
import type { Ui } from '../ui/ui.js';
import { createRelease, type CreatedRelease } from './create-release.js';
import { IndexReporter } from './index-reporter.js';
import { readFinalConfig } from './release-config.js';
import { releaseFromManifest } from './release-from-manifest.js';
import { ReleaseIndexStore } from './release-index-store.js';
import type { ReleaseTools } from './release-tools.js';

/** A release ready to be written as a tarball: its manifest and where its archives are. */
export interface UploadableRelease {
  readonly manifest: ReleaseManifest;
  readonly compiled: boolean;
  readonly jobs: readonly TarballResource[];
  readonly packages: readonly TarballResource[];
  readonly compiledPackages: readonly TarballResource[];
  readonly license: { readonly archivePath: string } | undefined;
  cleanUp(): Promise<void>;
}

export interface ReleaseSource {
  /** The URL argument: empty (the latest release of `dir`), a file, a directory, `http(s)://` or a git URL. */
  readonly url: string;
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly parallel: number;
}

export const isRemote = (url: string): boolean => url.startsWith('https://') || url.startsWith('http://');
export const isGit = (url: string): boolean =>
  url.startsWith('git://') || url.startsWith('git+') || url.startsWith('git@');

/** A release built by create-release (dev manifests have no compiled packages). */
export function uploadableOf(created: CreatedRelease): UploadableRelease {
  const { built } = created;
  return {
    manifest: created.manifest,
    compiled: false,
    jobs: built.jobs.map((j) => ({ name: j.name, archivePath: j.archive.path, fingerprint: j.fingerprint })),
    packages: built.packages.map((p) => ({
      name: p.name,
      archivePath: p.archive.path,
      fingerprint: p.fingerprint,
    })),
    compiledPackages: [],
    license: built.license ? { archivePath: built.license.archive.path } : undefined,
    cleanUp: () => Promise.resolve(),
  };
}

/**
 * The release behind a local source (bosh-cli UploadReleaseCmd.uploadFile): a `.yml` release manifest of `dir`, a
 * tarball, a release directory (created first, as a timestamped dev release, like a manifest's `version: create`),
 * or with no path the given (or latest dev or final) release of `dir`.
 */
export async function readLocalRelease(
  s: ReleaseSource,
  tools: ReleaseTools,
  ui: Ui,
): Promise<UploadableRelease> {
  const path = s.url.startsWith('file://') ? s.url.slice('file://'.length) : s.url;
  if (path === '')
    return uploadableOf(await releaseFromManifest(await findReleaseManifest(s, tools, ui), s.dir, tools, ui));
  if (path.endsWith('.yml')) return uploadableOf(await releaseFromManifest(path, s.dir, tools, ui));
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    throw goPathError('stat', path, e);
  }
  if (isDir) {
    const created = await createRelease(
      { dir: path, timestampVersion: true, force: true, final: false, parallel: s.parallel },
      tools,
      ui,
    );
    return uploadableOf(created);
  }
  const tarball = await tools.tarballReader.read(path);
  const parsed = parseReleaseManifest(tarball.manifestText);
  const compiledPackages = parsed.compiledPackages ?? [];
  // Release.Manifest(): each resource's version is its fingerprint.
  const manifest: ReleaseManifest = {
    ...parsed,
    jobs: parsed.jobs.map((j) => ({ ...j, version: j.fingerprint })),
    packages: parsed.packages.map((p) => ({ ...p, version: p.fingerprint })),
    ...(compiledPackages.length > 0
      ? { compiledPackages: compiledPackages.map((p) => ({ ...p, version: p.fingerprint })) }
      : {}),
    ...(parsed.license ? { license: { ...parsed.license, version: parsed.license.fingerprint } } : {}),
  };
  return {
    manifest,
    compiled: compiledPackages.length > 0,
    jobs: parsed.jobs.map((j) => ({
      name: j.name,
      archivePath: tarball.jobArchive(j.name),
      fingerprint: j.fingerprint,
    })),
    packages: parsed.packages.map((p) => ({
      name: p.name,
      archivePath: tarball.packageArchive(p.name),
      fingerprint: p.fingerprint,
    })),
    compiledPackages: compiledPackages.map((p) => ({
      name: p.name,
      archivePath: tarball.compiledPackageArchive(p.name),
      fingerprint: p.fingerprint,
    })),
    license: tarball.licenseArchive !== undefined ? { archivePath: tarball.licenseArchive } : undefined,
    cleanUp: () => tarball.cleanUp(),
  };
}

/** releasedir FindRelease: `--version` among the final releases, else the latest dev or final one. */
async function findReleaseManifest(s: ReleaseSource, tools: ReleaseTools, ui: Ui): Promise<string> {
  const reporter = new IndexReporter(ui);
  const dev = new ReleaseIndexStore('dev', join(s.dir, 'dev_releases'), reporter, () => tools.newUuid());
  const final = new ReleaseIndexStore('final', join(s.dir, 'releases'), reporter, () => tools.newUuid());
  let name = s.name;
  if (name === '') {
    const { config, path } = await readFinalConfig(s.dir);
    name = releaseNameFromConfig(config, path);
  }
  if (s.version !== '') return final.manifestPath(name, s.version);
  const latest = latestDevOrFinal(await dev.lastVersion(name), await final.lastVersion(name));
  if (!latest) throw new Error('Expected to find at least one dev or final version');
  return (latest.kind === 'final' ? final : dev).manifestPath(name, latest.version);
}

export interface UploadFlags {
  readonly rebase: boolean;
  readonly fix: boolean;
}

/**
 * UploadReleaseCmd.uploadRelease: without `--fix`, the packages the director already has are left out of the
 * tarball (POST /packages/matches), which is then written under the temp root, uploaded and removed.
 */
export async function uploadReleaseArchive(
  d: Director,
  release: UploadableRelease,
  f: UploadFlags,
  tools: ReleaseTools,
): Promise<void> {
  try {
    const skip = f.fix ? [] : await matchPackages(d, emitReleaseManifest(release.manifest), release.compiled);
    await mkdir(tools.tempRoot, { recursive: true });
    const dest = join(tools.tempRoot, `bosh-release-${tools.newUuid()}.tgz`);
    const written = await tools.tarballWriter.write(
      {
        manifestText: emitReleaseManifest(release.manifest),
        jobs: release.jobs,
        packages: release.packages,
        compiledPackages: release.compiledPackages,
        ...(release.license ? { license: release.license } : {}),
        skipFingerprints: skip,
      },
      dest,
    );
    try {
      await uploadReleaseFile(d, written.path, written.size, f.rebase, f.fix);
    } finally {
      await rm(written.path, { force: true });
    }
  } finally {
    await release.cleanUp();
  }
}
