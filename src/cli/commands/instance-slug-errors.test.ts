import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;
useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

/** The stderr of `bosh -n -d dep args...`, which fails before any request. */
async function failure(args: string[]): Promise<string> {
  const r = await h.onTest(['-n', '-d', 'dep', ...args]);
  expect(r.exit).toBe(1);
  expect(d.seen).toEqual([]);
  return r.stderr;
}

describe('instance slug arguments', () => {
  it('INSTANCE-GROUP[/INSTANCE-ID] needs a name, and an ID or index after a slash', async () => {
    expect(await failure(['start', 'web/'])).toBe(
      "Expected instance 'web/' to specify non-empty ID or index\nExit code 1\n",
    );
    expect(await failure(['start', '/0'])).toBe(
      "Expected pool or instance '/0' to specify non-empty name\nExit code 1\n",
    );
  });

  it('INSTANCE-GROUP/INSTANCE-ID needs both parts non-empty', async () => {
    expect(await failure(['ignore', 'web/'])).toBe(
      "Expected instance 'web/' to specify non-empty index or ID\nExit code 1\n",
    );
    expect(await failure(['unignore', '/abc'])).toBe(
      "Expected instance '/abc' to specify non-empty name\nExit code 1\n",
    );
  });
});

describe('bosh ssh --private-key', () => {
  it('needs a non-empty file path', async () => {
    const expected =
      "invalid argument for flag `-i, --private-key' (expected opts.FileBytesWithPathArg): " +
      'Expected file path to be non-empty\nExit code 1\n';
    expect(await failure(['ssh', '-i', '', '-c', 'x'])).toBe(expected);
    expect(await failure(['ssh', '--private-key=', '-c', 'x'])).toBe(expected);
  });
});
