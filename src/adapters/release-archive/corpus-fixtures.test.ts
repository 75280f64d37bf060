import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceKind, SourceFile, StagedFile } from '../../ports/release-archive.js';
import { createReleaseBlobstore } from '../blobstore/index.js';
import {
  FsArchiveCache,
  NodeReleaseTarballReader,
  NodeReleaseTarballWriter,
  NodeResourceArchiver,
} from './index.js';

/**
 * Archives built from the corpus fixtures (materialized byte-exact from fixtures.json) against the listings the
 * reference CLI recorded (README §6, §7), and release tarballs written from them and read back.
 */

const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');

interface FixtureFile {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode?: string;
  target?: string;
}
interface FingerprintEntry {
  fingerprint: string;
  chunks?: string[];
  additional_chunk?: string;
}
interface FixtureFingerprints {
  jobs: Record<string, FingerprintEntry>;
  packages: Record<string, FingerprintEntry>;
  license: FingerprintEntry | null;
}
interface Listed {
  name: string;
  type: string;
  mode: string;
  size?: number;
  sha256?: string;
  linkname?: string;
}
interface TarballListing {
  members: (Listed & { inner?: Listed[] })[];
}

const fixtures = JSON.parse(await readFile(join(CORPUS, 'fixtures.json'), 'utf8')) as {
  fixtures: Record<string, { files: FixtureFile[] }>;
};
const fingerprints = JSON.parse(await readFile(join(CORPUS, 'fingerprints.json'), 'utf8')) as Record<
  string,
  FixtureFingerprints
>;

let work: string;
let tempRoot: string;
let archiver: NodeResourceArchiver;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosh-ts-archive-conformance-'));
  tempRoot = join(work, 'home/.bosh/tmp');
  archiver = new NodeResourceArchiver({ tempRoot });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Copies a fixture with its exact modes and symlinks (the corpus copy on disk is read-only and has no links). */
async function materialize(fixture: string, dir: string): Promise<void> {
  const files = fixtures.fixtures[fixture]?.files ?? [];
  await mkdir(dir, { recursive: true });
  for (const f of files) {
    const path = join(dir, f.path);
    if (f.type === 'dir') await mkdir(path, { recursive: true });
    else if (f.type === 'symlink') await symlink(f.target ?? '', path);
    else await writeFile(path, await readFile(join(CORPUS, 'fixtures', fixture, f.path)));
  }
  for (const f of [...files].reverse()) {
    if (f.type !== 'symlink') await chmod(join(dir, f.path), parseInt(f.mode ?? '644', 8));
  }
}

/** README §5, over staged files. */
function fingerprintOf(kind: ResourceKind, staged: readonly StagedFile[], additional: string): string {
  let s = 'v2';
  for (const f of [...staged].sort(byName)) {
    s += f.name + f.digest;
    const excluded =
      kind === 'license' || (kind === 'package' && ['packaging', 'pre_packaging'].includes(f.name));
    if (!excluded) s += f.type === 'symlink' ? 'symlink' : f.mode & 0o111 ? '100755' : '100644';
  }
  return createHash('sha256')
    .update(s + additional, 'utf8')
    .digest('hex');
}

function chunkName(chunk: string): string {
  const match = /^(.*)sha256:[0-9a-f]{64}(100644|100755|symlink)?$/su.exec(chunk);
  if (!match?.[1]) throw new Error(`bad chunk ${chunk}`);
  return match[1];
}

async function sourceFiles(
  kind: ResourceKind,
  name: string,
  chunks: string[],
  dir: string,
): Promise<SourceFile[]> {
  return Promise.all(
    chunks.map(chunkName).map(async (n) => {
      if (kind === 'license') return { name: n, sourcePath: join(dir, n) };
      if (kind === 'job')
        return { name: n, sourcePath: join(dir, 'jobs', name, n === 'job.MF' ? 'spec' : n) };
      if (n === 'packaging' || n === 'pre_packaging')
        return { name: n, sourcePath: join(dir, 'packages', name, n) };
      const inSrc = await lstat(join(dir, 'src', n)).catch(() => undefined);
      return { name: n, sourcePath: join(dir, inSrc ? 'src' : 'blobs', n) };
    }),
  );
}

async function listArchive(path: string): Promise<Listed[]> {
  const entries: Listed[] = [];
  await list({
    file: path,
    onReadEntry: (e) => {
      const item: Listed = {
        name: e.path,
        type: e.type === 'Directory' ? 'dir' : e.type === 'SymbolicLink' ? 'symlink' : 'file',
        mode: ((e.mode ?? 0) & 0o7777).toString(8).padStart(4, '0'),
      };
      if (e.type === 'SymbolicLink') item.linkname = e.linkpath ?? '';
      if (e.type === 'File') {
        const hash = createHash('sha256');
        e.on('data', (c: Buffer) => hash.update(c));
        e.on('end', () => {
          item.size = e.size;
          item.sha256 = hash.digest('hex');
        });
      }
      entries.push(item);
    },
  });
  return entries;
}

/** Only what the reference listing fixes for inner entries. */
function comparable(entries: readonly Listed[]): Listed[] {
  return entries
    .map((e) => {
      const { name, type, mode, size, sha256, linkname } = e;
      const out: Listed = { name, type, mode };
      if (type === 'file') Object.assign(out, { size, sha256 });
      if (type === 'symlink') out.linkname = linkname ?? '';
      return out;
    })
    .sort(byName);
}

function byName(a: { name: string }, b: { name: string }): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}

async function expectedListing(fixture: string): Promise<TarballListing> {
  const path = join(CORPUS, 'expected', fixture, 'standard/01-create-dev/tarball-dev.tgz.json');
  return JSON.parse(await readFile(path, 'utf8')) as TarballListing;
}

