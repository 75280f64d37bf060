/**
 * The pure release model: file lists, specs, file selection, fingerprints, manifests and indexes, versions
 * and digests, all as bosh-cli 7.9.13 computes and writes them. Adapters bring the file lists and contents.
 */
export { fingerprintModeOf, stagesExecutable } from './file-entry.js';
export type { FileEntry, FileKind, FingerprintMode, ResolvedTarget } from './file-entry.js';
export { compareGoStrings, sortGoStrings } from './go-order.js';
export { VirtualFs } from './vfs.js';
export type { Found, VNode } from './vfs.js';
export { doublestarGlob } from './doublestar-glob.js';
export type { GlobResult } from './doublestar-glob.js';
export { releaseSource, resolveTarget, exists } from './release-source.js';
export type { ReleaseSource } from './release-source.js';

export {
  additionalChunk,
  fingerprintChunks,
  fingerprintFromChunks,
  fingerprintOf,
  sha256Hex,
} from './fingerprint.js';
export type { FingerprintFile, FingerprintOptions } from './fingerprint.js';
export { stagedFiles, stagingFingerprint, verifyStagingFingerprint } from './staging.js';

export { parseJobSpec, jobSpecLinks } from './job-spec.js';
export type { JobSpec, PropertyDefinition } from './job-spec.js';
export { emitSpecLock, parsePackageSpec, parseSpecLock } from './package-spec.js';
export type { PackageSpec, SpecLock } from './package-spec.js';
export { hasPropertiesSchema, selectJobFiles } from './job-files.js';
export { selectPackageFiles } from './package-files.js';
export type { PackageFiles } from './package-files.js';
export { selectLicenseFiles } from './license-files.js';
export { readJob } from './job-read.js';
export type { JobBuild } from './job-read.js';
export { readPackage } from './package-read.js';
export type { PackageBuild, PackageTexts } from './package-read.js';
export { readReleaseDir } from './release-dir.js';
export type { LicenseBuild, ReleaseDirContents } from './release-dir.js';
export { findDependencyCycle, sortPackagesByDependencies } from './package-sort.js';
export type { PackageNode } from './package-sort.js';

export { emitReleaseManifest, releaseManifestValue } from './release-manifest.js';
export type {
  CompiledPackageRef,
  JobRef,
  LicenseRef,
  PackageRef,
  ReleaseManifest,
} from './release-manifest.js';
export { parseReleaseManifest } from './release-manifest-parse.js';
export { emitBuildIndex, findBuild, parseBuildIndex } from './build-index.js';
export type { BuildIndex, BuildIndexEntry } from './build-index.js';
export {
  addRelease,
  emitReleaseIndex,
  parseReleaseIndex,
  releaseIndexVersions,
  releaseManifestPath,
} from './release-index.js';
export type { ReleaseIndex } from './release-index.js';
export {
  blobstoreFromConfig,
  emitFinalConfig,
  parseFinalConfig,
  releaseNameFromConfig,
  withName,
} from './final-config.js';
export type { BlobstoreConfig, FinalConfig } from './final-config.js';
export { INITIAL_BLOBS_INDEX, emitBlobsIndex, parseBlobsIndex } from './blobs-index.js';
export type { Blob } from './blobs-index.js';

export {
  compareSegments,
  compareVersions,
  formatSegment,
  formatVersion,
  incrementPostRelease,
  incrementRelease,
  incrementSegment,
  parseSegment,
  parseVersion,
} from './semi-semantic.js';
export type { SemiSemanticVersion, VersionComponent, VersionSegment } from './semi-semantic.js';
export { latestDevOrFinal, lastVersion, nextDevVersion, nextFinalVersion } from './release-versions.js';
export type { NextDevOptions } from './release-versions.js';
