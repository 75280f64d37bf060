import { createHash } from 'node:crypto';
import { chmod, readFile, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../ports/release-archive.js';
import {
  archiver,
  listArchive,
  putSource,
  request,
  sha256,
  tempRoot,
  useArchiverWorkDir,
  work,
} from '../../testing/release-archive-fixtures.js';

/** Job/package/license archives from small trees (README §6): names, order, modes, symlinks. */

useArchiverWorkDir();

describe('job archives', () => {
  it('stage spec as job.MF, keep template sub-directories and copy a symlinked template as a 0755 file', async () => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    const monit = await putSource('jobs/web/monit', '');
    const ctl = await putSource('jobs/web/templates/bin/ctl.erb', '#!/bin/bash\n', 0o755);
    const conf = await putSource('jobs/web/templates/config/web.conf', 'port=1\n', 0o600);
    await symlink('config/web.conf', join(work, 'jobs/web/templates/link.erb'));
    await chmod(join(work, 'jobs/web/templates/config'), 0o750);
    const req = request('job', [
      { name: 'job.MF', sourcePath: spec },
      { name: 'monit', sourcePath: monit },
      { name: 'templates/bin/ctl.erb', sourcePath: ctl },
      { name: 'templates/config/web.conf', sourcePath: conf },
      { name: 'templates/link.erb', sourcePath: join(work, 'jobs/web/templates/link.erb') },
    ]);
    const archive = await archiver.build(req);

    const entries = await listArchive(archive.path);
    expect(entries.map((e) => [e.name, e.type, e.mode.toString(8)])).toEqual([
      ['./', 'Directory', '755'],
      ['./job.MF', 'File', '644'],
      ['./monit', 'File', '644'],
      ['./templates/', 'Directory', '755'],
      ['./templates/bin/', 'Directory', '755'],
      ['./templates/bin/ctl.erb', 'File', '755'],
      ['./templates/config/', 'Directory', '750'],
      ['./templates/config/web.conf', 'File', '644'],
      ['./templates/link.erb', 'File', '755'],
    ]);
    expect(entries.find((e) => e.name === './templates/link.erb')?.content).toBe('port=1\n');
    expect(req.seen).toEqual([
      [
        { name: 'job.MF', type: 'file', mode: 0o644, digest: sha256('name: web\n') },
        { name: 'monit', type: 'file', mode: 0o644, digest: sha256('') },
        { name: 'templates/bin/ctl.erb', type: 'file', mode: 0o755, digest: sha256('#!/bin/bash\n') },
        { name: 'templates/config/web.conf', type: 'file', mode: 0o644, digest: sha256('port=1\n') },
        { name: 'templates/link.erb', type: 'file', mode: 0o755, digest: sha256('port=1\n') },
      ],
    ]);
    const bytes = await readFile(archive.path);
    expect(archive.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    expect(archive.size).toBe(bytes.length);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(dirname(archive.path)).toBe(tempRoot);
  });

  it('gives the archive root the mode of the job directory', async () => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    await chmod(join(work, 'jobs/web'), 0o700);
    const archive = await archiver.build(request('job', [{ name: 'job.MF', sourcePath: spec }]));
    expect((await listArchive(archive.path))[0]).toMatchObject({ name: './', mode: 0o700 });
  });
  it('give a directory reached through a symlink the mode of its target', async () => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    const tpl = await putSource('shared/templates/a.erb', 'a\n');
    await chmod(dirname(tpl), 0o750);
    await symlink('../../shared/templates', join(work, 'jobs/web/templates'));
    const archive = await archiver.build(
      request('job', [
        { name: 'job.MF', sourcePath: spec },
        { name: 'templates/a.erb', sourcePath: join(work, 'jobs/web/templates/a.erb') },
      ]),
    );
    expect((await listArchive(archive.path)).find((e) => e.name === './templates/')?.mode).toBe(0o750);
  });
});

