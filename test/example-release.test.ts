import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBosh } from './support/run-bosh.js';

// The README's release workflow, step by step, on the example release the deploy quickstart uses.
const work = mkdtempSync(join(tmpdir(), 'bosh-ts-example-'));
const dir = join(work, 'hello-release');
const env = { HOME: join(work, 'home') };
cpSync(resolve(import.meta.dirname, '../examples/hello-release'), dir, {
  recursive: true,
  verbatimSymlinks: true,
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('examples/hello-release', () => {
  it('builds a dev release, then a final release tarball that inspects the same', async () => {
    const dev = await runBosh(['--tty', '--parallel', '1', 'create-release', '--force'], { cwd: dir, env });
    expect(dev.stderr).toBe('');
    expect(dev.stdout).toMatch(/^Adding job 'hello\/[0-9a-f]{64}'\.\.\.\n/);
    expect(dev.stdout).toContain("Added dev release 'hello/0+dev.1'");
    expect(existsSync(join(dir, 'dev_releases/hello/hello-0+dev.1.yml'))).toBe(true);

    const tarball = join(work, 'hello-1.tgz');
    const final = await runBosh(['create-release', '--final', '--force', '--tarball', tarball], {
      cwd: dir,
      env,
    });
    expect(final.exit).toBe(0);
    const finalManifest = readFileSync(join(dir, 'releases/hello/hello-1.yml'), 'utf8');
    expect(finalManifest).toMatch(
      /^name: hello\nversion: "1"\ncommit_hash: non-git\nuncommitted_changes: false\njobs:\n- name: hello\n/,
    );
    expect(finalManifest).toContain('  packages:\n  - hello\n');
    expect(readFileSync(join(dir, '.final_builds/packages/hello/index.yml'), 'utf8')).toContain(
      'blobstore_id: ',
    );

    const inspected = await runBosh(['inspect-local-release', tarball], { cwd: dir, env });
    expect(inspected.exit).toBe(0);
    expect(inspected.stdout.split('\n').slice(0, 3)).toEqual(['hello\t', '1\t', 'non-git\t']);
  });
});
