import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The shared corpus sits beside the project (`../shared`), in CI as here. */
export const SHARED = resolve(import.meta.dirname, '../../../shared');
export const INTERPOLATE = join(SHARED, 'conformance/interpolate');
export const BOSH_BIN = resolve(import.meta.dirname, '../../bin/bosh.cjs');

export interface InterpolateCase {
  name: string;
  source: string;
  description: string;
  cwd: string;
  args: string[];
  env?: Record<string, string>;
  store: string | null;
  exit: number;
  stdout: string | null;
  stdout_sha256: string;
  stderr: string | null;
  features: string[];
  path_expected_value?: string;
}

export async function loadInterpolateCases(): Promise<InterpolateCase[]> {
  return JSON.parse(await readFile(join(INTERPOLATE, 'cases.json'), 'utf8')) as InterpolateCase[];
}

export interface RunResult {
  exit: number;
  stdout: Buffer;
  stderr: Buffer;
  storeBefore?: Buffer;
  storeAfter?: Buffer;
}

/** Runs our `bosh` as the corpus README prescribes: fresh HOME, only PATH and the case's env, no TTY. */
export async function runCase(c: InterpolateCase): Promise<RunResult> {
  const home = await mkdtemp(join(tmpdir(), 'bosh-ts-case-'));
  try {
    let storePath: string | undefined;
    if (c.store !== null) {
      storePath = join(home, 'store.yml');
      await copyFile(join(INTERPOLATE, c.store), storePath);
    }
    const args = c.args.map((a) => (a === '{{STORE}}' && storePath ? storePath : a));
    const storeBefore = storePath ? await readFile(storePath) : undefined;
    const result = await new Promise<RunResult>((done) => {
      const child = execFile(
        process.execPath,
        [BOSH_BIN, ...args],
        {
          cwd: join(INTERPOLATE, 'inputs', c.cwd),
          env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', ...c.env },
          encoding: 'buffer',
          maxBuffer: 64 * 1024 * 1024,
          timeout: 120_000,
        },
        (error, stdout, stderr) => {
          const exit = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          done({ exit, stdout, stderr });
        },
      );
      child.stdin?.end();
    });
    if (storePath && storeBefore) {
      result.storeBefore = storeBefore;
      result.storeAfter = await readFile(storePath);
    }
    return result;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
