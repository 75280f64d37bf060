import { join } from 'node:path';
import { toError } from '../../base/errors.js';
import { blobstoreFromConfig } from '../../core/release/index.js';
import type { Blobstore, ReleaseBlobstoreFactory } from '../../ports/blobstore.js';
import { readConfigFile, readFinalConfig } from './release-config.js';

/**
 * The blobstore of a release directory as the blob commands use it (releasedir Provider.newBlobstore over
 * FSConfig.Blobstore): the provider from `config/final.yml`, its options with those of `config/private.yml` laid
 * over them. It never fails itself: a configuration problem (unreadable file, no provider, unknown provider)
 * comes back as a blobstore whose every operation fails with that error, so only commands that touch the
 * blobstore report it.
 */
export async function openReleaseBlobstore(
  releaseDir: string,
  factory: ReleaseBlobstoreFactory,
): Promise<Blobstore> {
  try {
    const { config, path } = await readFinalConfig(releaseDir);
    const privateConfig = await readConfigFile(join(releaseDir, 'config', 'private.yml'));
    const { provider, options } = blobstoreFromConfig(config, path);
    const merged = new Map(options);
    for (const [key, value] of privateConfig?.blobstore.options ?? []) merged.set(key, value);
    return factory({ provider, options: Object.fromEntries(merged) }, releaseDir);
  } catch (e) {
    return failingBlobstore(toError(e));
  }
}

/** bosh-cli ErrBlobstore: every operation fails with the error the blobstore could not be made with. */
export function failingBlobstore(error: Error): Blobstore {
  const fail = (): Promise<never> => Promise.reject(error);
  return { put: fail, get: fail, delete: fail, exists: fail };
}
