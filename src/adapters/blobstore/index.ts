export {
  createReleaseBlobstore,
  makeReleaseBlobstoreFactory,
  RELEASE_BLOBSTORE_PROVIDERS,
  type ProviderConstructor,
  type ReleaseBlobstoreFactoryOptions,
} from './blobstore-factory.js';
export {
  Digest,
  MultipleDigest,
  parseMultipleDigest,
  sha256File,
  verifyFileDigest,
  type DigestVerifier,
} from './digest.js';
export { LocalBlobstore, type ProviderBlobstore } from './local-blobstore.js';
export { ErrBlobstore, VerifyingBlobstore } from './verifying-blobstore.js';
