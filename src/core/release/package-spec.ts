import { WrappedError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { goStruct } from './go-yaml-composite.js';
import { goSlice, goString, unmarshal } from './go-yaml-struct.js';

/** A package's `spec` (release/pkg/manifest.Manifest in bosh-cli 7.9.13). */
export interface PackageSpec {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** Globs matched under `src/`, then `blobs/`. */
  readonly files: readonly string[];
  readonly excludedFiles: readonly string[];
}

/** `spec.lock`, written by vendor-package: the package is taken as is, by fingerprint. */
export interface SpecLock {
  readonly name: string;
  readonly fingerprint: string;
  readonly dependencies: readonly string[];
}

const specCodec = goStruct('manifest.Manifest', {
  name: goString,
  dependencies: goSlice(goString),
  files: goSlice(goString),
  excluded_files: goSlice(goString),
});

const lockCodec = goStruct('manifest.ManifestLock', {
  name: goString,
  fingerprint: goString,
  dependencies: goSlice(goString),
});

/** Decodes a package spec; errors read `Unmarshalling package spec` (no path, unlike jobs). */
export function parsePackageSpec(text: string): PackageSpec {
  try {
    const m = unmarshal(text, specCodec);
    return { name: m.name, dependencies: m.dependencies, files: m.files, excludedFiles: m.excluded_files };
  } catch (e) {
    throw new WrappedError('Unmarshalling package spec', e as Error);
  }
}

export function parseSpecLock(text: string): SpecLock {
  try {
    return unmarshal(text, lockCodec);
  } catch (e) {
    throw new WrappedError('Unmarshalling package spec lock', e as Error);
  }
}

/** ManifestLock.AsBytes: name, fingerprint, then dependencies only when there are any. */
export function emitSpecLock(lock: SpecLock): string {
  if (lock.name === '') throw new Error('Expected non-empty package name');
  if (lock.fingerprint === '') throw new Error('Expected non-empty package fingerprint');
  const doc = new OrderedYamlMap([
    ['name', lock.name],
    ['fingerprint', lock.fingerprint],
  ]);
  if (lock.dependencies.length > 0) doc.set('dependencies', [...lock.dependencies]);
  return emitYaml(doc);
}