describe('package archives', () => {
  it('keep symlinks as symlinks and give intermediate directories the default mode', async () => {
    const packaging = await putSource('packages/p/packaging', 'set -e\n', 0o755);
    const lib = await putSource('src/p/lib/util.sh', 'x\n');
    await symlink('lib', join(work, 'src/p/alias'));
    await symlink('util.sh', join(work, 'src/p/lib/util-link'));
    await chmod(join(work, 'src/p/lib'), 0o711);
    const req = request('package', [
      { name: 'p/alias', sourcePath: join(work, 'src/p/alias') },
      { name: 'p/lib/util-link', sourcePath: join(work, 'src/p/lib/util-link') },
      { name: 'p/lib/util.sh', sourcePath: lib },
      { name: 'packaging', sourcePath: packaging },
    ]);
    const archive = await archiver.build(req);
    const entries = await listArchive(archive.path);
    expect(entries.map((e) => [e.name, e.type, e.mode.toString(8), e.target])).toEqual([
      ['./', 'Directory', '755', undefined],
      ['./p/', 'Directory', '755', undefined],
      ['./p/alias', 'SymbolicLink', '777', 'lib'],
      ['./p/lib/', 'Directory', '711', undefined],
      ['./p/lib/util-link', 'SymbolicLink', '777', 'util.sh'],
      ['./p/lib/util.sh', 'File', '644', undefined],
      ['./packaging', 'File', '755', undefined],
    ]);
    expect(req.seen[0]?.slice(0, 2)).toEqual([
      { name: 'p/alias', type: 'symlink', mode: 0o777, digest: sha256('lib') },
      { name: 'p/lib/util-link', type: 'symlink', mode: 0o777, digest: sha256('util.sh') },
    ]);
  });

  it('store long and non-ASCII names exactly (pax headers)', async () => {
    const packaging = await putSource('packages/p/packaging', '');
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(120)}.txt`;
    const names = [long, 'p/ｚ-😀-é.txt', 'p/with space.txt'];
    const files: SourceFile[] = [{ name: 'packaging', sourcePath: packaging }];
    for (const n of names) files.push({ name: n, sourcePath: await putSource(`src/${n}`, n) });
    const archive = await archiver.build(request('package', files));
    const entries = await listArchive(archive.path);
    for (const n of names) expect(entries.find((e) => e.name === `./${n}`)?.content).toBe(n);
  });

  it('write a plain tar with no_compression', async () => {
    const packaging = await putSource('packages/p/packaging', 'set -e\n');
    const archive = await archiver.build(
      request('package', [{ name: 'packaging', sourcePath: packaging }], { noCompression: true }),
    );
    const bytes = await readFile(archive.path);
    expect(bytes.subarray(257, 262).toString()).toBe('ustar');
    expect((await listArchive(archive.path)).map((e) => e.name)).toEqual(['./', './packaging']);
  });

  it('build many archives at once', async () => {
    const paths = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const packaging = await putSource(`packages/p${String(i)}/packaging`, `echo ${String(i)}\n`);
        return (await archiver.build(request('package', [{ name: 'packaging', sourcePath: packaging }])))
          .path;
      }),
    );
    for (const [i, path] of paths.entries()) {
      expect((await listArchive(path))[1]?.content).toBe(`echo ${String(i)}\n`);
    }
  });
});

describe('license archives', () => {
  it('hold LICENSE and NOTICE under their base names, a symlink kept as such', async () => {
    const license = await putSource('LICENSE', 'MIT\n', 0o444);
    await symlink('LICENSE', join(work, 'NOTICE'));
    const archive = await archiver.build(
      request('license', [
        { name: 'LICENSE', sourcePath: license },
        { name: 'NOTICE', sourcePath: join(work, 'NOTICE') },
      ]),
    );
    const entries = await listArchive(archive.path);
    expect(entries.map((e) => [e.name, e.type, e.mode.toString(8)])).toEqual([
      ['./', 'Directory', ((await stat(work)).mode & 0o777).toString(8)],
      ['./LICENSE', 'File', '644'],
      ['./NOTICE', 'SymbolicLink', '777'],
    ]);
  });
});
