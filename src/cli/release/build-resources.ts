import { parallelDo } from '../../base/work-pool.js';
import {
  fingerprintOf,
  type FingerprintFile,
  type FingerprintOptions,
  type ReleaseDirContents,
} from '../../core/release/index.js';
import type { ResourceKind, SourceFile, StagedFile } from '../../ports/release-archive.js';
import type { Archive, ArchiveIndex, ArchiveIndices } from './archive-index.js';
import type { ReleaseTools } from './release-tools.js';

/** A job, package or license of the release being made, with its archive once found or built. */
export interface BuiltResource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly fingerprint: string;
  readonly archive: Archive;
}

export interface BuiltRelease {
  readonly jobs: readonly (BuiltResource & { packages: readonly string[] })[];
  readonly packages: readonly (BuiltResource & { dependencies: readonly string[] })[];
  readonly license: BuiltResource | undefined;
}

interface Pending {
  kind: ResourceKind;
  name: string;
  fingerprint: string;
  files: readonly FingerprintFile[];
  options: FingerprintOptions;
  prep: FingerprintFile | undefined;
  /** spec.lock packages exist only as final builds. */
  expectToExist: boolean;
}

/**
 * bosh-cli's release.Build: every job and package (in parallel, `--parallel` workers), then the license, is found in
 * the dev index, else the final index (downloading it), else built, cached and added to the dev index.
 */
export async function buildResources(
  contents: ReleaseDirContents,
  releaseDir: string,
  tools: ReleaseTools,
  dev: ArchiveIndices,
  final: ArchiveIndices,
  parallel: number,
): Promise<BuiltRelease> {
  const archives = new Map<string, Archive>();
  const build = (p: Pending, devIndex: ArchiveIndex, finalIndex: ArchiveIndex) => async (): Promise<void> => {
    archives.set(`${p.kind}/${p.name}`, await buildOne(p, devIndex, finalIndex, releaseDir, tools));
  };
  const jobs: Pending[] = contents.jobs.map((j) => ({
    kind: 'job',
    name: j.name,
    fingerprint: j.fingerprint,
    files: j.files,
    options: { followSymlinks: true },
    prep: undefined,
    expectToExist: false,
  }));
  const packages: Pending[] = contents.packages.map((p) => ({
    kind: 'package',
    name: p.name,
    fingerprint: p.fingerprint,
    files: p.files,
    options: { additionalChunks: p.dependencies },
    prep: p.prepFiles[0],
    expectToExist: p.fromLock,
  }));
  await parallelDo(parallel, [
    ...jobs.map((p) => build(p, dev.jobs, final.jobs)),
    ...packages.map((p) => build(p, dev.packages, final.packages)),
  ]);
  const license = contents.license;
  if (license) {
    const p: Pending = {
      kind: 'license',
      name: 'license',
      fingerprint: license.fingerprint,
      files: license.files,
      options: { modeIncluded: false },
      prep: undefined,
      expectToExist: false,
    };
    await build(p, dev.licenses, final.licenses)();
  }
  const archiveOf = (kind: ResourceKind, name: string): Archive => {
    const archive = archives.get(`${kind}/${name}`);
    if (!archive) throw new Error(`Internal inconsistency: ${kind} '${name}' was not built`);
    return archive;
  };
  return {
    jobs: contents.jobs.map((j) => ({
      kind: 'job',
      name: j.name,
      fingerprint: j.fingerprint,
      archive: archiveOf('job', j.name),
      packages: j.packages,
    })),
    packages: contents.packages.map((p) => ({
      kind: 'package',
      name: p.name,
      fingerprint: p.fingerprint,
      archive: archiveOf('package', p.name),
      dependencies: p.dependencies,
    })),
    license: license
      ? {
          kind: 'license',
          name: 'license',
          fingerprint: license.fingerprint,
          archive: archiveOf('license', 'license'),
        }
      : undefined,
  };
}

async function buildOne(
  p: Pending,
  devIndex: ArchiveIndex,
  finalIndex: ArchiveIndex,
  releaseDir: string,
  tools: ReleaseTools,
): Promise<Archive> {
  const found =
    (await devIndex.find(p.name, p.fingerprint)) ?? (await finalIndex.find(p.name, p.fingerprint));
  if (found) return found;
  if (p.expectToExist) throw new Error(`Expected to find '${p.name}/${p.fingerprint}'`);
  const sources: SourceFile[] = p.files.map((f) => ({ sourcePath: f.path, name: f.name }));
  const excluded = new Set(p.files.filter((f) => f.excludeMode === true).map((f) => f.name));
  const built = await tools.archiver.build({
    kind: p.kind,
    name: p.name,
    files: sources,
    fingerprint: p.fingerprint,
    stagedFingerprint: (staged) =>
      fingerprintOf(
        staged.map((s) => stagedEntry(s, excluded)),
        p.options,
      ),
    ...(p.prep
      ? { prePackaging: { script: { sourcePath: p.prep.path, name: p.prep.name }, releaseDir } }
      : {}),
  });
  return devIndex.add(p.name, p.fingerprint, { path: built.path, digest: built.digest, move: true });
}

function stagedEntry(s: StagedFile, excluded: ReadonlySet<string>): FingerprintFile {
  const sha256 = s.digest.replace(/^sha256:/, '');
  const kind = s.type === 'symlink' ? 'symlink' : (s.mode & 0o111) !== 0 ? 'exec' : 'file';
  return {
    name: s.name,
    path: s.name,
    entry: { path: s.name, kind, sha256, mode: s.mode },
    ...(excluded.has(s.name) ? { excludeMode: true } : {}),
  };
}
