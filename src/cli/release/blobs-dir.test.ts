import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BLOB_COMMANDS,
  bosh,
  CORPUS,
  makeWork,
  normalizeUuids,
  treeOf,
  type Work,
} from '../../testing/blob-cli-harness.js';
import { BlobsDir, readBlobs } from './blobs-dir.js';
import { BlobsReporter } from './blobs-reporter.js';
import { initRelease } from './release-dir-init.js';
import { NonTtyUi } from '../ui/non-tty-ui.js';
import { PaddingUi } from '../ui/padding-ui.js';
import { WriterUi } from '../ui/writer-ui.js';

const HELPER = join(CORPUS, 'inputs', 'blob-sources', 'helper.bin');
const HELPER_SHA = 'sha256:785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9';
const LOCAL = 'blobstore: {provider: local, options: {blobstore_path: .blobstore}}\n';

let work: Work;
let dir: string;
const run = (...args: string[]) => bosh(work, BLOB_COMMANDS, args, dir);
const blobsYml = (): string => readFileSync(join(dir, 'config', 'blobs.yml'), 'utf8');
const write = (rel: string, text: string): void => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

beforeEach(async () => {
  process.umask(0o022);
  work = makeWork();
  dir = join(work.root, 'b-release');
  work.vars.set('${RELEASE_DIR}', dir);
  await initRelease(dir);
});
afterEach(() => {
  work.dispose();
});

describe('index errors', () => {
  it('an empty config/blobs.yml lists nothing; a missing one fails every command', async () => {
    const index = join(dir, 'config', 'blobs.yml');
    writeFileSync(index, '');
    expect(await run('blobs')).toEqual({ exit: 0, stdout: '', stderr: '' });
    rmSync(index);
    const cause =
      'Reading blobs index:\n  Opening file ${RELEASE_DIR}/config/blobs.yml:\n' +
      '    open ${RELEASE_DIR}/config/blobs.yml: no such file or directory';
    expect(await run('blobs')).toEqual({ exit: 1, stdout: '\n', stderr: `${cause}\nExit code 1\n` });
    expect((await run('remove-blob', 'a')).stderr).toBe(
      `Untracking blob:\n${cause.replace(/^/gm, '  ')}\nExit code 1\n`,
    );
    expect((await run('upload-blobs')).stderr).toBe(
      `Uploading blobs:\n${cause.replace(/^/gm, '  ')}\nExit code 1\n`,
    );
    expect((await run('sync-blobs')).stderr).toBe(
      `Downloading blobs:\n${cause.replace(/^/gm, '  ')}\nExit code 1\n`,
    );
    const r = await run('add-blob', HELPER, 'a/helper.bin');
    expect(r.stderr).toBe(`Tracking blob:\n${cause.replace(/^/gm, '  ')}\nExit code 1\n`);
    expect(existsSync(join(dir, 'blobs'))).toBe(false);
    expect(readdirSync(work.tools.tempRoot)).toEqual([]);
  });

  it('an index go-yaml cannot decode', async () => {
    write('config/blobs.yml', 'a: [1]\n');
    expect((await run('blobs')).stderr).toBe(
      'Unmarshalling blobs index:\n  yaml: unmarshal errors:\n' +
        // bosh-cli's MultilineError prefixes the error, not each line of its message: go-yaml's own indent stays.
        '  line 1: cannot unmarshal !!seq into releasedir.fsBlobsDirSchema_Blob\nExit code 1\n',
    );
  });
});

