import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import { verifyDigest } from './manifest.js';
import { buildMinimal, dir, file, type FakeRelease } from './fake-release.js';
import { snapshot } from './snapshot.js';

const work = mkdtempSync(join(tmpdir(), 'invariants-test-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
const build = (name: string): FakeRelease => buildMinimal(join(work, name));

describe('verifyDigest', () => {
  const data = Buffer.from('abc');
  const sha1 = 'a9993e364706816aba3e25717850c26c9cd0d89d';
  const sha256 = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('verifies sha256:, bare 40-hex SHA-1 and ;-lists by their strongest member', () => {
    expect(verifyDigest(sha256, data)).toBeUndefined();
    expect(verifyDigest(sha1, data)).toBeUndefined();
    expect(verifyDigest(`${sha1};${sha256}`, data)).toBeUndefined();
    expect(verifyDigest(`${'0'.repeat(40)};${sha256}`, data)).toBeUndefined();
  });

  it('reports a mismatch and an unknown form', () => {
    expect(verifyDigest(`sha256:${'0'.repeat(64)}`, data)).toMatch(
      /does not match the archive \(sha256 ba7816/,
    );
    expect(verifyDigest('md5:900150983cd24fb0d6963f7d28e17f72', data)).toMatch(/unrecognized digest/);
  });
});

describe('checkInvariants on a release directory built alongside a tarball', () => {
  function releaseDir(name: string, b: FakeRelease): { rel: string; home: string } {
    const rel = dir(join(work, name, 'release'));
    const home = dir(join(work, name, 'home'));
    file(join(dir(join(rel, 'dev_releases/minimal')), 'minimal-0+dev.1.yml'), b.mf);
    const cache = dir(join(home, '.bosh/cache'));
    for (const [digest, data] of b.archives) file(join(cache, digest), data, 0o600);
    return { rel, home };
  }
  const ctx = (
    rel: string,
    home: string,
    tarball: string,
    args = ['create-release', '--tarball', tarball],
  ) => ({
    releaseDirs: [rel],
    home,
    args,
    exitCode: 0,
    dirTarball: tarball,
    exactDigests: undefined,
  });

  it('holds for consistent manifests, cache and tarball (1, 2)', async () => {
    const b = build('inv-good');
    const { rel, home } = releaseDir('inv-good', b);
    const after = snapshot([rel], join(work, 'inv-good/out'));
    expect(await checkInvariants(new Map(), after, ctx(rel, home, b.tarball))).toEqual([]);
  });

  it('reports a digest that does not match, a version != fingerprint and a release.MF that differs', async () => {
    const b = build('inv-bad');
    const { rel, home } = releaseDir('inv-bad', b);
    const yml = join(rel, 'dev_releases/minimal/minimal-0+dev.1.yml');
    const [first] = [...b.archives.keys()];
    file(
      yml,
      b.mf.replace(first ?? '', `sha256:${'0'.repeat(64)}`).replace(/version: d581/, 'version: e581'),
    );
    const p = (
      await checkInvariants(new Map(), snapshot([rel], join(work, 'inv-bad/out')), ctx(rel, home, b.tarball))
    ).join('\n');
    expect(p).toMatch(/jobs\/hello: version e581.* != fingerprint d581.*\(invariant 1\)/);
    expect(p).toMatch(/jobs\/hello: archive sha256:0{64} not found \(invariant 1\)/);
    expect(p).toMatch(
      /release\.MF is not byte-identical to dev_releases\/minimal\/minimal-0\+dev\.1\.yml \(invariant 2\)/,
    );
  });

  it('checks final builds against dev builds and the blobstore (4) and the final manifest (3)', async () => {
    const b = build('inv-final');
    const { rel, home } = releaseDir('inv-final', b);
    file(
      join(dir(join(rel, 'config')), 'final.yml'),
      'name: minimal\nblobstore:\n  options:\n    blobstore_path: .blobstore\n',
    );
    const [digest, data] = [...b.archives][0] ?? ['', Buffer.alloc(0)];
    const fp = 'd581d703d1daec73252aad5932980059f075b9c38c4cd497d445acafca0bf7ba';
    const id = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    copyFileSync(join(home, '.bosh/cache', digest), join(dir(join(rel, '.blobstore')), id));
    file(
      join(dir(join(rel, '.dev_builds/jobs/hello')), 'index.yml'),
      `builds:\n  ${fp}:\n    version: ${fp}\n    sha1: ${digest}\nformat-version: "2"\n`,
    );
    const finalIndex = `builds:\n  ${fp}:\n    version: ${fp}\n    blobstore_id: ${id}\n    sha1: ${digest}\nformat-version: "2"\n`;
    file(join(dir(join(rel, '.final_builds/jobs/hello')), 'index.yml'), finalIndex);
    file(
      join(dir(join(rel, 'releases/minimal')), 'minimal-1.yml'),
      b.mf.replace('version: 0+dev.1', 'version: "1"'),
    );
    const args = ['create-release', '--final'];
    const c = { ...ctx(rel, home, b.tarball, args), dirTarball: undefined };
    const out = join(work, 'inv-final/out');
    expect(await checkInvariants(new Map(), snapshot([rel], out), c)).toEqual([]);
    expect(data.length).toBeGreaterThan(0);

    writeFileSync(join(rel, '.blobstore', id), 'corrupt');
    file(
      join(rel, 'releases/minimal/minimal-1.yml'),
      b.mf.replace('uncommitted_changes: false', 'uncommitted_changes: true'),
    );
    const p = (await checkInvariants(new Map(), snapshot([rel], out), c)).join('\n');
    expect(p).toMatch(
      /\.final_builds\/jobs\/hello\/index\.yml d581d703d1da…: digest sha256:\S+ does not match .*\(invariant 4\)/,
    );
    expect(p).toMatch(
      /releases\/minimal\/minimal-1\.yml differs from dev_releases\/minimal\/minimal-0\+dev\.1\.yml beyond the version line \(invariant 3\)/,
    );
  });
});
