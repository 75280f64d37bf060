import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTERPOLATE,
  type InterpolateCase,
  loadInterpolateCases,
  runCase,
  sha256,
} from './support/conformance.js';

// Every case of the recorded corpus, run through the real `bosh` binary: stdout, stderr and exit code must be
// byte-identical to bosh-cli 7.9.13, and a golden store must be left untouched.
const cases = await loadInterpolateCases();

async function expected(path: string | null): Promise<Buffer | undefined> {
  return path === null ? undefined : readFile(join(INTERPOLATE, path));
}

describe.concurrent('bosh interpolate conformance', () => {
  it.each(cases.map((c): [string, InterpolateCase] => [c.name, c]))('%s', async (_name, c) => {
    const result = await runCase(c);
    const stdout = await expected(c.stdout);
    const stderr = await expected(c.stderr);
    expect(result.stderr.toString()).toBe(stderr === undefined ? '' : stderr.toString());
    if (stdout !== undefined) expect(result.stdout.toString()).toBe(stdout.toString());
    expect(sha256(result.stdout)).toBe(c.stdout_sha256);
    expect(result.exit).toBe(c.exit);
    if (result.storeBefore !== undefined) {
      expect(result.storeAfter?.equals(result.storeBefore), 'the golden store must not change').toBe(true);
    }
    if (c.path_expected_value !== undefined) {
      expect(result.stdout.toString().trim()).toBe(c.path_expected_value);
    }
  });
});
