import { MultiError, WrappedError } from '../../base/errors.js';
import { fingerprintOf, type FingerprintFile } from './fingerprint.js';
import { compareGoStrings } from './go-order.js';
import { goJoin } from './go-path.js';
import { readJob, type JobBuild } from './job-read.js';
import { selectLicenseFiles } from './license-files.js';
import { readPackage, type PackageBuild } from './package-read.js';
import type { ReleaseSource } from './release-source.js';

export interface LicenseBuild {
  readonly fingerprint: string;
  /** LICENSE* then NOTICE*, as the archive and the release tarball list them. */
  readonly files: readonly FingerprintFile[];
}

/** A release directory read and fingerprinted (release/dir_reader.go): jobs and packages sorted by name. */
export interface ReleaseDirContents {
  readonly jobs: readonly JobBuild[];
  readonly packages: readonly PackageBuild[];
  readonly license: LicenseBuild | undefined;
}

/**
 * bosh-cli's release DirReader.Read. `texts` holds the contents of every `jobs/<d>/spec`,
 * `packages/<d>/spec` and `packages/<d>/spec.lock` by release-relative path. Failures are collected the way
 * bosh-cli collects them and thrown as one MultiError; when any package fails, no package is available to
 * the jobs, which then fail too. The caller wraps it in `Building a release from directory '<dir>'`.
 */
export function readReleaseDir(
  source: ReleaseSource,
  texts: ReadonlyMap<string, string>,
): ReleaseDirContents {
  const errors: Error[] = [];
  let packages: PackageBuild[] = [];
  try {
    packages = readPackages(source, texts);
  } catch (e) {
    errors.push(new WrappedError('Constructing packages from directory', e as Error));
  }
  let jobs: JobBuild[] = [];
  try {
    jobs = readJobs(source, texts, packages);
  } catch (e) {
    errors.push(new WrappedError('Constructing jobs from manifest', e as Error));
  }
  let license: LicenseBuild | undefined;
  try {
    license = readLicense(source);
  } catch (e) {
    const reading = new WrappedError(`Reading license from '${source.dir}'`, e as Error);
    errors.push(new WrappedError('Constructing license from manifest', reading));
  }
  if (errors.length > 0) throw new MultiError(errors);
  return { jobs, packages, license };
}

/**
 * The entries matching `<dir>/*` in filepath.Glob order that stat as directories, or the stat error of
 * those that do not stat at all (bosh-cli reports it in place and goes on).
 */
function subdirs(source: ReleaseSource, dir: string, what: string): (readonly [string, string] | Error)[] {
  const found = source.fs.stat(goJoin(source.dir, dir));
  if (found?.node.kind !== 'dir') return [];
  const out: (readonly [string, string] | Error)[] = [];
  for (const name of source.fs.readdir(found.node)) {
    const path = goJoin(source.dir, dir, name);
    const st = source.fs.stat(path);
    if (st === undefined) {
      const cause = new Error(`stat ${path}: no such file or directory`);
      out.push(new WrappedError(`Reading ${what} from '${path}'`, cause));
    } else if (st.node.kind === 'dir') {
      out.push([name, path]);
    }
  }
  return out;
}

function readPackages(source: ReleaseSource, texts: ReadonlyMap<string, string>): PackageBuild[] {
  const errors: Error[] = [];
  const packages: PackageBuild[] = [];
  for (const item of subdirs(source, 'packages', 'package')) {
    if (item instanceof Error) {
      errors.push(item);
      continue;
    }
    const [name, path] = item;
    try {
      const spec = texts.get(`packages/${name}/spec`);
      const specLock = texts.get(`packages/${name}/spec.lock`);
      packages.push(readPackage(source, name, { spec, specLock }));
    } catch (e) {
      errors.push(new WrappedError(`Reading package from '${path}'`, e as Error));
    }
  }
  for (const pkg of packages) {
    const missing = pkg.dependencies.find((dep) => !packages.some((p) => p.name === dep));
    if (missing !== undefined) {
      errors.push(
        new Error(`Expected to find package '${missing}' since it's a dependency of package '${pkg.name}'`),
      );
    }
  }
  if (errors.length > 0) throw new MultiError(errors);
  return packages.sort((a, b) => compareGoStrings(a.name, b.name));
}

function readJobs(
  source: ReleaseSource,
  texts: ReadonlyMap<string, string>,
  packages: PackageBuild[],
): JobBuild[] {
  const errors: Error[] = [];
  const jobs: JobBuild[] = [];
  for (const item of subdirs(source, 'jobs', 'job')) {
    if (item instanceof Error) {
      errors.push(item);
      continue;
    }
    const [name, path] = item;
    let job: JobBuild;
    try {
      job = readJob(source, name, texts.get(`jobs/${name}/spec`));
    } catch (e) {
      errors.push(new WrappedError(`Reading job from '${path}'`, e as Error));
      continue;
    }
    const missing = job.packages.find((p) => !packages.some((pkg) => pkg.name === p));
    if (missing !== undefined) {
      errors.push(
        new Error(`Expected to find package '${missing}' since it's a dependency of job '${job.name}'`),
      );
      continue;
    }
    jobs.push(job);
  }
  if (errors.length > 0) throw new MultiError(errors);
  return jobs.sort((a, b) => compareGoStrings(a.name, b.name));
}

function readLicense(source: ReleaseSource): LicenseBuild | undefined {
  const files = selectLicenseFiles(source);
  if (files.length === 0) return undefined;
  return { fingerprint: fingerprintOf(files, { modeIncluded: false }), files };
}