describe('add-blob and remove-blob', () => {
  it('reads a relative source against the working directory and names it as given', async () => {
    write('src/x.bin', 'abc');
    expect((await bosh(work, BLOB_COMMANDS, ['add-blob', 'src/x.bin', 'x.bin'], dir)).exit).toBe(0);
    expect(blobsYml()).toBe(
      'x.bin:\n  size: 3\n  sha: sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n',
    );
    expect((await run('add-blob', 'src/none', 'y')).stderr).toBe(
      'Opening blob:\n  open src/none: no such file or directory\nExit code 1\n',
    );
  });

  it('fails to read a directory as "Populating temp blob" and leaves no temp file', async () => {
    const r = await run('add-blob', join(dir, 'src'), 'x');
    expect(r.stderr).toBe(
      'Tracking blob:\n  Populating temp blob:\n    read ${RELEASE_DIR}/src: is a directory\nExit code 1\n',
    );
    expect(readdirSync(work.tools.tempRoot)).toEqual([]);
  });

  it('prints the added and removed blob on a terminal', async () => {
    expect(await run('--tty', 'add-blob', HELPER, 'h.bin')).toEqual({
      exit: 0,
      stdout: "Added blob 'h.bin'\n\nSucceeded\n",
      stderr: '',
    });
    expect(await run('--tty', 'remove-blob', 'h.bin')).toEqual({
      exit: 0,
      stdout: "Removed blob 'h.bin'\n\nSucceeded\n",
      stderr: '',
    });
    expect(blobsYml()).toBe('{}\n');
  });

  it('re-adding an uploaded blob drops its object id', async () => {
    write('config/final.yml', `name: b\n${LOCAL}`);
    await run('add-blob', HELPER, 'h.bin');
    await run('upload-blobs');
    expect(blobsYml()).toContain('object_id:');
    await run('add-blob', HELPER, 'h.bin');
    expect(blobsYml()).toBe(`h.bin:\n  size: 1024\n  sha: ${HELPER_SHA}\n`);
  });

  it('remove-blob of an untracked path removes only the file', async () => {
    write('blobs/loose/file', 'x');
    await run('add-blob', HELPER, 'h.bin');
    const before = blobsYml();
    expect(await run('remove-blob', 'loose')).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(existsSync(join(dir, 'blobs', 'loose'))).toBe(false);
    expect(blobsYml()).toBe(before);
  });
});

describe('upload-blobs errors', () => {
  beforeEach(async () => {
    await run('add-blob', HELPER, 'h.bin');
  });

  it('without a blobstore provider in config/final.yml', async () => {
    expect(await run('upload-blobs')).toEqual({
      exit: 1,
      stdout: '\n\n',
      stderr:
        "Blob upload 'h.bin' failed\nUploading blobs:\n  Creating blob for path 'h.bin':\n" +
        "    Expected non-empty 'blobstore.provider' in config '${RELEASE_DIR}/config/final.yml'\nExit code 1\n",
    });
    expect(blobsYml()).not.toContain('object_id');
  });

  it('with an unknown provider', async () => {
    write('config/final.yml', 'name: b\nblobstore: {provider: nope}\n');
    expect((await run('upload-blobs')).stderr).toBe(
      "Blob upload 'h.bin' failed\nUploading blobs:\n  Creating blob for path 'h.bin':\n" +
        '    Expected release blobstore to be configured\nExit code 1\n',
    );
  });

  it('takes blobstore options from config/private.yml over config/final.yml', async () => {
    write('config/final.yml', `name: b\n${LOCAL}`);
    write('config/private.yml', 'blobstore: {options: {blobstore_path: ../private-store}}\n');
    expect((await run('upload-blobs')).exit).toBe(0);
    expect(readdirSync(join(work.root, 'private-store'))).toHaveLength(1);
    expect(existsSync(join(dir, '.blobstore'))).toBe(false);
  });
});

