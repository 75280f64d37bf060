import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, readJson, type TarballListing } from './case-types.js';

// For the harness' own tests: a dev release tarball of the `minimal` fixture built the way README §6–7 describe
// (GNU tar of staging dirs), matching the corpus recording of minimal/standard 01-create-dev.
export const REC = join(CORPUS, 'expected/minimal/standard/01-create-dev');
export const listing = readJson(join(REC, 'tarball-dev.tgz.json')) as TarballListing;
export const recordedMf = readFileSync(join(REC, 'tarball-dev.tgz.release.MF'));
const fixture = join(CORPUS, 'fixtures/minimal');

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export const normalizeMf = (t: string): string =>
  t.replace(
    /sha256:[0-9a-f]{64}/g,
    'sha256:<ARCHIVE-DIGEST------------------------------------------------>',
  );

export function dir(path: string, mode = 0o755): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  return path;
}

export function file(path: string, content: string | Buffer, mode = 0o644): void {
  writeFileSync(path, content);
  chmodSync(path, mode);
}

function tgz(out: string, cwd: string, members: string[]): Buffer {
  execFileSync('tar', ['-czf', out, '-C', cwd, ...members]);
  return readFileSync(out);
}

export interface FakeRelease {
  /** `<base>/out/dev.tgz` */
  tarball: string;
  /** release.MF with the real archive digests */
  mf: string;
  /** archive digest -> archive */
  archives: Map<string, Buffer>;
}

/** Builds job hello and package empty (README §6) under `base`, then the release tarball (§7) in `order`. */
export function buildMinimal(base: string, opts: { jobMfMode?: number; order?: string[] } = {}): FakeRelease {
  dir(base);
  const job = dir(join(base, 'job'));
  file(join(job, 'job.MF'), readFileSync(join(fixture, 'jobs/hello/spec')), opts.jobMfMode ?? 0o644);
  file(join(job, 'monit'), '');
  const pkg = dir(join(base, 'pkg'));
  file(join(pkg, 'packaging'), readFileSync(join(fixture, 'packages/empty/packaging')));
  const hello = tgz(join(base, 'hello.tgz'), job, ['.']);
  const empty = tgz(join(base, 'empty.tgz'), pkg, ['.']);
  const digests = [`sha256:${sha256(hello)}`, `sha256:${sha256(empty)}`];
  let i = 0;
  const mf = recordedMf.toString().replace(/sha256:<ARCHIVE-DIGEST-+>/g, () => digests[i++] ?? '');
  const outer = dir(join(base, 'outer'));
  file(join(outer, 'release.MF'), mf);
  file(join(dir(join(outer, 'jobs')), 'hello.tgz'), hello, 0o600);
  file(join(dir(join(outer, 'packages')), 'empty.tgz'), empty, 0o600);
  const tarball = join(dir(join(base, 'out')), 'dev.tgz');
  tgz(tarball, outer, opts.order ?? ['release.MF', 'jobs', 'packages']);
  const archives = new Map([
    [digests[0] ?? '', hello],
    [digests[1] ?? '', empty],
  ]);
  return { tarball, mf, archives };
}
