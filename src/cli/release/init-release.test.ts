import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BLOB_COMMANDS as COMMANDS,
  bosh,
  expected,
  makeWork,
  treeOf,
  type RunResult,
  type Work,
} from '../../testing/blob-cli-harness.js';
import { RELEASE_GITIGNORE } from '../../adapters/git/git-repo.js';
import { defaultReleaseName } from './release-dir-init.js';

const CASE = 'generators/init-and-generate';

let work: Work;
beforeEach(() => {
  process.umask(0o022);
  work = makeWork();
});
afterEach(() => {
  work.dispose();
});

const read = (...path: string[]): string => readFileSync(join(...path), 'utf8');

function expectStep(r: RunResult, step: string): void {
  expect({ exit: r.exit, stdout: r.stdout, stderr: r.stderr }).toEqual({
    exit: 0,
    stdout: expected(CASE, step, 'stdout'),
    stderr: expected(CASE, step, 'stderr'),
  });
}

describe('init-release (generators/init-and-generate)', () => {
  it('01 creates jobs/, packages/, src/, config/final.yml and config/blobs.yml in a new --dir', async () => {
    const dir = join(work.root, 'demo-release');
    expectStep(await bosh(work, COMMANDS, ['init-release', '--dir', dir], work.root), '01-init-release');
    expect(read(dir, 'config', 'final.yml')).toBe(expected(CASE, '01-init-release', 'tree/config/final.yml'));
    expect(read(dir, 'config', 'blobs.yml')).toBe(expected(CASE, '01-init-release', 'tree/config/blobs.yml'));
    expect(treeOf(dir)).toEqual(JSON.parse(expected(CASE, '01-init-release', 'tree.json')));
  });

  it('09 re-serializes config/final.yml (blobstore kept, comments and unknown keys dropped), resets blobs.yml', async () => {
    const dir = join(work.root, 'demo-release');
    await bosh(work, COMMANDS, ['init-release', '--dir', dir], work.root);
    writeFileSync(
      join(dir, 'config', 'final.yml'),
      '---\n# comment is lost\nblobstore:\n  options:\n    blobstore_path: ../shared-blobs\n  provider: local\n' +
        'name: old-name\nextra_key: dropped\n',
    );
    writeFileSync(
      join(dir, 'config', 'blobs.yml'),
      'a/b.tgz:\n  size: 3\n  sha: sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n',
    );
    expectStep(await bosh(work, COMMANDS, ['init-release'], dir), '09-init-release-again');
    const step = '09-init-release-again';
    expect(read(dir, 'config', 'final.yml')).toBe(expected(CASE, step, 'tree/config/final.yml'));
    expect(read(dir, 'config', 'blobs.yml')).toBe(expected(CASE, step, 'tree/config/blobs.yml'));
  });

  it('10 --git runs git init and writes the release .gitignore; the name is the plain base name', async () => {
    const dir = join(work.root, 'plain');
    mkdirSync(dir);
    const step = '10-init-release-git';
    expectStep(await bosh(work, COMMANDS, ['init-release', '--git'], dir), step);
    expect(read(dir, '.gitignore')).toBe(expected(CASE, step, 'tree/dot-gitignore'));
    expect(RELEASE_GITIGNORE).toBe(expected(CASE, step, 'tree/dot-gitignore'));
    expect(read(dir, 'config', 'final.yml')).toBe(expected(CASE, step, 'tree/config/final.yml'));
    expect(read(dir, 'config', 'blobs.yml')).toBe(expected(CASE, step, 'tree/config/blobs.yml'));
    expect(existsSync(join(dir, '.git'))).toBe(true);
    expect(treeOf(dir)).toEqual(JSON.parse(expected(CASE, step, 'tree.json')));
  });

  it('prints Succeeded on a terminal', async () => {
    const dir = join(work.root, 'x-release');
    expect(await bosh(work, COMMANDS, ['--tty', 'init-release', '--dir', dir], work.root)).toEqual({
      exit: 0,
      stdout: 'Succeeded\n',
      stderr: '',
    });
    expect(read(dir, 'config', 'final.yml')).toBe('name: x\n');
  });

  it('drops a legacy final_name for the name from the directory (quoted as go-yaml quotes a bool-like y)', async () => {
    const dir = join(work.root, 'y');
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config', 'final.yml'), 'final_name: legacy\n');
    expect((await bosh(work, COMMANDS, ['init-release'], dir)).exit).toBe(0);
    expect(read(dir, 'config', 'final.yml')).toBe('name: "y"\n');
  });

  it('fails on an unreadable config/final.yml before writing anything', async () => {
    const dir = join(work.root, 'z-release');
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config', 'final.yml'), 'name: [a]\n');
    const r = await bosh(work, COMMANDS, ['init-release'], dir);
    expect(r).toEqual({
      exit: 1,
      stdout: '\n',
      stderr:
        "Unmarshalling config '${WORK}/z-release/config/final.yml':\n" +
        '  yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string\nExit code 1\n',
    });
    expect(existsSync(join(dir, 'config', 'blobs.yml'))).toBe(false);
  });

  it('fails with "Creating jobs/" when the directory cannot be made', async () => {
    const file = join(work.root, 'file');
    writeFileSync(file, '');
    const r = await bosh(work, COMMANDS, ['init-release', '--dir', join(file, 'r')], work.root);
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('Creating jobs/:\n  mkdir ${WORK}/file/r/jobs: not a directory\nExit code 1\n');
  });

  it.each([
    ['/a/cf-release', 'cf'],
    ['/a/plain', 'plain'],
    ['/a/release-release', 'release'],
    ['/a/-release', ''],
    ['/a/my-release-x', 'my-release-x'],
  ])('names %s %j', (dir, name) => {
    expect(defaultReleaseName(dir)).toBe(name);
  });
});

describe('reset-release', () => {
  it('removes .dev_builds, dev_releases, .blobs and blobs, and nothing else', async () => {
    const dir = join(work.root, 'r-release');
    for (const d of [
      '.dev_builds/jobs',
      'dev_releases/r',
      '.blobs',
      'blobs/a',
      '.final_builds',
      'releases',
      'src',
    ]) {
      mkdirSync(join(dir, d), { recursive: true });
    }
    writeFileSync(join(dir, 'blobs', 'a', 'b.tgz'), 'x');
    expect(await bosh(work, COMMANDS, ['reset-release', '--dir', dir], work.root)).toEqual({
      exit: 0,
      stdout: '',
      stderr: '',
    });
    expect(treeOf(dir).map((e) => e.path)).toEqual(['.final_builds', 'releases', 'src']);
    expect((await bosh(work, COMMANDS, ['reset-release'], dir)).exit).toBe(0);
  });
});