interface Built {
  kind: ResourceKind;
  name: string;
  path: string;
}

async function buildFixture(fixture: string, dir: string): Promise<Built[]> {
  const fps = fingerprints[fixture];
  if (!fps) throw new Error(fixture);
  type Todo = [ResourceKind, string, FingerprintEntry];
  const todo: Todo[] = [
    ...Object.entries(fps.jobs).map(([n, e]): Todo => ['job', n, e]),
    ...Object.entries(fps.packages).map(([n, e]): Todo => ['package', n, e]),
    ...(fps.license ? [['license', 'license', fps.license] as Todo] : []),
  ];
  const built: Built[] = [];
  for (const [kind, name, entry] of todo) {
    if (!entry.chunks) continue; // spec.lock packages come from the blobstore
    const files = await sourceFiles(kind, name, entry.chunks, dir);
    const pre = files.find((f) => kind === 'package' && f.name === 'pre_packaging');
    const archive = await archiver.build({
      kind,
      name,
      files,
      fingerprint: entry.fingerprint,
      stagedFingerprint: (staged) => fingerprintOf(kind, staged, entry.additional_chunk ?? ''),
      ...(pre ? { prePackaging: { script: pre, releaseDir: dir } } : {}),
    });
    expect(archive.digest).toBe(
      `sha256:${createHash('sha256')
        .update(await readFile(archive.path))
        .digest('hex')}`,
    );
    built.push({ kind, name, path: archive.path });
  }
  return built;
}

function memberName(b: Built): string {
  return b.kind === 'license' ? 'license.tgz' : `${b.kind === 'job' ? 'jobs' : 'packages'}/${b.name}.tgz`;
}

describe.each(['chain', 'templated', 'unicode', 'minimal', 'blobs', 'vendored'])('fixture %s', (fixture) => {
  let dir: string;
  let built: Built[];
  let listing: TarballListing;
  beforeAll(async () => {
    dir = join(work, `${fixture}-release`);
    await materialize(fixture, dir);
    built = await buildFixture(fixture, dir);
    listing = await expectedListing(fixture);
  });

  it('builds every job, package and license archive with the recorded inner entries', async () => {
    expect(built.length).toBeGreaterThan(0);
    for (const b of built) {
      const expected = listing.members.find((m) => m.name === memberName(b));
      const actual = await listArchive(b.path);
      expect(actual[0]?.name, memberName(b)).toBe('./');
      expect(comparable(actual), memberName(b)).toEqual(comparable(expected?.inner ?? []));
    }
  });

  it('writes the release tarball with the recorded member order and modes', async () => {
    const byKind = (k: ResourceKind): { name: string; archivePath: string }[] =>
      built.filter((b) => b.kind === k).map((b) => ({ name: b.name, archivePath: b.path }));
    const license = built.find((b) => b.kind === 'license');
    const manifestText = await readFile(
      join(CORPUS, 'expected', fixture, 'standard/01-create-dev/tarball-dev.tgz.release.MF'),
      'utf8',
    );
    const dest = join(work, `${fixture}.tgz`);
    // Vendored packages come from the fixture's blobstore with their committed digests (checked on download).
    const packages = [...byKind('package')];
    for (const m of listing.members) {
      const name = /^packages\/(.+)\.tgz$/u.exec(m.name)?.[1];
      if (name !== undefined && !packages.some((p) => p.name === name)) {
        const vendored = await vendoredArchive(dir, fixture, name);
        packages.push({ name, archivePath: vendored });
      }
    }
    await new NodeReleaseTarballWriter().write(
      {
        manifestText,
        jobs: byKind('job'),
        packages,
        ...(license ? { license: { archivePath: license.path } } : {}),
      },
      dest,
    );
    const actual = await listArchive(dest);
    const group = (name: string): string =>
      name.replace(/^(jobs|packages)\/.+\.tgz$/u, '$1/*').replace(/^(LICENSE|NOTICE).*$/u, '$1*');
    const groups = (names: string[]): string[] => names.map(group).filter((g, i, all) => all[i - 1] !== g);
    expect(groups(actual.map((m) => m.name))).toEqual(groups(listing.members.map((m) => m.name)));
    const shape = (m: Listed): Listed => {
      const out: Listed = { name: m.name, type: m.type, mode: m.mode };
      if (!m.name.endsWith('.tgz') && m.name !== 'release.MF' && m.type === 'file')
        out.sha256 = m.sha256 ?? '';
      return out;
    };
    expect(actual.map(shape).sort(byName)).toEqual(listing.members.map(shape).sort(byName));

    const tarball = await new NodeReleaseTarballReader(tempRoot).read(dest);
    try {
      expect(tarball.manifestText).toBe(manifestText);
      for (const m of listing.members.filter((x) => x.inner)) {
        const path = join(tarball.extractDir, m.name);
        expect(comparable(await listArchive(path)), m.name).toEqual(comparable(m.inner ?? []));
      }
    } finally {
      await tarball.cleanUp();
    }
  });
});

/** A vendored package's archive, fetched from the fixture's local blobstore by its committed .final_builds entry. */
async function vendoredArchive(dir: string, fixture: string, name: string): Promise<string> {
  const index = await readFile(join(dir, '.final_builds/packages', name, 'index.yml'), 'utf8');
  const id = /blobstore_id: (\S+)/u.exec(index)?.[1] ?? '';
  const digest = /sha1: (\S+)/u.exec(index)?.[1] ?? '';
  const blobstore = createReleaseBlobstore(
    { provider: 'local', options: { blobstore_path: '.blobstore' } },
    dir,
  );
  const cache = new FsArchiveCache({ cacheDir: join(work, `home-${fixture}/.bosh/cache`), blobstore });
  return cache.get({ name: `${name}/fp`, digest, blobstoreId: id });
}
