import type { FileEntry } from '../../core/release/index.js';
import type { Blobstore, ReleaseBlobstoreFactory } from '../../ports/blobstore.js';
import type { GitRepo } from '../../ports/git-repo.js';
import type {
  ArchiveCache,
  ArchiveTransferReporter,
  ReleaseTarballReader,
  ReleaseTarballWriter,
  ResourceArchiver,
} from '../../ports/release-archive.js';

/** The adapters release commands use; main.ts builds them (lazily: `bosh int` never needs them). */
export interface ReleaseTools {
  /** `~/.bosh/cache`, absolute. */
  readonly cacheDir: string;
  /** `~/.bosh/tmp`, absolute. */
  readonly tempRoot: string;
  gitRepo(dir: string): GitRepo;
  readonly archiver: ResourceArchiver;
  readonly tarballWriter: ReleaseTarballWriter;
  readonly tarballReader: ReleaseTarballReader;
  archiveCache(options: { blobstore?: Blobstore; reporter?: ArchiveTransferReporter }): ArchiveCache;
  readonly blobstore: ReleaseBlobstoreFactory;
  /** FileEntry listing of a directory (undefined when it does not exist). */
  listTree(dir: string, recursive?: boolean): Promise<FileEntry[] | undefined>;
  newUuid(): string;
  now(): Date;
}
