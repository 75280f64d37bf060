import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create, list } from 'tar';
import { describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import type { ReleaseTarballContent } from '../../ports/release-archive.js';
import { innerArchive, put, release, useWorkDir, work } from '../../testing/release-archive-fixtures.js';
import { NodeReleaseTarballWriter } from './release-tarball-writer.js';

/** Writing release tarballs (README §7): member order, modes, sections, license files, errors. */

interface Member {
  name: string;
  type: string;
  mode: string;
  content?: Buffer;
  target?: string;
}

async function listMembers(path: string): Promise<Member[]> {
  const members: Member[] = [];
  await list({
    file: path,
    onReadEntry: (e) => {
      const m: Member = {
        name: e.path,
        type: e.type,
        mode: ((e.mode ?? 0) & 0o7777).toString(8).padStart(4, '0'),
      };
      if (e.type === 'SymbolicLink') m.target = e.linkpath ?? '';
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => (m.content = Buffer.concat(chunks)));
      members.push(m);
    },
  });
  return members;
}

useWorkDir('bosh-ts-tarball-');
const writer = new NodeReleaseTarballWriter();

describe('writing', () => {
  it('lays members out in bosh order with bosh modes and no ./ prefix', async () => {
    const content = await release();
    const dest = join(work, 'out/release.tgz');
    await mkdir(dirname(dest));
    const written = await writer.write(content, dest);
    const members = await listMembers(dest);
    expect(members.map((m) => [m.name, m.type, m.mode])).toEqual([
      ['release.MF', 'File', '0644'],
      ['jobs/', 'Directory', '0755'],
      ['jobs/web.tgz', 'File', '0600'],
      ['jobs/db.tgz', 'File', '0600'],
      ['packages/', 'Directory', '0755'],
      ['packages/ruby.tgz', 'File', '0600'],
      ['packages/app.tgz', 'File', '0600'],
      ['license.tgz', 'File', '0600'],
      ['LICENSE', 'File', '0644'],
      ['LICENSE.md', 'File', '0644'],
      ['NOTICE', 'File', '0644'],
      ['NOTICE-extra', 'File', '0644'],
    ]);
    expect(members[0]?.content?.toString()).toBe(content.manifestText);
    expect(members.find((m) => m.name === 'jobs/web.tgz')?.content).toEqual(
      await readFile(content.jobs[0]?.archivePath ?? ''),
    );
    expect(members.find((m) => m.name === 'NOTICE-extra')?.content?.toString()).toBe('extra\n');
    const bytes = await readFile(dest);
    expect(written).toEqual({
      path: dest,
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      size: bytes.length,
    });
    expect(await readdir(dirname(dest))).toEqual(['release.tgz']);
  });

  it('leaves out the directories of empty sections and the license when there is none', async () => {
    const dest = join(work, 'r.tgz');
    await writer.write({ manifestText: 'name: r\n', jobs: [], packages: [] }, dest);
    expect((await listMembers(dest)).map((m) => m.name)).toEqual(['release.MF']);
  });

  it('adds compiled_packages/ after packages/ and skips fingerprints the director has', async () => {
    const content = await release();
    const dest = join(work, 'compiled.tgz');
    await writer.write(
      {
        ...content,
        packages: content.packages.slice(0, 1),
        compiledPackages: [
          { name: 'ruby', archivePath: await innerArchive('cruby', { bin: 'x' }), fingerprint: 'fp-ruby' },
          { name: 'go', archivePath: await innerArchive('cgo', { bin: 'y' }), fingerprint: 'fp-go' },
        ],
        skipFingerprints: ['fp-ruby'],
      },
      dest,
    );
    expect((await listMembers(dest)).map((m) => m.name).slice(0, 7)).toEqual([
      'release.MF',
      'jobs/',
      'jobs/web.tgz',
      'jobs/db.tgz',
      'packages/',
      'compiled_packages/',
      'compiled_packages/go.tgz',
    ]);
  });

  it('extracts a symlinked license file as a symlink', async () => {
    const dir = join(work, 'lic');
    await put('lic/LICENSE', 'l\n');
    await symlink('LICENSE', join(dir, 'NOTICE'));
    const license = join(work, 'license.tgz');
    await create({ gzip: true, file: license, cwd: dir }, ['.']);
    const dest = join(work, 'r.tgz');
    await writer.write({ manifestText: '', jobs: [], packages: [], license: { archivePath: license } }, dest);
    expect((await listMembers(dest)).slice(-2).map((m) => [m.name, m.type, m.target])).toEqual([
      ['LICENSE', 'File', undefined],
      ['NOTICE', 'SymbolicLink', 'LICENSE'],
    ]);
  });

  it('writes a plain tar with no_compression and a gzip of any level otherwise', async () => {
    const content = await release();
    const plain = join(work, 'plain.tar');
    await writer.write({ ...content, noCompression: true }, plain);
    expect((await readFile(plain)).subarray(257, 262).toString()).toBe('ustar');
    const level9 = join(work, 'level9.tgz');
    await new NodeReleaseTarballWriter({ gzipLevel: 9 }).write(content, level9);
    expect((await listMembers(level9)).map((m) => m.name)).toEqual(
      (await listMembers(plain)).map((m) => m.name),
    );
  });

  it('replaces an existing destination', async () => {
    const dest = await put('r.tgz', 'old');
    await writer.write({ manifestText: 'new\n', jobs: [], packages: [] }, dest);
    expect((await listMembers(dest))[0]?.content?.toString()).toBe('new\n');
  });

  describe('errors', () => {
    const missing = (): string => join(work, 'missing.tgz');
    it.each([
      ['jobs', 'Writing jobs', "Copying job 'web' archive into staging dir"],
      ['packages', 'Writing packages', "Copying package 'web' archive into staging dir"],
      [
        'compiledPackages',
        'Writing compiled packages',
        "Copying compiled package 'web' archive into staging dir",
      ],
    ] as const)('a missing archive in %s', async (section, context, copying) => {
      const content: ReleaseTarballContent = { manifestText: '', jobs: [], packages: [] };
      const error = await writer
        .write({ ...content, [section]: [{ name: 'web', archivePath: missing() }] }, join(work, 'r.tgz'))
        .catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `${context}:\n  ${copying}:\n    Opening source path:\n      open ${missing()}: no such file or directory`,
      );
      await expect(stat(join(work, 'r.tgz'))).rejects.toThrow();
    });

    it('a missing license archive', async () => {
      const error = await writer
        .write(
          { manifestText: '', jobs: [], packages: [], license: { archivePath: missing() } },
          join(work, 'r.tgz'),
        )
        .catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `Writing license:\n  Copying license archive into staging dir:\n    Opening source path:\n      open ${missing()}: no such file or directory`,
      );
    });

    it('a license archive that is not a tarball', async () => {
      const bad = await put('license.tgz', 'not a tarball at all');
      const error = await writer
        .write(
          { manifestText: '', jobs: [], packages: [], license: { archivePath: bad } },
          join(work, 'r.tgz'),
        )
        .catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        'Writing license:\n  Decompressing license archive into staging dir:\n    TAR_BAD_ARCHIVE: Unrecognized archive format',
      );
    });

    it('a destination directory that does not exist', async () => {
      const dest = join(work, 'no/such/dir/r.tgz');
      const error = await writer
        .write({ manifestText: '', jobs: [], packages: [] }, dest)
        .catch((e: unknown) => e as Error);
      expect(renderMultilineError(error as Error)).toBe(
        `Compressing release:\n  open ${dest}: no such file or directory`,
      );
    });
  });
});
