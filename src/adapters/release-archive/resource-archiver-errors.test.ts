import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorChainMessage, renderMultilineError } from '../../base/errors.js';
import type { SourceFile } from '../../ports/release-archive.js';
import {
  archiver,
  listArchive,
  putSource,
  request,
  tempRoot,
  useArchiverWorkDir,
  work,
} from '../../testing/release-archive-fixtures.js';
import { NodeResourceArchiver } from './resource-archiver.js';

/** pre_packaging runs (README §6 step 3) and every build error of the archiver. */

useArchiverWorkDir();

describe('pre_packaging', () => {
  async function prePackagingTree(script: string): Promise<{ files: SourceFile[]; script: SourceFile }> {
    const packaging = await putSource('packages/b/packaging', 'set -e\n');
    const pre = await putSource('packages/b/pre_packaging', script);
    const keep = await putSource('src/b/keep.txt', 'keep\n');
    const gone = await putSource('src/b/remove-me.txt', 'bye\n');
    const scriptFile = { name: 'pre_packaging', sourcePath: pre };
    return {
      script: scriptFile,
      files: [
        { name: 'b/keep.txt', sourcePath: keep },
        { name: 'b/remove-me.txt', sourcePath: gone },
        { name: 'packaging', sourcePath: packaging },
        scriptFile,
      ],
    };
  }

  it('runs in the staging dir with BUILD_DIR and RELEASE_DIR, then leaves itself out of the archive', async () => {
    const { files, script } = await prePackagingTree(
      [
        'set -e',
        'test "$PWD" = "$BUILD_DIR"',
        'rm b/remove-me.txt',
        'echo "$RELEASE_DIR" > b/release-dir.txt',
        'ls pre_packaging > b/saw-script.txt',
        '',
      ].join('\n'),
    );
    const req = request('package', files, { prePackaging: { script, releaseDir: work } });
    const archive = await archiver.build(req);
    const entries = await listArchive(archive.path);
    expect(entries.map((e) => e.name).sort()).toEqual(
      ['./', './b/', './b/keep.txt', './b/release-dir.txt', './b/saw-script.txt', './packaging'].sort(),
    );
    expect(entries[0]?.name).toBe('./');
    expect(entries.find((e) => e.name === './b/release-dir.txt')?.content).toBe(`${work}\n`);
    // The staging fingerprint is taken before the script runs: it still sees the removed file.
    expect(req.seen[0]?.map((f) => f.name)).toEqual([
      'b/keep.txt',
      'b/remove-me.txt',
      'packaging',
      'pre_packaging',
    ]);
    expect(await readdir(tempRoot)).toEqual([archive.path.slice(tempRoot.length + 1)]);
  });

  it('fails with the exec error, its output and `exit status N`', async () => {
    const { files, script } = await prePackagingTree('echo out; echo err >&2\nexit 7\n');
    const error = await archiver
      .build(request('package', files, { prePackaging: { script, releaseDir: work } }))
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      [
        'Running prep scripts:',
        `  Running command: 'bash -x ${script.sourcePath}', stdout: 'out`,
        "', stderr: '+ echo out",
        '+ echo err',
        'err',
        '+ exit 7',
        "':",
        '    exit status 7',
      ].join('\n'),
    );
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('reports a script killed by a signal as Go does', async () => {
    const { files, script } = await prePackagingTree('kill -KILL $$\n');
    const error = await archiver
      .build(request('package', files, { prePackaging: { script, releaseDir: work } }))
      .catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toMatch(
      /^Running prep scripts: Running command: .*: signal: killed$/su,
    );
  });

  it('does not run when the staging fingerprint differs', async () => {
    const { files, script } = await prePackagingTree('touch "$RELEASE_DIR/ran"\n');
    const error = await archiver
      .build({
        ...request('package', files, { prePackaging: { script, releaseDir: work } }),
        fingerprint: 'src',
      })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      "Expected source ('src') and staging ('same') fingerprints to match",
    );
    await expect(readFile(join(work, 'ran'))).rejects.toThrow();
  });
});

describe('errors', () => {
  it('a staging fingerprint that differs from the source one (and no archive left behind)', async () => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    const error = await archiver
      .build({ ...request('job', [{ name: 'job.MF', sourcePath: spec }]), fingerprint: 'abc' })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      "Expected source ('abc') and staging ('same') fingerprints to match",
    );
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it.each([
    [
      'throws',
      (): string => {
        throw new Error('boom');
      },
    ],
    ['rejects', (): Promise<string> => Promise.reject(new Error('boom'))],
  ])('a fingerprint callback that %s', async (_, stagedFingerprint) => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    const req = request('job', [{ name: 'job.MF', sourcePath: spec }], { stagedFingerprint });
    const error = await archiver.build(req).catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe('Fingerprinting staged files: boom');
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('accepts an async fingerprint callback', async () => {
    const spec = await putSource('jobs/web/spec', 'name: web\n');
    const req = request('job', [{ name: 'job.MF', sourcePath: spec }], {
      stagedFingerprint: () => Promise.resolve('same'),
    });
    expect((await archiver.build(req)).digest).toMatch(/^sha256:[0-9a-f]{64}$/u);
  });

  it('a missing source file', async () => {
    const missing = join(work, 'jobs/web/monit');
    await putSource('jobs/web/spec', 'name: web\n');
    const error = await archiver
      .build(request('job', [{ name: 'monit', sourcePath: missing }]))
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      `Copying into staging directory:\n  lstat ${missing}: no such file or directory`,
    );
  });

  it('a missing source directory', async () => {
    const missing = join(work, 'nowhere/file');
    const error = await archiver
      .build(request('job', [{ name: 'monit', sourcePath: missing }]))
      .catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe(
      `Copying into staging directory: lstat ${join(work, 'nowhere')}: no such file or directory`,
    );
  });

  it('a job symlink whose target is missing', async () => {
    await putSource('jobs/web/spec', 'name: web\n');
    const link = join(work, 'jobs/web/monit');
    await symlink('nothing-here', link);
    const error = await archiver
      .build(request('job', [{ name: 'monit', sourcePath: link }]))
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      `Copying into staging directory:\n  Opening source path:\n    open ${link}: no such file or directory`,
    );
  });

  it('a directory where a file was expected', async () => {
    await mkdir(join(work, 'src/p/dir'), { recursive: true });
    const error = await archiver
      .build(request('package', [{ name: 'p/dir', sourcePath: join(work, 'src/p/dir') }]))
      .catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe(
      `Copying into staging directory: Copying file: read ${join(work, 'src/p/dir')}: is a directory`,
    );
  });

  it.each(['', '/abs', 'a/../b', './a', 'a//b', 'a/'])(
    'an archive name that escapes or is not clean: %j',
    async (n) => {
      const file = await putSource('src/f', 'x');
      const error = await archiver
        .build(request('package', [{ name: n, sourcePath: file }]))
        .catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe(`Invalid file name '${n}' in release archive`);
    },
  );

  it('a temp root that cannot be created', async () => {
    const blocker = await putSource('blocker', '');
    const broken = new NodeResourceArchiver({ tempRoot: join(blocker, 'tmp') });
    const file = await putSource('src/f', 'x');
    const error = await broken
      .build(request('package', [{ name: 'f', sourcePath: file }]))
      .catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe(
      `Creating temp root: mkdir ${join(blocker, 'tmp')}: not a directory`,
    );
  });
});
