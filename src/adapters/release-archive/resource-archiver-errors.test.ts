import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, renderMultilineError } from '../../base/errors.js';
import type { ResourceArchiveRequest, SourceFile, StagedFile } from '../../ports/release-archive.js';
import { NodeResourceArchiver } from './resource-archiver.js';

/** pre_packaging runs (README §6 step 3) and every build error of the archiver. */

interface Entry {
  name: string;
  type: string;
  mode: number;
  content?: string;
  target?: string;
}

async function listArchive(path: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  await list({
    file: path,
    onReadEntry: (e) => {
      const entry: Entry = { name: e.path, type: e.type, mode: (e.mode ?? 0) & 0o7777 };
      if (e.type === 'SymbolicLink') entry.target = e.linkpath ?? '';
      if (e.type === 'File') {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        e.on('end', () => (entry.content = Buffer.concat(chunks).toString('utf8')));
      }
      entries.push(entry);
    },
  });
  return entries;
}

let work: string;
let tempRoot: string;
let archiver: NodeResourceArchiver;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosh-ts-archiver-'));
  tempRoot = join(work, 'home/.bosh/tmp');
  archiver = new NodeResourceArchiver({ tempRoot, now: () => new Date('2024-01-02T03:04:05Z') });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function put(path: string, content: string, mode = 0o644): Promise<string> {
  const full = join(work, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, content);
  await chmod(full, mode);
  return full;
}

/** A request whose staged fingerprint is a digest of the staged list, so the test sees what was staged. */
function request(
  kind: ResourceArchiveRequest['kind'],
  files: SourceFile[],
  extra: Partial<ResourceArchiveRequest> = {},
): ResourceArchiveRequest & { seen: StagedFile[][] } {
  const seen: StagedFile[][] = [];
  return {
    kind,
    name: 'x',
    files,
    fingerprint: 'same',
    stagedFingerprint: (staged) => {
      seen.push([...staged]);
      return 'same';
    },
    seen,
    ...extra,
  };
}

describe('pre_packaging', () => {
  async function prePackagingTree(script: string): Promise<{ files: SourceFile[]; script: SourceFile }> {
    const packaging = await put('packages/b/packaging', 'set -e\n');
    const pre = await put('packages/b/pre_packaging', script);
    const keep = await put('src/b/keep.txt', 'keep\n');
    const gone = await put('src/b/remove-me.txt', 'bye\n');
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
    const spec = await put('jobs/web/spec', 'name: web\n');
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
    const spec = await put('jobs/web/spec', 'name: web\n');
    const req = request('job', [{ name: 'job.MF', sourcePath: spec }], { stagedFingerprint });
    const error = await archiver.build(req).catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe('Fingerprinting staged files: boom');
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('accepts an async fingerprint callback', async () => {
    const spec = await put('jobs/web/spec', 'name: web\n');
    const req = request('job', [{ name: 'job.MF', sourcePath: spec }], {
      stagedFingerprint: () => Promise.resolve('same'),
    });
    expect((await archiver.build(req)).digest).toMatch(/^sha256:[0-9a-f]{64}$/u);
  });

  it('a missing source file', async () => {
    const missing = join(work, 'jobs/web/monit');
    await put('jobs/web/spec', 'name: web\n');
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
    await put('jobs/web/spec', 'name: web\n');
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
      const file = await put('src/f', 'x');
      const error = await archiver
        .build(request('package', [{ name: n, sourcePath: file }]))
        .catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe(`Invalid file name '${n}' in release archive`);
    },
  );

  it('a temp root that cannot be created', async () => {
    const blocker = await put('blocker', '');
    const broken = new NodeResourceArchiver({ tempRoot: join(blocker, 'tmp') });
    const file = await put('src/f', 'x');
    const error = await broken
      .build(request('package', [{ name: 'f', sourcePath: file }]))
      .catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe(
      `Creating temp root: mkdir ${join(blocker, 'tmp')}: not a directory`,
    );
  });
});
