import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import { blobs, dirs, quiet, root, sha1, tarBlob, useAgentRoot } from '../../testing/agent-fixtures.js';
import { Compiler } from './compiler.js';
import { isNonCompressedTarballHeader } from './tarball.js';

useAgentRoot('agent-compiler-');
let compiler: Compiler;
beforeEach(() => {
  compiler = new Compiler({ dirs, blobstore: blobs, logger: quiet, baseEnv: { PATH: process.env['PATH'] } });
});

const blob = (id: string, files: Record<string, string>, gzip = true) => tarBlob(id, files, ['.'], gzip);

async function entries(file: string): Promise<string[]> {
  const out: string[] = [];
  await list({ file, onReadEntry: (e) => out.push(e.path) });
  return out.sort();
}

describe('Compiler', () => {
  it('runs packaging with the dependencies installed and uploads the install target, then cleans up', async () => {
    const depSha1 = await blob('dep-1', { 'lib/dep.txt': 'dependency content\n' });
    const srcSha1 = await blob('src-1', {
      packaging: [
        'set -e',
        'cat "$(dirname "$BOSH_INSTALL_TARGET")/dep/lib/dep.txt" > "$BOSH_INSTALL_TARGET/from-dep"',
        'echo "$BOSH_PACKAGE_NAME $BOSH_PACKAGE_VERSION $BOSH_COMPILE_TARGET $PWD" > "$BOSH_INSTALL_TARGET/env"',
        'cp src.txt "$BOSH_INSTALL_TARGET/"',
        'echo built',
      ].join('\n'),
      'src.txt': 'source\n',
    });
    // Left from an earlier compilation: removed first.
    await mkdir(join(dirs.dataPackages, 'old', 'x'), { recursive: true });

    const out = await compiler.compile(
      { name: 'app', version: 'v1.2', blobstoreId: 'src-1', digest: srcSha1 },
      [{ name: 'dep', version: 'd1', blobstoreId: 'dep-1', digest: depSha1 }],
    );

    const tarball = join(root, 'blobs', out.blobId);
    expect(out.sha1).toBe(sha1(await readFile(tarball)));
    expect(await readFile(tarball).then((b) => b[0] === 0x1f && b[1] === 0x8b)).toBe(true);
    expect(await entries(tarball)).toEqual(['./', './env', './from-dep', './src.txt']);
    const unpacked = join(root, 'unpacked');
    await mkdir(unpacked);
    await extract({ file: tarball, cwd: unpacked });
    expect(await readFile(join(unpacked, 'from-dep'), 'utf8')).toBe('dependency content\n');
    const compileDir = join(dirs.data, 'compile', 'app');
    expect(await readFile(join(unpacked, 'env'), 'utf8')).toBe(`app v1.2 ${compileDir} ${compileDir}\n`);
    expect(await readFile(join(dirs.logs, 'compilation', 'packaging.stdout.log'), 'utf8')).toBe('built\n');
    expect(await readFile(join(dirs.logs, 'compilation', 'packaging.stderr.log'), 'utf8')).toContain(
      '+ echo built',
    );

    expect(existsSync(compileDir)).toBe(false);
    // Every bundle is uninstalled (bosh-agent leaves the emptied per-package directories).
    for (const name of await readdir(dirs.dataPackages)) {
      expect(await readdir(join(dirs.dataPackages, name))).toEqual([]);
    }
    expect(await readdir(dirs.packages)).toEqual([]);
    expect(blobs.fetched).toEqual(['dep-1', 'src-1']);
  });

  it('keeps a plain source tarball plain, and tars an empty target without packaging script', async () => {
    const srcSha1 = await blob('src-plain', { README: 'no packaging' }, false);
    const out = await compiler.compile(
      { name: 'docs', version: '1', blobstoreId: 'src-plain', digest: srcSha1 },
      [],
    );
    const head = await readFile(join(root, 'blobs', out.blobId));
    expect(isNonCompressedTarballHeader(head.subarray(0, 512))).toBe(true);
    expect(await entries(join(root, 'blobs', out.blobId))).toEqual(['./']);
  });

  it('reports a failing packaging script with its output', async () => {
    const srcSha1 = await blob('src-bad', {
      packaging: 'echo compiling\necho "cc: error: no such file" >&2\nexit 3\n',
    });
    const failure = await compiler
      .compile({ name: 'bad', version: '1', blobstoreId: 'src-bad', digest: srcSha1 }, [])
      .then(
        () => 'compiled',
        (e: unknown) => errorChainMessage(toError(e)),
      );
    expect(failure).toBe(
      'Running packaging script: Running packaging script: Command exited with 3; Stdout: , ' +
        "Stderr: + echo 'cc: error: no such file'\ncc: error: no such file\n+ exit 3\n",
    );
    expect(existsSync(join(dirs.data, 'compile', 'bad'))).toBe(false);
  });

  it('fails on a source that does not match its digest, or without a blobstore id', async () => {
    await blob('src-x', { packaging: '' });
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => errorChainMessage(toError(e)),
      );
    expect(
      await failure(
        compiler.compile({ name: 'x', version: '1', blobstoreId: 'src-x', digest: 'f'.repeat(40) }, []),
      ),
    ).toBe('Fetching package x: Fetching package blob src-x: digest mismatch');
    expect(
      await failure(
        compiler.compile({ name: 'y', version: '1', blobstoreId: '', digest: 'f'.repeat(40) }, []),
      ),
    ).toBe("Fetching package y: No blobstore reference for package 'y'");
  });
});
