import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create, list } from 'tar';
import { afterEach, beforeEach } from 'vitest';
import { NodeResourceArchiver } from '../adapters/release-archive/resource-archiver.js';
import type {
  ReleaseTarballContent,
  ResourceArchiveRequest,
  SourceFile,
  StagedFile,
} from '../ports/release-archive.js';

/**
 * Shared setup of the release-archive adapter tests: a temp work dir per test (with a `home/.bosh/tmp` temp root
 * inside it), files and inner archives written into it, and archive listings. `work`, `tempRoot` and `archiver`
 * are live bindings, set afresh before each test by `useWorkDir` / `useArchiverWorkDir`.
 */
export let work: string;
export let tempRoot: string;
export let archiver: NodeResourceArchiver;

/** A fresh `work` dir (named `<prefix>…`) before each test, removed after it. */
export function useWorkDir(prefix: string): void {
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), prefix));
    tempRoot = join(work, 'home/.bosh/tmp');
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });
}

/** `useWorkDir` plus a resource `archiver` on `tempRoot` with a fixed clock. */
export function useArchiverWorkDir(): void {
  useWorkDir('bosh-ts-archiver-');
  beforeEach(() => {
    archiver = new NodeResourceArchiver({ tempRoot, now: () => new Date('2024-01-02T03:04:05Z') });
  });
}

/** Writes `content` to `work/<path>` (making its directories); returns the full path. */
export async function put(path: string, content: string | Buffer): Promise<string> {
  const full = join(work, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, content);
  return full;
}

/** `put`, then sets the file's mode (0644 unless given). */
export async function putSource(path: string, content: string, mode = 0o644): Promise<string> {
  const full = await put(path, content);
  await chmod(full, mode);
  return full;
}

/** A `.tgz` with `./`-prefixed entries, like the inner archives. */
export async function innerArchive(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, 'inner', name);
  for (const [path, content] of Object.entries(files)) await put(join('inner', name, path), content);
  const path = join(work, `${name}.tgz`);
  await create({ gzip: true, file: path, cwd: dir }, ['.']);
  return path;
}

/** A small release: two jobs, two packages and a license archive with bosh's and other files. */
export async function release(): Promise<ReleaseTarballContent> {
  return {
    manifestText: 'name: r\nversion: 0+dev.1\n',
    jobs: [
      { name: 'web', archivePath: await innerArchive('web', { 'job.MF': 'name: web\n' }) },
      { name: 'db', archivePath: await innerArchive('db', { 'job.MF': 'name: db\n' }) },
    ],
    packages: [
      { name: 'ruby', archivePath: await innerArchive('ruby', { packaging: 'x' }), fingerprint: 'fp-ruby' },
      { name: 'app', archivePath: await innerArchive('app', { packaging: 'y' }), fingerprint: 'fp-app' },
    ],
    license: {
      archivePath: await innerArchive('license', {
        NOTICE: 'notice\n',
        'LICENSE.md': 'md\n',
        LICENSE: 'license\n',
        'NOTICE-extra': 'extra\n',
        'other.txt': 'not copied\n',
      }),
    },
  };
}

export interface Entry {
  name: string;
  type: string;
  mode: number;
  content?: string;
  target?: string;
}

/** The entries of a resource archive in order, with permission bits, link targets and file contents. */
export async function listArchive(path: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  await list({
    file: path,
    onReadEntry: (e) => {
      const entry: Entry = { name: e.path, type: e.type, mode: (e.mode ?? 0) & 0o7777 };
      if (e.type === 'SymbolicLink') entry.target = e.linkpath ?? '';
      if (e.type === 'File') {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        e.on('end', () => (entry.content = Buffer.concat(chunks).toString('utf8')));
      }
      entries.push(entry);
    },
  });
  return entries;
}

/** The `sha256:<hex>` digest of `text`, as staged files carry it. */
export const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A request whose staged fingerprint is a digest of the staged list, so the test sees what was staged. */
export function request(
  kind: ResourceArchiveRequest['kind'],
  files: SourceFile[],
  extra: Partial<ResourceArchiveRequest> = {},
): ResourceArchiveRequest & { seen: StagedFile[][] } {
  const seen: StagedFile[][] = [];
  return {
    kind,
    name: 'x',
    files,
    fingerprint: 'same',
    stagedFingerprint: (staged) => {
      seen.push([...staged]);
      return 'same';
    },
    seen,
    ...extra,
  };
}
