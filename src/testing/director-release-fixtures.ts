import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create } from 'tar';
import { stringify } from 'yaml';

/**
 * Release and stemcell tarballs for the director's task jobs, built with tar the way bosh-cli lays them out:
 * `release.MF`, `jobs/<n>.tgz`, `packages/<n>.tgz` (or `compiled_packages/<n>.tgz`), inner archives with `./`
 * entries. Archives are deterministic (fixed mtime, portable), so the same fixture gives the same digests.
 */

export interface FixturePackage {
  readonly name: string;
  readonly version?: string;
  readonly fingerprint?: string;
  readonly dependencies?: readonly string[];
  /** Files of the archive; default a `packaging` script. */
  readonly files?: Readonly<Record<string, string>>;
  /** Compiled releases: `<os>/<version>`. */
  readonly stemcell?: string;
}

export interface FixtureJob {
  readonly name: string;
  readonly version?: string;
  readonly fingerprint?: string;
  /** Files of the archive; default `job.MF` (name, templates, packages), `monit` and the templates. */
  readonly files?: Readonly<Record<string, string>>;
  readonly packages?: readonly string[];
}

export interface FixtureRelease {
  readonly name: string;
  readonly version: string;
  readonly commitHash?: string;
  readonly uncommittedChanges?: boolean;
  readonly packages?: readonly FixturePackage[];
  readonly jobs?: readonly FixtureJob[];
  /** A compiled release: its packages go to `compiled_packages`. */
  readonly compiled?: boolean;
  /** Archives left out of the tarball (as `upload-release` leaves out packages the director has). */
  readonly omit?: readonly string[];
  /** Replaces recorded digests: `{ 'packages/x': 'abc' }`. */
  readonly digests?: Readonly<Record<string, string>>;
  /** Edits the manifest before it is written (a missing field, a bad value). */
  readonly editManifest?: (manifest: Record<string, unknown>) => Record<string, unknown>;
  /** Writes `release.MF` (default true). */
  readonly withManifest?: boolean;
}

const MTIME = new Date('2024-01-02T03:04:05Z');

async function tgz(cwd: string, out: string, entries: string[]): Promise<void> {
  await create({ file: out, cwd, gzip: true, portable: true, mtime: MTIME }, entries);
}

async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

export async function sha1File(path: string): Promise<string> {
  return createHash('sha1')
    .update(await readFile(path))
    .digest('hex');
}

/** A `.tgz` of `files` with `./`-prefixed entries (a job or package archive). */
export async function innerArchive(
  work: string,
  out: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  const src = await mkdtemp(join(work, 'src-'));
  await writeFiles(src, files);
  await mkdir(dirname(out), { recursive: true });
  await tgz(src, out, ['.']);
  await rm(src, { recursive: true, force: true });
}

export function defaultJobFiles(job: FixtureJob): Record<string, string> {
  const spec = { name: job.name, templates: { 'ctl.erb': 'bin/ctl' }, packages: job.packages ?? [] };
  return {
    'job.MF': stringify(spec),
    monit: `check process ${job.name}\n`,
    'templates/ctl.erb': '#!/bin/bash\n',
  };
}

/** Writes `<work>/<name>-<version>.tgz` and returns its path. */
export async function buildReleaseTarball(work: string, r: FixtureRelease): Promise<string> {
  const stage = await mkdtemp(join(work, 'release-'));
  const folder = r.compiled ? 'compiled_packages' : 'packages';
  const packages = [];
  for (const p of r.packages ?? []) {
    const archive = join(stage, folder, `${p.name}.tgz`);
    await innerArchive(work, archive, p.files ?? { packaging: `# ${p.name}\n` });
    const sha1 = r.digests?.[`${folder}/${p.name}`] ?? (await sha1File(archive));
    if (r.omit?.includes(`${folder}/${p.name}`)) await rm(archive);
    packages.push({
      name: p.name,
      version: p.version ?? `${p.name}-v1`,
      fingerprint: p.fingerprint ?? `${p.name}-fp1`,
      sha1,
      dependencies: [...(p.dependencies ?? [])],
      ...(r.compiled ? { stemcell: p.stemcell ?? 'ubuntu-jammy/1.18' } : {}),
    });
  }
  const jobs = [];
  for (const j of r.jobs ?? []) {
    const archive = join(stage, 'jobs', `${j.name}.tgz`);
    await innerArchive(work, archive, j.files ?? defaultJobFiles(j));
    const sha1 = r.digests?.[`jobs/${j.name}`] ?? (await sha1File(archive));
    if (r.omit?.includes(`jobs/${j.name}`)) await rm(archive);
    jobs.push({
      name: j.name,
      version: j.version ?? `${j.name}-v1`,
      fingerprint: j.fingerprint ?? `${j.name}-fp1`,
      sha1,
      packages: [...(j.packages ?? [])],
    });
  }
  let manifest: Record<string, unknown> = {
    name: r.name,
    version: r.version,
    commit_hash: r.commitHash ?? 'abc1234',
    uncommitted_changes: r.uncommittedChanges ?? false,
    jobs,
    [folder]: packages,
  };
  if (r.editManifest) manifest = r.editManifest(manifest);
  const entries = [folder, 'jobs'];
  await mkdir(join(stage, folder), { recursive: true });
  await mkdir(join(stage, 'jobs'), { recursive: true });
  if (r.withManifest ?? true) {
    await writeFile(join(stage, 'release.MF'), stringify(manifest));
    entries.unshift('release.MF');
  }
  const out = join(work, `${r.name}-${r.version}-${Math.random().toString(36).slice(2)}.tgz`);
  await tgz(stage, out, entries);
  await rm(stage, { recursive: true, force: true });
  return out;
}

export interface FixtureStemcell {
  readonly manifest?: Record<string, unknown> | string;
  readonly image?: string | false;
}

/** A stemcell tarball: `stemcell.MF` (YAML of `manifest`, or the text as is) and `image`. */
export async function buildStemcellTarball(work: string, s: FixtureStemcell = {}): Promise<string> {
  const stage = await mkdtemp(join(work, 'stemcell-'));
  const manifest = s.manifest ?? {
    name: 'bosh-local-ubuntu-go_agent',
    version: '1.0',
    operating_system: 'ubuntu-jammy',
    sha1: 'image-sha1',
    bosh_protocol: 1,
    api_version: 3,
    stemcell_formats: ['local'],
    cloud_properties: { root_device_name: '/dev/sda1' },
  };
  await writeFile(join(stage, 'stemcell.MF'), typeof manifest === 'string' ? manifest : stringify(manifest));
  const entries = ['stemcell.MF'];
  if (s.image !== false) {
    await writeFile(join(stage, 'image'), s.image ?? 'IMAGE');
    entries.push('image');
  }
  const out = join(work, `stemcell-${Math.random().toString(36).slice(2)}.tgz`);
  await tgz(stage, out, entries);
  await rm(stage, { recursive: true, force: true });
  return out;
}
