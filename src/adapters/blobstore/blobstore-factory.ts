import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { toError } from '../../base/errors.js';
import type { Blobstore, BlobstoreConfig, ReleaseBlobstoreFactory } from '../../ports/blobstore.js';
import { LocalBlobstore, type ProviderBlobstore } from './local-blobstore.js';
import { ErrBlobstore, VerifyingBlobstore } from './verifying-blobstore.js';

export interface ProviderSettings {
  /** New blob ids; random UUID v4 by default. */
  readonly newId: () => string;
}

/** Builds a provider from its options, throwing bosh's validation error when they are wrong. */
export type ProviderConstructor = (
  options: Readonly<Record<string, unknown>>,
  releaseDir: string,
  settings: ProviderSettings,
) => ProviderBlobstore;

/** `provider: local, options: {blobstore_path}`; a relative path is resolved against the release directory. */
const local: ProviderConstructor = (options, releaseDir, settings) => {
  if (!Object.hasOwn(options, 'blobstore_path')) throw new Error('missing blobstore_path');
  const path = options['blobstore_path'];
  if (typeof path !== 'string') throw new Error('blobstore_path must be a string');
  return new LocalBlobstore(isAbsolute(path) ? path : join(releaseDir, path), settings.newId);
};

/** The release blobstore providers by `provider` name (bosh-cli also knows s3 and gcs). */
export const RELEASE_BLOBSTORE_PROVIDERS: ReadonlyMap<string, ProviderConstructor> = new Map([
  ['local', local],
]);

export interface ReleaseBlobstoreFactoryOptions {
  readonly newId?: () => string;
  /** Attempts per get/put (bosh: 3). */
  readonly tries?: number;
  readonly providers?: ReadonlyMap<string, ProviderConstructor>;
}

/** bosh-cli releasedir Provider.newBlobstore: configuration errors are deferred to the first use (ErrBlobstore). */
export function makeReleaseBlobstoreFactory(
  options: ReleaseBlobstoreFactoryOptions = {},
): ReleaseBlobstoreFactory {
  const providers = options.providers ?? RELEASE_BLOBSTORE_PROVIDERS;
  const settings: ProviderSettings = { newId: options.newId ?? randomUUID };
  return (config: BlobstoreConfig, releaseDir: string): Blobstore => {
    const construct = providers.get(config.provider);
    if (!construct) return new ErrBlobstore(new Error('Expected release blobstore to be configured'));
    try {
      return new VerifyingBlobstore(construct(config.options, releaseDir, settings), options.tries);
    } catch (e) {
      return new ErrBlobstore(toError(e));
    }
  };
}

export const createReleaseBlobstore: ReleaseBlobstoreFactory = makeReleaseBlobstoreFactory();
