/**
 * A release blobstore (`config/final.yml` `blobstore:`), as bosh-cli uses it for blobs and final builds: the
 * provider wrapped in digest verification and retries (bosh-utils DigestVerifiableBlobstore + RetryableBlobstore).
 * Errors read as bosh-utils words them, e.g. `Getting blob from inner blobstore:` / `Copying file:` / ...
 */
export interface Blobstore {
  /** Stores a copy of a local file under a new random id (UUID v4) and returns the id. */
  put(sourcePath: string): Promise<string>;
  /**
   * Downloads blob `id` to `destPath` (parent directories are created; an existing file is replaced only once the
   * download is complete and verified). `digest` is any digest string bosh accepts (40-hex SHA-1, `sha256:<hex>`,
   * `sha512:<hex>`, `;`-joined lists: the strongest is checked); a parse error is thrown as is, for the caller to
   * wrap. A mismatch fails with `Checking downloaded blob '<id>':` / `Expected stream to have digest ...`.
   */
  get(id: string, destPath: string, digest?: string): Promise<void>;
  /** Removes the blob; a blob that does not exist is not an error. */
  delete(id: string): Promise<void>;
  exists(id: string): Promise<boolean>;
}

/** `blobstore:` of `config/final.yml`, with `config/private.yml` options already merged over the public ones. */
export interface BlobstoreConfig {
  readonly provider: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Makes the blobstore of a release directory. Like bosh-cli it never throws: a configuration problem (unknown
 * provider, missing `blobstore_path`) comes back as a blobstore whose every call fails with that error, so commands
 * that need no blobstore keep working.
 */
export type ReleaseBlobstoreFactory = (config: BlobstoreConfig, releaseDir: string) => Blobstore;
