import { WrappedError } from '../../base/errors.js';
import { goStruct } from './go-yaml-composite.js';
import { goBool, goPointer, goSlice, goString, unmarshal } from './go-yaml-struct.js';
import type { ReleaseManifest } from './release-manifest.js';

const ref = {
  name: goString,
  version: goString,
  fingerprint: goString,
  sha1: goString,
};

const manifestCodec = goStruct('manifest.Manifest', {
  name: goString,
  version: goString,
  commit_hash: goString,
  uncommitted_changes: goBool,
  jobs: goSlice(goStruct('manifest.JobRef', { ...ref, packages: goSlice(goString) })),
  packages: goSlice(goStruct('manifest.PackageRef', { ...ref, dependencies: goSlice(goString) })),
  compiled_packages: goSlice(
    goStruct('manifest.CompiledPackageRef', { ...ref, stemcell: goString, dependencies: goSlice(goString) }),
  ),
  license: goPointer(
    goStruct('manifest.LicenseRef', { version: goString, fingerprint: goString, sha1: goString }),
  ),
});

/**
 * The Ruby CLI wrote `!binary` where YAML means `!!binary`; bosh-cli fixes exactly these three spellings
 * before parsing, so that digests and versions are base64-decoded (release/manifest/release.go).
 */
const BINARY_FIXES: readonly (readonly [string, string])[] = [
  ['sha1: !binary |-', 'sha1: !!binary |-'],
  ['version: !binary |-', 'version: !!binary |-'],
  ['fingerprint: !binary |-', 'fingerprint: !!binary |-'],
];

function fixBinaryAnnotations(text: string): string {
  let out = text;
  for (const [from, to] of BINARY_FIXES) out = out.split(from).join(to);
  return out;
}

/**
 * Reads a release manifest: a dev or final `.yml`, a `release.MF`, a compiled release's (with
 * `compiled_packages`) or a Ruby-era one. Errors read `Parsing release manifest` over go-yaml's message.
 */
export function parseReleaseManifest(text: string): ReleaseManifest {
  let m;
  try {
    m = unmarshal(fixBinaryAnnotations(text), manifestCodec);
  } catch (e) {
    throw new WrappedError('Parsing release manifest', e as Error);
  }
  return {
    name: m.name,
    version: m.version,
    commitHash: m.commit_hash,
    uncommittedChanges: m.uncommitted_changes,
    jobs: m.jobs,
    packages: m.packages,
    ...(m.compiled_packages.length > 0 ? { compiledPackages: m.compiled_packages } : {}),
    ...(m.license !== undefined ? { license: m.license } : {}),
  };
}
