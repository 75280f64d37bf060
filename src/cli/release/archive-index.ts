import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import {
  type BuildIndex,
  type BuildIndexEntry,
  emitBuildIndex,
  findBuild,
  parseBuildIndex,
} from '../../core/release/index.js';
import type { ArchiveCache } from '../../ports/release-archive.js';
import type { IndexReporter } from './index-reporter.js';
import { readIndexText, writeTextFile } from './release-files.js';

export interface Archive {
  readonly path: string;
  readonly digest: string;
}

/**
 * `.dev_builds/<kind>s/<name>/index.yml` or `.final_builds/...` (releasedir FSIndex): archives by fingerprint, kept in
 * the local cache, and for final builds in the release blobstore.
 */
export class ArchiveIndex {
  constructor(
    private readonly kind: 'job' | 'package' | 'license',
    private readonly dir: string,
    private readonly useSubdir: boolean,
    private readonly final: boolean,
    private readonly reporter: IndexReporter,
    private readonly cache: ArchiveCache,
  ) {}

  async find(name: string, fingerprint: string): Promise<Archive | undefined> {
    const entry = findBuild(await this.entries(name), fingerprint);
    if (!entry) return undefined;
    const path = await this.cache.get({
      name: `${name}/${entry.version}`,
      digest: entry.sha1,
      ...(entry.blobstoreId !== undefined ? { blobstoreId: entry.blobstoreId } : {}),
    });
    return { path, digest: entry.sha1 };
  }

  async add(name: string, fingerprint: string, archive: Archive & { move?: boolean }): Promise<Archive> {
    const entries = await this.entries(name);
    if (findBuild(entries, fingerprint)) {
      throw new Error(
        `Trying to add duplicate index entry '${name}/${fingerprint}' and SHA1 '${archive.digest}'`,
      );
    }
    const desc = `${name}/${fingerprint}`;
    this.reporter.startedAdding(this.kind, desc);
    try {
      const added = await this.cache.add({
        name: desc,
        path: archive.path,
        digest: archive.digest,
        move: archive.move === true,
      });
      const entry: BuildIndexEntry = {
        version: fingerprint,
        sha1: archive.digest,
        ...(this.final && added.blobstoreId !== undefined ? { blobstoreId: added.blobstoreId } : {}),
      };
      await this.save(name, new Map([...entries, [fingerprint, entry]]));
      this.reporter.finishedAdding(this.kind, desc, false);
      return { path: added.cachePath, digest: archive.digest };
    } catch (e) {
      this.reporter.finishedAdding(this.kind, desc, true);
      throw e;
    }
  }

  private indexPath(name: string): string {
    return this.useSubdir ? join(this.dir, name, 'index.yml') : join(this.dir, 'index.yml');
  }

  private async entries(name: string): Promise<BuildIndex> {
    const text = await readIndexText(this.indexPath(name));
    if (text === undefined) return new Map();
    try {
      return parseBuildIndex(text);
    } catch (e) {
      throw wrapError(e, 'Unmarshalling index');
    }
  }

  private async save(name: string, index: BuildIndex): Promise<void> {
    try {
      await writeTextFile(this.indexPath(name), emitBuildIndex(index));
    } catch (e) {
      throw wrapError(e, 'Writing index');
    }
  }
}

export interface ArchiveIndices {
  readonly jobs: ArchiveIndex;
  readonly packages: ArchiveIndex;
  readonly licenses: ArchiveIndex;
}

/** The dev or final indices of a release directory (releasedir/index provider). */
export function archiveIndices(
  releaseDir: string,
  final: boolean,
  reporter: IndexReporter,
  cache: ArchiveCache,
): ArchiveIndices {
  const root = join(releaseDir, final ? '.final_builds' : '.dev_builds');
  return {
    jobs: new ArchiveIndex('job', join(root, 'jobs'), true, final, reporter, cache),
    packages: new ArchiveIndex('package', join(root, 'packages'), true, final, reporter, cache),
    licenses: new ArchiveIndex('license', join(root, 'license'), false, final, reporter, cache),
  };
}
