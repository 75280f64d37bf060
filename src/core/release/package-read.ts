import { WrappedError } from '../../base/errors.js';
import { fingerprintOf, type FingerprintFile } from './fingerprint.js';
import { goJoin } from './go-path.js';
import { selectPackageFiles } from './package-files.js';
import { parsePackageSpec, parseSpecLock } from './package-spec.js';
import { missingFileError } from './read-errors.js';
import { exists, type ReleaseSource } from './release-source.js';

/** A package read from `packages/<dir>/`, fingerprinted but not yet archived. */
export interface PackageBuild {
  readonly name: string;
  readonly fingerprint: string;
  /** The spec's (or spec.lock's) dependencies, in their order. */
  readonly dependencies: readonly string[];
  readonly files: readonly FingerprintFile[];
  readonly prepFiles: readonly FingerprintFile[];
  /** Taken from `spec.lock`: nothing else was read, and the archive must come from a final build. */
  readonly fromLock: boolean;
}

export interface PackageTexts {
  /** Content of `spec`, undefined when there is none. */
  readonly spec?: string | undefined;
  /** Content of `spec.lock`, needed when one exists. */
  readonly specLock?: string | undefined;
}

/** bosh-cli's package DirReader.Read, without the caller's `Reading package from '<dir>'`. */
export function readPackage(source: ReleaseSource, dirName: string, texts: PackageTexts): PackageBuild {
  const packageDir = goJoin(source.dir, 'packages', dirName);
  const lockPath = goJoin(packageDir, 'spec.lock');
  if (exists(source, lockPath)) {
    let lock;
    try {
      if (texts.specLock === undefined) {
        throw missingFileError(`Reading package spec lock '${lockPath}'`, lockPath);
      }
      lock = parseSpecLock(texts.specLock);
    } catch (e) {
      throw new WrappedError('Collecting package spec lock', e as Error);
    }
    const { name, fingerprint, dependencies } = lock;
    return { name, fingerprint, dependencies, files: [], prepFiles: [], fromLock: true };
  }

  let collected;
  try {
    const specPath = goJoin(packageDir, 'spec');
    if (texts.spec === undefined) throw missingFileError(`Reading package spec '${specPath}'`, specPath);
    const spec = parsePackageSpec(texts.spec);
    collected = { spec, ...selectPackageFiles(source, packageDir, spec) };
  } catch (e) {
    throw new WrappedError('Collecting package files', e as Error);
  }
  const { spec, files, prepFiles } = collected;
  // The spec itself is not fingerprinted; the dependency names are, as the additional chunk.
  const fingerprint = fingerprintOf(files, { additionalChunks: spec.dependencies });
  return { name: spec.name, fingerprint, dependencies: spec.dependencies, files, prepFiles, fromLock: false };
}
