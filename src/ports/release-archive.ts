/**
 * Release archives on disk: building job/package/license `.tgz` archives from a release directory, writing and
 * reading release tarballs, and the local archive cache (`~/.bosh/cache`). Formats and error texts follow bosh-cli
 * (`release/resource/archive.go`, `release/archive_writer.go`, `release/archive_reader.go`,
 * `releasedir/index/fs_index_blobs.go`).
 */

/** One fingerprinted file of a job, package or license, as the release reader selected it. */
export interface SourceFile {
  /** Absolute path of the file in the release directory (may be a symlink). */
  readonly sourcePath: string;
  /** Path inside the archive, `/`-separated, without `./` (the fingerprint's relative path, e.g. `job.MF`). */
  readonly name: string;
}

/**
 * A file as it was staged for the archive, which the caller re-fingerprints: the staging copy must have the same
 * fingerprint as the source (`Expected source ('<fp>') and staging ('<fp>') fingerprints to match`).
 */
export interface StagedFile {
  readonly name: string;
  readonly type: 'file' | 'symlink';
  /** Staged permission bits: 0o755 (the source had the owner exec bit) or 0o644; 0o777 for a symlink. */
  readonly mode: number;
  /** `sha256:<hex>` of the content, or of the link target string for a symlink. */
  readonly digest: string;
}

export type ResourceKind = 'job' | 'package' | 'license';

export interface ResourceArchiveRequest {
  /** Jobs follow symlinks (a symlinked template is archived as a regular 0755 file); packages and licenses keep them. */
  readonly kind: ResourceKind;
  readonly name: string;
  readonly files: readonly SourceFile[];
  /** The fingerprint computed from the source files. */
  readonly fingerprint: string;
  /** Recomputes the fingerprint from the staged files (same algorithm and chunks as for the source). */
  readonly stagedFingerprint: (staged: readonly StagedFile[]) => string | Promise<string>;
  /**
   * A package's `pre_packaging`: after staging it runs as `bash -x <script.sourcePath>` in the staging dir with
   * `BUILD_DIR` and `RELEASE_DIR` set, then `script.name` is removed from the staging dir. It must be in `files` too.
   */
  readonly prePackaging?: { readonly script: SourceFile; readonly releaseDir: string };
  /** A plain tar instead of gzip (package spec `no_compression`). */
  readonly noCompression?: boolean;
}

export interface BuiltArchive {
  /** A new temporary file (mode 0600) under the CLI's temp root; the caller moves it (ArchiveCache.add) or removes it. */
  readonly path: string;
  /** `sha256:<hex>` of the archive bytes. */
  readonly digest: string;
  readonly size: number;
}

/** Builds job/package/license archives (`./`-prefixed members, `./` first), bosh-cli `resource.ArchiveImpl.Build`. */
export interface ResourceArchiver {
  build(request: ResourceArchiveRequest): Promise<BuiltArchive>;
}

/** A job, package or compiled package archive to put into a release tarball. */
export interface TarballResource {
  readonly name: string;
  readonly archivePath: string;
  /** Needed only with `skipFingerprints`. */
  readonly fingerprint?: string;
}

export interface ReleaseTarballContent {
  /** `release.MF`, byte for byte. */
  readonly manifestText: string;
  readonly jobs: readonly TarballResource[];
  readonly packages: readonly TarballResource[];
  readonly compiledPackages?: readonly TarballResource[];
  /** `license.tgz`; its `LICENSE*` and `NOTICE*` files are also extracted at the top level. */
  readonly license?: { readonly archivePath: string };
  /** Packages and compiled packages left out (upload-release of packages the director has); the dirs stay. */
  readonly skipFingerprints?: readonly string[];
  /** A plain tar instead of gzip (`no_compression`). */
  readonly noCompression?: boolean;
}

export interface WrittenTarball {
  readonly path: string;
  /** `sha256:<hex>` of the tarball bytes. */
  readonly digest: string;
  readonly size: number;
}

/**
 * Writes a release tarball: `release.MF`, `jobs/`, `jobs/<n>.tgz`, `packages/`, `packages/<n>.tgz`,
 * `compiled_packages/`, `compiled_packages/<n>.tgz`, `license.tgz`, `LICENSE*`, `NOTICE*` (no `./` prefix; a
 * directory only when it has entries; archives 0600). `destPath` is replaced atomically.
 */
export interface ReleaseTarballWriter {
  write(content: ReleaseTarballContent, destPath: string): Promise<WrittenTarball>;
}

/** An extracted release tarball. Paths point into `extractDir`; nothing is read until asked for. */
export interface ReleaseTarball {
  /** The raw `release.MF` (parsing it is the caller's business). */
  readonly manifestText: string;
  readonly extractDir: string;
  /** `<extractDir>/jobs/<name>.tgz` (existence not checked). */
  jobArchive(name: string): string;
  packageArchive(name: string): string;
  compiledPackageArchive(name: string): string;
  /** `<extractDir>/license.tgz` when the tarball has one. */
  readonly licenseArchive: string | undefined;
  /** Removes `extractDir`. */
  cleanUp(): Promise<void>;
}

/** A job/package/license archive extracted into a temp dir (e.g. to read `job.MF` and templates). */
export interface ExtractedArchive {
  readonly dir: string;
  cleanUp(): Promise<void>;
}

export interface ReleaseTarballReader {
  /**
   * Extracts the tarball (gzip'd or plain) into a new temp dir and reads `release.MF`. Failures read
   * `Extracting release:` / ... or `Reading manifest '<path>':` / `Opening file <path>:` / `open ...`.
   */
  read(tarballPath: string): Promise<ReleaseTarball>;
  /** Extracts a job/package/license archive into a new temp dir. */
  extractArchive(archivePath: string): Promise<ExtractedArchive>;
}

/** Progress of cache downloads/uploads (bosh-cli index reporter); `name` is e.g. `c/<fingerprint>`. */
export interface ArchiveTransferReporter {
  downloadStarted(name: string, desc: string): void;
  downloadFinished(name: string, desc: string, failed: boolean): void;
  uploadStarted(name: string, desc: string): void;
  uploadFinished(name: string, desc: string, failed: boolean): void;
}

/**
 * `~/.bosh/cache/<digest>` (mode 0600), optionally backed by the release blobstore (bosh-cli FSIndexBlobs; the dev
 * index uses one without a blobstore, the final index one with it).
 */
export interface ArchiveCache {
  /**
   * The path of a verified local copy of the archive with `digest` (any digest form; the cache file is named by the
   * digest string verbatim), downloading it from the blobstore when it is not cached yet and `blobstoreId` is given.
   */
  get(entry: {
    readonly name: string;
    readonly digest: string;
    readonly blobstoreId?: string;
  }): Promise<string>;
  /**
   * Stores the archive at `path` in the cache unless a file with that digest is there already (`move` renames it
   * instead of copying; the source is then gone either way), and uploads it when the cache has a blobstore.
   */
  add(entry: {
    readonly name: string;
    readonly path: string;
    readonly digest: string;
    readonly move?: boolean;
  }): Promise<{ readonly cachePath: string; readonly blobstoreId?: string }>;
}
