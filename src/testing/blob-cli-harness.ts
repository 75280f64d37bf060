import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeReleaseBlobstoreFactory } from '../adapters/blobstore/index.js';
import { LazyCredentialGenerator } from '../adapters/credentials/lazy.js';
import { NodeFileSystem } from '../adapters/fs/node-file-system.js';
import { CliGitRepo } from '../adapters/git/git-repo.js';
import { addBlobCommand } from '../cli/commands/add-blob.js';
import { blobsCommand } from '../cli/commands/blobs.js';
import { type Command, defineCommand } from '../cli/commands/command.js';
import { initReleaseCommand } from '../cli/commands/init-release.js';
import { removeBlobCommand } from '../cli/commands/remove-blob.js';
import { resetReleaseCommand } from '../cli/commands/reset-release.js';
import { syncBlobsCommand } from '../cli/commands/sync-blobs.js';
import { uploadBlobsCommand } from '../cli/commands/upload-blobs.js';
import { flag } from '../cli/flags/option.js';
import { syncBlobs } from '../cli/release/blobs-dir.js';
import { dirOption, releaseDirOf } from '../cli/release/dir-option.js';
import type { ReleaseTools } from '../cli/release/release-tools.js';
import { runCli } from '../cli/run-cli.js';
import { PaddingUi } from '../cli/ui/padding-ui.js';
import { WriterUi } from '../cli/ui/writer-ui.js';

/**
 * Runs release CLI commands in-process against real temp directories, the way the release corpus replays them
 * (README §2): a scratch `${WORK}` with an empty `${HOME}`, output captured as a non-TTY process would see it,
 * and absolute paths put back as `${VAR}` for comparing with the recordings.
 */
export const CORPUS = resolve(import.meta.dirname, '../../../shared/conformance/releases');

/**
 * The blob and release-dir commands, with `create-release` stood in for by its first step only: syncing blobs
 * with one worker (README §12), which decides the blob failure cases of the corpus.
 */
export const BLOB_COMMANDS: readonly Command[] = [
  addBlobCommand,
  blobsCommand,
  initReleaseCommand,
  removeBlobCommand,
  resetReleaseCommand,
  syncBlobsCommand,
  uploadBlobsCommand,
  defineCommand({
    name: 'create-release',
    aliases: [],
    description: 'Create release (blob sync only)',
    goOptsType: 'CreateReleaseOpts',
    options: { ...dirOption, force: flag({ long: 'force', description: 'Ignore Git dirty state check' }) },
    args: [],
    run: async ({ ui, options, deps }) =>
      syncBlobs(releaseDirOf(options.dir, deps.cwd), await deps.releaseTools(), ui, 1),
  }),
];

export interface Work {
  readonly root: string;
  readonly home: string;
  readonly out: string;
  readonly tools: ReleaseTools;
  /** `${NAME}` → absolute path, for normalizing output. */
  readonly vars: Map<string, string>;
  dispose(): void;
}

export function makeWork(): Work {
  const root = mkdtempSync(join(tmpdir(), 'bosh-ts-blobs-'));
  const home = join(root, 'home');
  const out = join(root, 'out');
  mkdirSync(home);
  mkdirSync(out);
  const tools: Partial<ReleaseTools> = {
    cacheDir: join(home, '.bosh', 'cache'),
    tempRoot: join(home, '.bosh', 'tmp'),
    gitRepo: (dir) => new CliGitRepo(dir),
    blobstore: makeReleaseBlobstoreFactory(),
  };
  const vars = new Map([
    ['${WORK}', root],
    ['${HOME}', home],
    ['${OUT}', out],
    ['${CORPUS}', CORPUS],
  ]);
  return {
    root,
    home,
    out,
    tools: tools as ReleaseTools,
    vars,
    dispose: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Copies a corpus fixture byte-exact (symlinks verbatim) and makes it writable, as `materialize` does. */
export function materialize(fixture: string, dir: string): void {
  cpSync(join(CORPUS, 'fixtures', fixture), dir, { recursive: true, verbatimSymlinks: true });
  const walk = (path: string): void => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    chmodSync(path, (st.mode & 0o7777) | 0o200);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
}

export type RunResult = Readonly<{ exit: number; stdout: string; stderr: string }>;

/** One `bosh` invocation with stdout not a TTY. */
export async function bosh(
  work: Work,
  commands: readonly Command[],
  args: readonly string[],
  cwd: string,
): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { HOME: work.home };
  const fs = new NodeFileSystem(work.home);
  const writer = new WriterUi({ stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, false);
  const exit = await runCli(args, commands, {
    deps: {
      fs,
      env,
      cwd,
      credentials: new LazyCredentialGenerator(),
      releaseTools: () => Promise.resolve(work.tools),
    },
    parseContext: { env, fs, readStdin: () => Promise.resolve(new Uint8Array()) },
    stdoutIsTty: false,
    baseUi: new PaddingUi(writer),
  });
  return { exit, stdout: normalizePaths(work, out.join('')), stderr: normalizePaths(work, err.join('')) };
}

/** Absolute paths of the variables back to `${NAME}`, longest path first. */
export function normalizePaths(work: Work, text: string): string {
  const entries = [...work.vars].sort((a, b) => b[1].length - a[1].length);
  let result = text;
  for (const [name, path] of entries) result = result.split(path).join(name);
  return result;
}

/** The corpus `uuid` normalizer. */
export function normalizeUuids(text: string): string {
  return text.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    '<UUID------------------------------>',
  );
}

export function expected(...path: string[]): string {
  return readFileSync(join(CORPUS, 'expected', ...path), 'utf8');
}

export interface TreeEntry {
  path: string;
  type: string;
  mode: string;
  size?: number;
  sha256?: string;
  target?: string;
}

/** A directory listing in the corpus `tree.json` shape, sorted bytewise by path; `.git` is left out. */
export function treeOf(root: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      if (rel === '' && name === '.git') continue;
      const path = rel === '' ? name : `${rel}/${name}`;
      const abs = join(dir, name);
      const st = lstatSync(abs);
      const mode = `0${(st.mode & 0o777).toString(8)}`;
      if (st.isDirectory()) {
        entries.push({ path, type: 'dir', mode });
        walk(abs, path);
      } else if (st.isFile()) {
        const sha256 = createHash('sha256').update(readFileSync(abs)).digest('hex');
        entries.push({ path, type: 'file', mode, size: st.size, sha256 });
      } else {
        entries.push({ path, type: 'other', mode });
      }
    }
  };
  walk(root, '');
  return entries.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
