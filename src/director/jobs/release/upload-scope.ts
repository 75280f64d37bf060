import { join } from 'node:path';
import { BoshError, boshError, type BoshErrorKind } from '../../../core/errors.js';
import type {
  DirectorStore,
  NewReleaseVersion,
  PackageRecord,
  ReleaseVersionRecord,
} from '../../../ports/director-store.js';
import type { TaskContext } from '../../tasks/task-context.js';
import { checkArchive, digestMismatch } from '../archives.js';
import type { UploadedManifest } from './manifest.js';
import type { UploadBlobs } from './upload-blobs.js';

/** What processing an uploaded release works on (inside the release lock). */
export interface UploadScope {
  readonly ctx: TaskContext;
  readonly store: DirectorStore;
  readonly blobs: UploadBlobs;
  readonly releaseDir: string;
  readonly manifest: UploadedManifest;
  readonly name: string;
  /** The version stored: the manifest's, or the next dev version with `--rebase`. */
  readonly version: string;
  readonly fix: boolean;
  /** The version when it was uploaded before (the upload then adds nothing new to it). */
  readonly existingVersion: ReleaseVersionRecord | undefined;
  /** Every package of this release, whatever its version. */
  readonly releasePackages: readonly PackageRecord[];
}

export interface BlobUpdate {
  readonly id: number;
  readonly blobstoreId: string;
  readonly sha1: string;
}

/** What the upload stores once every check passed: one `createVersion`, then blob replacements. */
export interface UploadPlan {
  readonly packages: Array<NewReleaseVersion['packages'][number]>;
  readonly jobs: Array<NewReleaseVersion['jobs'][number]>;
  readonly compiledPackages: Array<NewReleaseVersion['compiledPackages'][number]>;
  readonly packageBlobs: BlobUpdate[];
  readonly jobBlobs: BlobUpdate[];
}

export function emptyPlan(): UploadPlan {
  return { packages: [], jobs: [], compiledPackages: [], packageBlobs: [], jobBlobs: [] };
}

/** `<name>/<version>` as tasks and logs name packages and jobs. */
export const desc = (r: { readonly name: string; readonly version: string }): string =>
  `${r.name}/${r.version}`;

export type ArchiveKind = 'package' | 'compiled package' | 'job';

const ARCHIVE_DIRS: Readonly<Record<ArchiveKind, string>> = {
  package: 'packages',
  'compiled package': 'compiled_packages',
  job: 'jobs',
};

const INVALID_ARCHIVE: Readonly<Record<ArchiveKind, BoshErrorKind>> = {
  package: 'PackageInvalidArchive',
  'compiled package': 'PackageInvalidArchive',
  job: 'JobInvalidArchive',
};

export function archivePath(scope: UploadScope, kind: ArchiveKind, name: string): string {
  return join(scope.releaseDir, ARCHIVE_DIRS[kind], `${name}.tgz`);
}

/**
 * Checks an archive of the upload before it becomes a blob: it must be a readable tarball (`Extracting package
 * 'n/v' archive failed. Check task debug log for details.`, as BOSH's `tar -tf`/`-xf` check words it) and match
 * its digest in `release.MF` (`Package 'n/v' archive does not match its digest in the release manifest: Expected
 * stream to have digest '…' but was '…'`; BOSH stores archives without checking them).
 */
export async function checkUploadedArchive(
  scope: UploadScope,
  kind: ArchiveKind,
  meta: { readonly name: string; readonly version: string; readonly sha1: string },
  alreadyExtracted = false,
): Promise<string> {
  const path = archivePath(scope, kind, meta.name);
  const what = `${kind} '${desc(meta)}'`;
  const problem = alreadyExtracted ? undefined : await checkArchive(path);
  if (problem !== undefined) {
    scope.ctx.debug(`Extracting ${what} archive failed, output: ${problem}`);
    throw boshError(
      INVALID_ARCHIVE[kind],
      `Extracting ${what} archive failed. Check task debug log for details.`,
    );
  }
  if (meta.sha1 !== '') {
    const mismatch = await digestMismatch(path, meta.sha1);
    if (mismatch !== undefined) {
      const capitalized = what.charAt(0).toUpperCase() + what.slice(1);
      throw boshError(
        INVALID_ARCHIVE[kind],
        `${capitalized} archive does not match its digest in the release manifest: ${mismatch}`,
      );
    }
  }
  return path;
}

/** A blob of the upload's own bits for a package or compiled package (after `checkUploadedArchive`). */
export async function blobFromBits(
  scope: UploadScope,
  kind: ArchiveKind,
  meta: { readonly name: string; readonly version: string; readonly sha1: string },
): Promise<{ readonly blobstoreId: string; readonly sha1: string }> {
  const path = await checkUploadedArchive(scope, kind, meta);
  return { blobstoreId: await scope.blobs.put(path), sha1: meta.sha1 };
}

export function directorError(message: string): BoshError {
  return new BoshError('DirectorError', message);
}
