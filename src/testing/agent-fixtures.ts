import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterEach, beforeEach } from 'vitest';
import { Dirs } from '../agent/dirs.js';
import type { Logger } from '../agent/logger.js';
import type { AgentBlobstore, BlobSource } from '../agent/ports.js';

/**
 * Shared setup of the agent's applier and compiler tests: a temp `root` per test holding the VM's dirs under
 * `vm/` and a blobstore directory `blobs/`. `root`, `dirs` and `blobs` are live bindings, set afresh before each
 * test by `useAgentRoot`.
 */
export let root: string;
export let dirs: Dirs;
export let blobs: DirBlobstore;

/** A logger that drops everything. */
export const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');

/** Blobs from a directory; records what was fetched and deleted, and stores what is created. */
export class DirBlobstore implements AgentBlobstore {
  readonly fetched: string[] = [];
  readonly deleted: string[] = [];
  private n = 0;
  /** `uploads: false` makes an upload fail the test: the applier must never upload anything. */
  constructor(
    private readonly dir: string,
    private readonly uploads = true,
  ) {}
  async get(source: BlobSource): Promise<string> {
    this.fetched.push(source.blobstoreId);
    const dest = join(this.dir, `fetched-${String(++this.n)}`);
    await copyFile(join(this.dir, source.blobstoreId), dest);
    if (sha1(await readFile(dest)) !== source.digest) throw new Error('digest mismatch');
    return dest;
  }
  cleanUp(path: string): Promise<void> {
    return rm(path, { force: true });
  }
  async create(path: string): Promise<{ blobId: string; sha1: string }> {
    if (!this.uploads) throw new Error('unused');
    const blobId = `compiled-${String(++this.n)}`;
    await copyFile(path, join(this.dir, blobId));
    return { blobId, sha1: sha1(await readFile(path)) };
  }
  delete(id: string): Promise<void> {
    this.deleted.push(id);
    return Promise.resolve();
  }
}

/** A fresh `root` (named `<prefix>…`) with `dirs` and `blobs` before each test, removed after it. */
export function useAgentRoot(prefix: string, options: { uploads?: boolean } = {}): void {
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    dirs = new Dirs(join(root, 'vm'));
    await mkdir(join(root, 'blobs'), { recursive: true });
    blobs = new DirBlobstore(join(root, 'blobs'), options.uploads ?? true);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
}

/** Writes `files` under a staging dir and tars `entries` (relative to it) as blob `id`; returns its sha1. */
export async function tarBlob(
  id: string,
  files: Record<string, string>,
  entries: string[],
  gzip = true,
): Promise<string> {
  const staging = join(root, `staging-${id}`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(staging, path, '..'), { recursive: true });
    await writeFile(join(staging, path), content);
  }
  await create({ file: join(root, 'blobs', id), cwd: staging, gzip }, entries);
  return sha1(await readFile(join(root, 'blobs', id)));
}
