import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMemberOrder, compareTarball } from './compare-tarball.js';
import { buildMinimal, listing, normalizeMf, recordedMf } from './fake-release.js';

// The tarball comparison against the corpus recording of minimal/standard 01-create-dev: a tarball built as
// README §6–7 describe passes, broken ones are reported.
const work = mkdtempSync(join(tmpdir(), 'tarball-test-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
const build = (name: string, opts: Parameters<typeof buildMinimal>[1] = {}) =>
  buildMinimal(join(work, name), opts);

describe('compareTarball', () => {
  it('accepts a tarball built as README §6–7 describe', async () => {
    const b = build('good');
    const cmp = await compareTarball('dev.tgz', readFileSync(b.tarball), listing, recordedMf, normalizeMf);
    expect(cmp.problems).toEqual([]);
    expect(cmp.members.map((m) => m.name)).toEqual([
      'release.MF',
      'jobs/',
      'jobs/hello.tgz',
      'packages/',
      'packages/empty.tgz',
    ]);
  });

  it('reports member order, inner modes, missing members and release.MF content', async () => {
    const b = build('bad', { jobMfMode: 0o755, order: ['packages', 'jobs'] });
    const cmp = await compareTarball('dev.tgz', readFileSync(b.tarball), listing, recordedMf, normalizeMf);
    const text = cmp.problems.join('\n');
    expect(text).toMatch(/member order breaks README §7 \(jobs\/ after packages\/empty\.tgz\)/);
    expect(text).toMatch(/-release\.MF file 0644/);
    expect(text).toMatch(/dev\.tgz jobs\/hello\.tgz: inner entries differ/);
    expect(text).toMatch(/-\.\/job\.MF file 0644 size=61/);
    expect(text).toMatch(/\+\.\/job\.MF file 0755 size=61/);
  });

  it('reports a file that is not gzip', async () => {
    const cmp = await compareTarball('x.tgz', Buffer.from('plain'), listing, recordedMf, normalizeMf);
    expect(cmp.problems).toEqual(['x.tgz is not gzip-compressed']);
  });

  it('checkMemberOrder accepts any order within jobs/ and packages/, LICENSE before NOTICE', () => {
    const ok = [
      'release.MF',
      'jobs/',
      'jobs/b.tgz',
      'jobs/a.tgz',
      'packages/',
      'packages/z.tgz',
      'license.tgz',
    ];
    expect(checkMemberOrder([...ok, 'LICENSE', 'NOTICE'])).toEqual([]);
    expect(checkMemberOrder([...ok, 'NOTICE', 'LICENSE'])[0]).toMatch(/LICENSE after NOTICE/);
  });
});