describe('sync-blobs', () => {
  const upload = async (): Promise<string> => {
    write('config/final.yml', `name: b\n${LOCAL}`);
    await run('add-blob', HELPER, 'tools/helper.bin');
    await run('upload-blobs');
    return /object_id: (\S+)/.exec(blobsYml())?.[1] ?? '';
  };

  it('bails on a symlink anywhere under blobs/, before deleting anything', async () => {
    write('blobs/stray', 'x');
    mkdirSync(join(dir, 'blobs', 'a', 'b'), { recursive: true });
    symlinkSync('/nowhere', join(dir, 'blobs', 'a', 'b', '.link'));
    expect((await run('sync-blobs')).stderr).toBe(
      'Downloading blobs:\n  Bailing because symlinks found in blobs directory. If switching from CLI v1, ' +
        'please use the `reset-release` command.\nExit code 1\n',
    );
    expect(existsSync(join(dir, 'blobs', 'stray'))).toBe(true);
  });

  it('deletes unlisted files, dotfiles too, but keeps directories', async () => {
    await upload();
    write('blobs/.hidden', 'x');
    write('blobs/tools/other.bin', 'x');
    write('blobs/deep/er/file', 'x');
    expect(await run('sync-blobs')).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(treeOf(join(dir, 'blobs')).map((e) => e.path)).toEqual([
      'deep',
      'deep/er',
      'tools',
      'tools/helper.bin',
    ]);
  });

  it('reports a digest the index cannot parse', async () => {
    const id = await upload();
    write('config/blobs.yml', `tools/helper.bin:\n  size: 1024\n  object_id: ${id}\n  sha: a:b:c\n`);
    const r = await run('sync-blobs');
    expect(normalizeUuids(r.stderr)).toBe(
      'Downloading blobs:\n' +
        "  - Generating multi digest for blob '<UUID------------------------------>' for path 'tools/helper.bin' " +
        "with digest string 'a:b:c':\n" +
        '      unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters\n' +
        'Exit code 1\n',
    );
  });

  it('fails on a blob whose stored content does not match its digest, keeping the local file', async () => {
    const id = await upload();
    writeFileSync(join(dir, '.blobstore', id), 'changed');
    writeFileSync(join(dir, 'blobs', 'tools', 'helper.bin'), 'local');
    const r = await run('sync-blobs');
    expect(normalizeUuids(r.stderr)).toBe(
      [
        "Blob download 'tools/helper.bin' (id: <UUID------------------------------>) failed",
        'Downloading blobs:',
        "  - Getting blob '<UUID------------------------------>' for path 'tools/helper.bin':",
        '      Getting blob from inner blobstore:',
        "        Checking downloaded blob '<UUID------------------------------>':",
        `          Expected stream to have digest '${HELPER_SHA}' but was ` +
          "'sha256:d67e2e944994496c8d8ec76eed0cf9f09679448d584b532bebf941852a37f5ed'",
        'Exit code 1',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'blobs', 'tools', 'helper.bin'), 'utf8')).toBe('local');
  });

  it('collects the failures of every worker', async () => {
    write('config/final.yml', `name: b\n${LOCAL}`);
    const entry = (p: string, id: string): string =>
      `${p}:\n  size: 1\n  object_id: ${id}\n  sha: ${HELPER_SHA}\n`;
    write('config/blobs.yml', entry('a', 'missing-a') + entry('b', 'missing-b'));
    const r = await run('--parallel', '2', 'sync-blobs');
    const lines = r.stderr.split('\n').filter((l) => l.includes('failed') || l.startsWith('  - '));
    expect(lines.sort()).toEqual([
      "  - Getting blob 'missing-a' for path 'a':",
      "  - Getting blob 'missing-b' for path 'b':",
      "Blob download 'a' (id: missing-a) failed",
      "Blob download 'b' (id: missing-b) failed",
    ]);
  });
});

describe('BlobsDir directly', () => {
  it('syncs with the progress lines of a terminal, none when piped', async () => {
    write('config/final.yml', `name: b\n${LOCAL}`);
    await run('add-blob', HELPER, 'h.bin');
    await run('upload-blobs');
    const out: string[] = [];
    const writer = new WriterUi({ stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, false);
    const piped = new BlobsDir(dir, work.tools, new BlobsReporter(new NonTtyUi(new PaddingUi(writer))));
    writeFileSync(join(dir, 'blobs', 'h.bin'), '');
    await piped.syncBlobs(1);
    expect(out).toEqual([]);
    writeFileSync(join(dir, 'blobs', 'h.bin'), '');
    await new BlobsDir(dir, work.tools, new BlobsReporter(new PaddingUi(writer))).syncBlobs(1);
    expect(normalizeUuids(out.join(''))).toBe(
      `Blob download 'h.bin' (1.0 kB) (id: <UUID------------------------------> sha1: ${HELPER_SHA}) started\n` +
        "Blob download 'h.bin' (id: <UUID------------------------------>) finished\n",
    );
    expect(await readBlobs(dir)).toEqual([
      { path: 'h.bin', size: 1024, objectId: expect.any(String) as string, sha: HELPER_SHA },
    ]);
  });

  it('tracks from an open file handle', async () => {
    const handle = await open(HELPER, 'r');
    try {
      const blob = await new BlobsDir(
        dir,
        work.tools,
        new BlobsReporter(
          new PaddingUi(
            new NonTtyUi(new WriterUi({ stdout: () => undefined, stderr: () => undefined }, false)),
          ),
        ),
      ).trackBlob('x/y/h.bin', handle, HELPER);
      expect(blob).toEqual({ path: 'x/y/h.bin', size: 1024, sha: HELPER_SHA });
    } finally {
      await handle.close();
    }
    expect(treeOf(join(dir, 'blobs')).map((e) => `${e.path} ${e.mode}`)).toEqual([
      'x 0755',
      'x/y 0755',
      'x/y/h.bin 0600',
    ]);
  });
});
