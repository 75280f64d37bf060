export { FsArchiveCache, type FsArchiveCacheOptions } from './archive-cache.js';
export { NodeReleaseTarballReader } from './release-tarball-reader.js';
export { NodeReleaseTarballWriter, type ReleaseTarballWriterOptions } from './release-tarball-writer.js';
export { NodeResourceArchiver, type ResourceArchiverOptions } from './resource-archiver.js';
