import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBosh } from './support/run-bosh.js';

// User-visible errors of the release commands that the recorded corpus does not reach.
const work = mkdtempSync(join(tmpdir(), 'bosh-ts-release-errors-'));
const env = { HOME: join(work, 'home') };
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('release command errors', () => {
  it('rejects a --parallel that is not a number with Go strconv words', async () => {
    const result = await runBosh(['--parallel', 'x', 'create-release'], { cwd: work, env });
    expect(result).toEqual({
      exit: 1,
      stdout: '\n',
      stderr:
        'invalid argument for flag `--parallel\' (expected int): strconv.ParseInt: parsing "x": invalid syntax\nExit code 1\n',
    });
  });

  it('vendor-package needs a release in the source directory', async () => {
    const src = join(work, 'empty-release');
    expect((await runBosh(['init-release', '--dir', src], { env })).exit).toBe(0);
    const target = join(work, 'target-release');
    expect((await runBosh(['init-release', '--dir', target], { env })).exit).toBe(0);
    const result = await runBosh(['vendor-package', 'pkg', src, '--dir', target], { env });
    expect(result.exit).toBe(1);
    expect(result.stderr).toBe('Expected to find at least one dev or final version\nExit code 1\n');
  });
});
