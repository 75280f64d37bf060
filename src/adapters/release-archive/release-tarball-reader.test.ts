import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { create } from 'tar';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import {
  innerArchive,
  put,
  release,
  tempRoot,
  useWorkDir,
  work,
} from '../../testing/release-archive-fixtures.js';
import { NodeReleaseTarballReader } from './release-tarball-reader.js';
import { NodeReleaseTarballWriter } from './release-tarball-writer.js';

/** Reading release tarballs: ours, GNU tar's (as bosh-cli writes them), plain ones, compiled releases. */

const run = promisify(execFile);

useWorkDir('bosh-ts-tarball-');
const writer = new NodeReleaseTarballWriter();
let reader: NodeReleaseTarballReader;
beforeEach(() => {
  reader = new NodeReleaseTarballReader(tempRoot);
});

describe('reading', () => {
  it('reads a tarball written by us and hands out member paths', async () => {
    const content = await release();
    const path = join(work, 'r.tgz');
    await writer.write(content, path);
    const tarball = await reader.read(path);
    expect(tarball.manifestText).toBe(content.manifestText);
    expect(dirname(tarball.extractDir)).toBe(tempRoot);
    expect(await readFile(tarball.jobArchive('db'))).toEqual(
      await readFile(content.jobs[1]?.archivePath ?? ''),
    );
    expect(await readFile(tarball.packageArchive('app'))).toEqual(
      await readFile(content.packages[1]?.archivePath ?? ''),
    );
    expect(tarball.licenseArchive).toBe(join(tarball.extractDir, 'license.tgz'));
    expect((await stat(tarball.jobArchive('web'))).mode & 0o777).toBe(0o600);

    const job = await reader.extractArchive(tarball.jobArchive('web'));
    expect(await readFile(join(job.dir, 'job.MF'), 'utf8')).toBe('name: web\n');
    await job.cleanUp();
    await tarball.cleanUp();
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('reads a tarball made by GNU tar, as bosh-cli writes them, and a plain one', async () => {
    const staging = join(work, 'staging');
    await put('staging/release.MF', 'name: gnu\n');
    await put('staging/jobs/web.tgz', await readFile(await innerArchive('web', { 'job.MF': 'web' })));
    await put('staging/packages/app.tgz', await readFile(await innerArchive('app', { packaging: '' })));
    await put('staging/LICENSE', 'l\n');
    await put('staging/license.tgz', await readFile(await innerArchive('license', { LICENSE: 'l\n' })));
    const members = ['release.MF', 'jobs', 'packages', 'license.tgz', 'LICENSE'];
    for (const [file, flags] of [
      ['gnu.tgz', '-czf'],
      ['gnu.tar', '-cf'],
    ] as const) {
      const path = join(work, file);
      await run('tar', [flags, path, '-C', staging, ...members]);
      const tarball = await reader.read(path);
      expect(tarball.manifestText).toBe('name: gnu\n');
      expect((await stat(tarball.packageArchive('app'))).isFile()).toBe(true);
      expect(tarball.licenseArchive).toBeDefined();
      await tarball.cleanUp();
    }
  });

  it('reads a compiled release', async () => {
    const path = join(work, 'compiled.tgz');
    await writer.write(
      {
        manifestText: 'name: c\ncompiled_packages:\n- name: ruby\n',
        jobs: [{ name: 'web', archivePath: await innerArchive('web', { 'job.MF': 'web' }) }],
        packages: [],
        compiledPackages: [{ name: 'ruby', archivePath: await innerArchive('ruby', { 'bin/ruby': 'elf' }) }],
      },
      path,
    );
    const tarball = await reader.read(path);
    const compiled = await reader.extractArchive(tarball.compiledPackageArchive('ruby'));
    expect(await readFile(join(compiled.dir, 'bin/ruby'), 'utf8')).toBe('elf');
    expect(tarball.licenseArchive).toBeUndefined();
    await compiled.cleanUp();
    await tarball.cleanUp();
  });

  it('refuses entries that would land outside the extraction dir', async () => {
    const staging = join(work, 'evil');
    await put('evil/release.MF', 'name: evil\n');
    const path = join(work, 'evil.tgz');
    await run('tar', ['-czf', path, '-C', staging, 'release.MF', '--transform', 's,^release.MF,../escaped,']);
    const error = await reader.read(path).catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(`Extracting release:\n  ${path}: path contains '..'`);
    await expect(stat(join(tempRoot, 'escaped'))).rejects.toThrow();
    expect(await readdir(tempRoot)).toEqual([]);
  });

  describe('errors', () => {
    it('a file that is not a tarball (inspect-local-release of a manifest)', async () => {
      const path = await put('dev_releases/r/r-0+dev.1.yml', 'name: r\n');
      const error = await reader.read(path).catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `Extracting release:\n  ${path}: Unrecognized archive format`,
      );
      expect(await readdir(tempRoot)).toEqual([]);
    });

    it('a truncated gzip stream', async () => {
      const content = await release();
      const full = join(work, 'full.tgz');
      await new NodeReleaseTarballWriter({ gzipLevel: 6 }).write(content, full);
      const bytes = await readFile(full);
      const path = await put('cut.tgz', bytes.subarray(0, Math.floor(bytes.length / 2)));
      const error = await reader.read(path).catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toMatch(/^Extracting release:\n {2}\S+cut\.tgz: \S/u);
    });

    it('a missing tarball', async () => {
      const path = join(work, 'nope.tgz');
      const error = await reader.read(path).catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `Extracting release:\n  stat ${path}: no such file or directory`,
      );
    });

    it('a tarball without release.MF', async () => {
      const path = join(work, 'empty.tgz');
      await put('x/jobs/a', 'a');
      await create({ gzip: true, file: path, cwd: join(work, 'x') }, ['jobs']);
      const error = await reader.read(path).catch((e: unknown) => e as Error);
      const mf = /'(.+release\.MF)'/u.exec((error as Error).message)?.[1] ?? '';
      expect(renderMultilineError(error as Error)).toBe(
        `Reading manifest '${mf}':\n  Opening file ${mf}:\n    open ${mf}: no such file or directory`,
      );
      expect(dirname(dirname(mf))).toBe(tempRoot);
      expect(await readdir(tempRoot)).toEqual([]);
    });

    it('a temp root that cannot be made', async () => {
      const blocker = await put('blocker', '');
      const error = await new NodeReleaseTarballReader(join(blocker, 'tmp'))
        .read(join(work, 'r.tgz'))
        .catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `Creating temp directory to extract release '${join(work, 'r.tgz')}':\n  Creating temp root:\n    mkdir ${join(blocker, 'tmp')}: not a directory`,
      );
    });
  });
});
