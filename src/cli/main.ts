import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { LazyCredentialGenerator } from '../adapters/credentials/lazy.js';
import { NodeFileSystem, readStdin } from '../adapters/fs/node-file-system.js';
import { commands } from './commands/registry.js';
import type { ReleaseTools } from './release/release-tools.js';
import { runCli } from './run-cli.js';
import { PaddingUi } from './ui/padding-ui.js';
import { StdinInput } from './ui/stdin-input.js';
import { WriterUi } from './ui/writer-ui.js';

/** The `bosh` executable: the only place that builds adapters. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  const fs = new NodeFileSystem();
  const env = process.env;
  const stdout = (s: string): boolean => process.stdout.write(s);
  const writer = new WriterUi(
    { stdout, stderr: (s) => process.stderr.write(s) },
    isatty(0),
    new StdinInput(process.stdin, stdout),
  );
  let releaseTools: Promise<ReleaseTools> | undefined;
  return runCli(argv, commands, {
    deps: {
      fs,
      env,
      cwd: process.cwd(),
      credentials: new LazyCredentialGenerator(),
      releaseTools: () => (releaseTools ??= loadReleaseTools(env.HOME ?? homedir())),
    },
    parseContext: { env, fs, readStdin },
    stdoutIsTty: isatty(1),
    baseUi: new PaddingUi(writer),
    stderr: (s) => process.stderr.write(s),
  });
}

/** Release adapters (tar, git, blobstores) are loaded only by release commands. */
export async function loadReleaseTools(home: string): Promise<ReleaseTools> {
  const [archive, blobstore, git, listing] = await Promise.all([
    import('../adapters/release-archive/index.js'),
    import('../adapters/blobstore/index.js'),
    import('../adapters/git/git-repo.js'),
    import('../adapters/release-dir/list-tree.js'),
  ]);
  const cacheDir = join(home, '.bosh', 'cache');
  const tempRoot = join(home, '.bosh', 'tmp');
  return {
    cacheDir,
    tempRoot,
    gitRepo: (dir) => new git.CliGitRepo(dir),
    archiver: new archive.NodeResourceArchiver({ tempRoot }),
    tarballWriter: new archive.NodeReleaseTarballWriter(),
    tarballReader: new archive.NodeReleaseTarballReader(tempRoot, 'gnu-tar'),
    archiveCache: (o) => new archive.FsArchiveCache({ cacheDir, ...o }),
    blobstore: blobstore.makeReleaseBlobstoreFactory(),
    listTree: (dir, recursive) => listing.listTree(dir, recursive),
    newUuid: () => randomUUID(),
    now: () => new Date(),
  };
}

/**
 * `bosh releases | head -1`: when the reader goes away, bosh-cli dies of SIGPIPE without a word. Node would print an
 * EPIPE stack trace instead; exit as a SIGPIPE'd process does (status 128 + 13), silently.
 */
function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(141);
      throw e;
    });
  }
}
