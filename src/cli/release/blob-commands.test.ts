import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  mkdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOB_COMMANDS,
  bosh,
  CORPUS,
  expected,
  makeWork,
  materialize,
  normalizeUuids,
  treeOf,
  type RunResult,
  type Work,
} from '../../testing/blob-cli-harness.js';

/**
 * The blob commands replayed step by step as the corpus case `blobs/blob-commands` records them, plus the
 * failure cases whose outcome the blob sync decides (`create-release` stands in as its first step only: see
 * BLOB_COMMANDS).
 */
const CASE = 'blobs/blob-commands';
const SOURCES = join(CORPUS, 'inputs', 'blob-sources');

function expectStep(r: RunResult, step: string, exit = 0, normalize = (s: string) => s): void {
  expect({ exit: r.exit, stdout: normalize(r.stdout), stderr: r.stderr }).toEqual({
    exit,
    stdout: expected(CASE, step, 'stdout'),
    stderr: expected(CASE, step, 'stderr'),
  });
}

describe('blobs/blob-commands', () => {
  let work: Work;
  let dir: string;
  const run = (...args: string[]): Promise<RunResult> => bosh(work, BLOB_COMMANDS, args, dir);
  const blobsYml = (): string => readFileSync(join(dir, 'config', 'blobs.yml'), 'utf8');

  beforeAll(() => {
    process.umask(0o022);
    work = makeWork();
    dir = join(work.root, 'blobs-release');
    work.vars.set('${RELEASE_DIR}', dir);
    materialize('blobs', dir);
    rmSync(join(dir, 'blobs'), { recursive: true });
    writeFileSync(join(dir, 'config', 'blobs.yml'), '--- {}\n');
  });
  afterAll(() => {
    work.dispose();
  });

  it('01 add-blob prints nothing without a TTY and records size and sha256', async () => {
    const r = await run('add-blob', join(SOURCES, 'runtime-1.2.3.tar.gz'), 'vendor/runtime-1.2.3.tar.gz');
    expectStep(r, '01-add-blob-runtime');
    expect(blobsYml()).toBe(expected(CASE, '01-add-blob-runtime', 'tree/config/blobs.yml'));
  });

  it('02-03 add-blob copies into blobs/ with mode 0600 (directories 0755)', async () => {
    expectStep(await run('add-blob', join(SOURCES, 'helper.bin'), 'tools/helper.bin'), '02-add-blob-helper');
    expectStep(await run('add-blob', join(SOURCES, 'data.txt'), 'shared/data.txt'), '03-add-blob-data');
    expect(blobsYml()).toBe(expected(CASE, '03-add-blob-data', 'tree/config/blobs.yml'));
    expect(treeOf(join(dir, 'blobs'))).toEqual(JSON.parse(expected(CASE, '03-add-blob-data', 'tree.json')));
    expect(readdirSync(work.tools.tempRoot)).toEqual([]);
  });

  it('04 blobs: tab-separated data rows when piped', async () => {
    expectStep(await run('blobs'), '04-blobs');
  });

  it('05 blobs --tty: headers, IEC sizes, footer, Succeeded', async () => {
    expectStep(await run('--tty', 'blobs'), '05-blobs-tty');
  });

  it('06 blobs --json', async () => {
    expectStep(await run('--json', 'blobs'), '06-blobs-json');
  });

  it('07 add-blob of the same file again leaves the index as it was', async () => {
    expectStep(await run('add-blob', join(SOURCES, 'data.txt'), 'shared/data.txt'), '07-add-blob-again');
    expect(blobsYml()).toBe(expected(CASE, '07-add-blob-again', 'tree/config/blobs.yml'));
  });

  it('08 add-blob of a missing file fails with "Opening blob"', async () => {
    const r = await run('add-blob', join(work.out, 'does-not-exist.bin'), 'x/y.bin');
    expectStep(r, '08-add-blob-missing-source', 1);
    expect(existsSync(join(dir, 'blobs', 'x'))).toBe(false);
  });

  it('09 the blob sync of create-release deletes untracked files under blobs/', async () => {
    mkdirSync(join(dir, 'blobs', 'stray'));
    writeFileSync(join(dir, 'blobs', 'stray', 'untracked.bin'), 'not in config/blobs.yml\n');
    const r = await run('create-release', '--force');
    expect(r).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(existsSync(join(dir, 'blobs', 'stray', 'untracked.bin'))).toBe(false);
    expect(existsSync(join(dir, 'blobs', 'tools', 'helper.bin'))).toBe(true);
    expect(existsSync(join(dir, 'blobs', 'shared', 'data.txt'))).toBe(true);
  });

  it('10 remove-blob deletes the file and the entry', async () => {
    expectStep(await run('remove-blob', 'shared/data.txt'), '10-remove-blob');
    expect(blobsYml()).toBe(expected(CASE, '10-remove-blob', 'tree/config/blobs.yml'));
    expect(existsSync(join(dir, 'blobs', 'shared', 'data.txt'))).toBe(false);
  });

  it('11 upload-blobs --tty: SI sizes in the progress lines, object ids recorded', async () => {
    expectStep(await run('--tty', 'upload-blobs'), '11-upload-blobs-tty', 0, normalizeUuids);
    expect(normalizeUuids(blobsYml())).toBe(expected(CASE, '11-upload-blobs-tty', 'tree/config/blobs.yml'));
    expect(readdirSync(join(dir, '.blobstore'))).toHaveLength(2);
  });

  it('12 upload-blobs again has nothing to upload', async () => {
    const before = blobsYml();
    expectStep(await run('--tty', 'upload-blobs'), '12-upload-blobs-again');
    expect(blobsYml()).toBe(before);
  });

  it('13 blobs --tty shows the blobstore ids', async () => {
    expectStep(await run('--tty', 'blobs'), '13-blobs-after-upload', 0, normalizeUuids);
  });

  it('14 sync-blobs downloads every uploaded blob into a missing blobs/', async () => {
    rmSync(join(dir, 'blobs'), { recursive: true });
    expectStep(await run('--tty', '--parallel', '1', 'sync-blobs'), '14-sync-blobs', 0, normalizeUuids);
    expect(treeOf(join(dir, 'blobs'))).toEqual([
      { path: 'tools', type: 'dir', mode: '0755' },
      {
        path: 'tools/helper.bin',
        type: 'file',
        mode: '0600',
        size: 1024,
        sha256: '785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9',
      },
      { path: 'vendor', type: 'dir', mode: '0755' },
      {
        path: 'vendor/runtime-1.2.3.tar.gz',
        type: 'file',
        mode: '0600',
        size: 179,
        sha256: '5023f76203e74849e95c21e56b9a311a42f9826e72ba949ad50df85666b2af66',
      },
    ]);
  });

  it('sync-blobs again downloads nothing; a corrupt local copy is downloaded again', async () => {
    expect(await run('--tty', 'sync-blobs')).toEqual({ exit: 0, stdout: 'Succeeded\n', stderr: '' });
    writeFileSync(join(dir, 'blobs', 'tools', 'helper.bin'), 'corrupt');
    const r = await run('--tty', 'sync-blobs');
    expect(normalizeUuids(r.stdout)).toBe(
      "Blob download 'tools/helper.bin' (1.0 kB) (id: <UUID------------------------------> sha1: " +
        'sha256:785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9) started\n' +
        "Blob download 'tools/helper.bin' (id: <UUID------------------------------>) finished\n\nSucceeded\n",
    );
    expect(readFileSync(join(dir, 'blobs', 'tools', 'helper.bin'))).toEqual(
      readFileSync(join(SOURCES, 'helper.bin')),
    );
  });
});

