import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBosh } from './support/run-bosh.js';

// Release tarballs made the way bosh-cli makes them (GNU `tar -czf`, members without `./`), read by our CLI:
// a compiled release whose manifest uses the Ruby CLI's `!binary` digests, which older releases still carry.
const work = mkdtempSync(join(tmpdir(), 'bosh-ts-interop-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const JOB_FP = 'a'.repeat(40);
const PKG_FP = 'b'.repeat(40);
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const binary = (text: string): string => Buffer.from(text).toString('base64');

function compiledRelease(): string {
  const dir = join(work, 'compiled');
  mkdirSync(join(dir, 'jobs'), { recursive: true });
  mkdirSync(join(dir, 'compiled_packages'), { recursive: true });
  writeFileSync(
    join(dir, 'release.MF'),
    [
      '---',
      'name: legacy',
      'version: 12',
      'commit_hash: 4c3b2a1',
      'uncommitted_changes: false',
      'jobs:',
      '- name: web',
      `  version: !binary |-`,
      `    ${binary(JOB_FP)}`,
      `  fingerprint: !binary |-`,
      `    ${binary(JOB_FP)}`,
      `  sha1: !binary |-`,
      `    ${binary(SHA1)}`,
      '  packages:',
      '  - nginx',
      'compiled_packages:',
      '- name: nginx',
      `  version: ${PKG_FP}`,
      `  fingerprint: ${PKG_FP}`,
      `  sha1: sha256:${'c'.repeat(64)}`,
      '  stemcell: ubuntu-jammy/1.18',
      '  dependencies: []',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'jobs', 'web.tgz'), 'job archive');
  writeFileSync(join(dir, 'compiled_packages', 'nginx.tgz'), 'package archive');
  const tarball = join(work, 'legacy-12.tgz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'release.MF', 'jobs', 'compiled_packages']);
  return tarball;
}

describe('release tarballs made by GNU tar', () => {
  it('inspects a compiled release with legacy !binary digests, showing OS columns', async () => {
    const tarball = compiledRelease();
    const result = await runBosh(['--tty', 'inspect-local-release', tarball], {
      env: { HOME: join(work, 'home') },
    });
    expect(result.stderr).toBe('');
    expect(result.exit).toBe(0);
    expect(result.stdout).toContain(
      `Name         legacy  \nVersion      12  \nCommit Hash  4c3b2a1  \nArchive      ${tarball}  \n`,
    );
    expect(result.stdout).toContain(`web/${JOB_FP}  ${SHA1}  nginx  \n`);
    expect(result.stdout).toMatch(
      new RegExp(
        `Package +Digest +Dependencies +OS +OS Version  \\nnginx/${PKG_FP}  sha256:c{64}  -  +ubuntu-jammy  1\\.18  \\n`,
      ),
    );
    expect(result.stdout).toContain('\n1 packages\n');
  });

  it('reports a tarball without release.MF in bosh-cli words', async () => {
    const dir = join(work, 'empty');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README'), 'not a release');
    const tarball = join(work, 'not-a-release.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', dir, 'README']);
    const result = await runBosh(['inspect-local-release', tarball], { env: { HOME: join(work, 'home') } });
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(
      /^Reading manifest '.*\/release\.MF':\n {2}Opening file .*\/release\.MF:\n {4}open .*\/release\.MF: no such file or directory\nExit code 1\n$/,
    );
  });
});
