import { WrappedError } from '../../base/errors.js';
import { fingerprintOf, type FingerprintFile } from './fingerprint.js';
import { goJoin } from './go-path.js';
import { selectJobFiles } from './job-files.js';
import { parseJobSpec, type JobSpec } from './job-spec.js';
import { missingFileError } from './read-errors.js';
import type { ReleaseSource } from './release-source.js';

/** A job read from `jobs/<dir>/`, fingerprinted but not yet archived. */
export interface JobBuild {
  readonly name: string;
  readonly fingerprint: string;
  /** The spec's `packages`, in spec order. */
  readonly packages: readonly string[];
  readonly spec: JobSpec;
  /** What the archive holds, under these names; symlinks resolved. */
  readonly files: readonly FingerprintFile[];
}

/**
 * bosh-cli's job DirReader.Read for `jobs/<dirName>`. `specText` is the content of its `spec` (undefined
 * when there is none). Errors are bosh-cli's, without the caller's `Reading job from '<dir>'`.
 */
export function readJob(source: ReleaseSource, dirName: string, specText: string | undefined): JobBuild {
  const jobDir = goJoin(source.dir, 'jobs', dirName);
  let spec: JobSpec;
  let files: FingerprintFile[];
  try {
    const specPath = goJoin(jobDir, 'spec');
    if (specText === undefined) throw missingFileError(`Reading job spec '${specPath}'`, specPath);
    spec = parseJobSpec(specText, specPath);
    // The directory name is the last path segment, compared with the spec as is.
    const dirSegment = jobDir.slice(jobDir.lastIndexOf('/') + 1);
    if (dirSegment !== spec.name) {
      throw new Error(`Job directory '${dirSegment}' does not match job name '${spec.name}' in spec`);
    }
    files = selectJobFiles(source, jobDir, spec);
  } catch (e) {
    throw new WrappedError('Collecting job files', e as Error);
  }
  const fingerprint = fingerprintOf(files, { followSymlinks: true });
  return { name: spec.name, fingerprint, packages: spec.packages, spec, files };
}