describe('failure cases decided by the blob sync', () => {
  let work: Work;
  let dir: string;

  beforeAll(() => {
    process.umask(0o022);
  });
  afterAll(() => {
    work.dispose();
  });

  const setUp = (): void => {
    if (typeof work !== 'undefined') work.dispose();
    work = makeWork();
    dir = join(work.root, 'blobs-release');
    work.vars.set('${RELEASE_DIR}', dir);
    materialize('blobs', dir);
  };
  const expectCase = (r: RunResult, id: string): void => {
    expect({ exit: r.exit, stdout: r.stdout, stderr: r.stderr }).toEqual({
      exit: 1,
      stdout: expected('failures', id, '01-create', 'stdout'),
      stderr: expected('failures', id, '01-create', 'stderr'),
    });
  };

  it('failures/blob-not-in-blobstore: the failed download line, then the pool error', async () => {
    setUp();
    rmSync(join(dir, 'blobs', 'tools', 'helper.bin'));
    writeFileSync(
      join(dir, 'config', 'blobs.yml'),
      'shared/data.txt:\n  size: 51\n  sha: sha256:ae8e0b3b5d0b1c06a4932cab8b1e4aa3dec3d6e80dbd6ba60e1a1c4ab4f1c8a9\n' +
        'tools/helper.bin:\n  size: 1024\n  object_id: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\n' +
        '  sha: sha256:785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9\n' +
        'vendor/runtime-1.2.3.tar.gz:\n  size: 0\n' +
        '  sha: sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    );
    expectCase(await bosh(work, BLOB_COMMANDS, ['create-release'], dir), 'blob-not-in-blobstore');
  });

  it('failures/blobs-symlink: any symlink under blobs/ bails out', async () => {
    setUp();
    symlinkSync('tools/helper.bin', join(dir, 'blobs', 'link.bin'));
    expectCase(await bosh(work, BLOB_COMMANDS, ['create-release'], dir), 'blobs-symlink');
    expect(existsSync(join(dir, 'blobs', 'link.bin'))).toBe(true);
  });

  it.each([
    ['blob-missing', 'blobs/tools/helper.bin'],
    ['blob-missing-silently', 'blobs/vendor/runtime-1.2.3.tar.gz'],
  ])('failures/%s: a listed blob without object id and file is no sync error', async (_id, missing) => {
    setUp();
    rmSync(join(dir, missing));
    const before = treeOf(dir);
    expect(await bosh(work, BLOB_COMMANDS, ['create-release'], dir)).toEqual({
      exit: 0,
      stdout: '',
      stderr: '',
    });
    expect(treeOf(dir)).toEqual(before);
  });
});
