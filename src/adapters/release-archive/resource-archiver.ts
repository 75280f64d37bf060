import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { WrappedError, wrapError } from '../../base/errors.js';
import type {
  BuiltArchive,
  ResourceArchiveRequest,
  ResourceArchiver,
  StagedFile,
} from '../../ports/release-archive.js';
import { ioError } from '../fs/go-os-error.js';
import { goPathError } from '../fs/go-os-error.js';
import { runPrePackaging } from './pre-packaging.js';
import { copyIntoStaging, tarDirectory } from './staging-dir.js';
import { COPY_CONTEXT, planStaging, type StagingPlan } from './staging-plan.js';
import { TarWriter } from './tar-writer.js';
import { TempRoot } from './temp-files.js';

export interface ResourceArchiverOptions {
  /** The CLI's temp root, `~/.bosh/tmp`. */
  readonly tempRoot: string;
  /** gzip level of the archives (GNU tar's default, 6, unless set). */
  readonly gzipLevel?: number;
  readonly now?: () => Date;
}

/**
 * bosh-cli's resource.ArchiveImpl.Build. Without `pre_packaging` nothing is copied: the archive is streamed straight
 * from the source files with the staging copy's names, modes and directories (its content hashed on the way for the
 * staging fingerprint). With `pre_packaging` a real staging dir is made, checked, handed to the script, and archived.
 */
export class NodeResourceArchiver implements ResourceArchiver {
  private readonly temp: TempRoot;
  private readonly gzipLevel: number;
  private readonly now: () => Date;

  constructor(options: ResourceArchiverOptions) {
    this.temp = new TempRoot(options.tempRoot);
    this.gzipLevel = options.gzipLevel ?? 6;
    this.now = options.now ?? (() => new Date());
  }

  async build(request: ResourceArchiveRequest): Promise<BuiltArchive> {
    const plan = await planStaging(request.files, request.kind === 'job', await this.temp.defaultDirMode());
    return request.prePackaging
      ? this.buildStaged(request, plan, request.prePackaging)
      : this.buildDirect(request, plan);
  }

  private async buildDirect(request: ResourceArchiveRequest, plan: StagingPlan): Promise<BuiltArchive> {
    const staged: StagedFile[] = [];
    const archive = await this.writeArchive(request, async (tar) => {
      await tar.directory('./', dirMode(plan, '.'));
      const written = new Set<string>(['.']);
      for (const file of plan.files) {
        for (const dir of ancestors(file.name)) {
          if (written.has(dir)) continue;
          written.add(dir);
          await tar.directory(`./${dir}/`, dirMode(plan, dir));
        }
        if (file.type === 'symlink') {
          await tar.symlink(`./${file.name}`, file.target);
          staged.push({ name: file.name, type: 'symlink', mode: 0o777, digest: sha256Text(file.target) });
          continue;
        }
        const hash = createHash('sha256');
        await withSource(file.sourcePath, async (fd, size) => {
          await tar.fileFromReader(`./${file.name}`, file.mode, size, readerOf(fd, file.sourcePath), (c) =>
            hash.update(c),
          );
        });
        staged.push({
          name: file.name,
          type: 'file',
          mode: file.mode,
          digest: `sha256:${hash.digest('hex')}`,
        });
      }
    });
    try {
      await checkFingerprint(request, staged);
    } catch (e) {
      await rm(archive.path, { force: true });
      throw e;
    }
    return archive;
  }

  private async buildStaged(
    request: ResourceArchiveRequest,
    plan: StagingPlan,
    prePackaging: NonNullable<ResourceArchiveRequest['prePackaging']>,
  ): Promise<BuiltArchive> {
    const staging = await this.temp.makeDir('bosh-resource-archive');
    try {
      const staged = await copyIntoStaging(plan, staging);
      await checkFingerprint(request, staged);
      try {
        await runPrePackaging(prePackaging.script.sourcePath, staging, prePackaging.releaseDir);
        const stagedScript = posix.join(staging, prePackaging.script.name);
        try {
          await rm(stagedScript, { recursive: true, force: true });
        } catch (e) {
          throw wrapError(ioError(stagedScript, e), 'Removing prep scrpt from staging directory');
        }
      } catch (e) {
        throw wrapError(e, 'Running prep scripts');
      }
      return await this.writeArchive(request, (tar) => tarDirectory(tar, staging));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Streams `body` into a new temp archive; errors of the output read `Compressing staging directory`. */
  private async writeArchive(
    request: ResourceArchiveRequest,
    body: (tar: TarWriter) => Promise<void>,
  ): Promise<BuiltArchive> {
    const path = await this.temp.filePath('bosh-resource-archive-');
    const mtime = new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    let tar: TarWriter | undefined;
    try {
      tar = TarWriter.create(path, {
        gzipLevel: request.noCompression === true ? null : this.gzipLevel,
        mtime,
      });
      await body(tar);
      const { digest, size } = await tar.finish();
      return { path, digest, size };
    } catch (e) {
      await tar?.abort();
      await rm(path, { force: true });
      if (e instanceof WrappedError) throw e;
      throw wrapError(isErrno(e) ? ioError(path, e) : e, 'Compressing staging directory');
    }
  }
}

function isErrno(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e;
}

function dirMode(plan: StagingPlan, dir: string): number {
  return plan.dirs.get(dir) ?? 0o755;
}

/** `a`, `a/b` for `a/b/c`. */
function ancestors(name: string): string[] {
  const parts = name.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function sha256Text(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

async function checkFingerprint(
  request: ResourceArchiveRequest,
  staged: readonly StagedFile[],
): Promise<void> {
  let actual: string;
  try {
    actual = await request.stagedFingerprint(staged);
  } catch (e) {
    throw wrapError(e, 'Fingerprinting staged files');
  }
  if (actual !== request.fingerprint) {
    throw new Error(
      `Expected source ('${request.fingerprint}') and staging ('${actual}') fingerprints to match`,
    );
  }
}

/** Opens a source file (following symlinks) for `body`, with bosh's copy error texts. */
/**
 * Opens a source file for archiving. Synchronous underneath: a release holds thousands of small files, and async
 * open/stat/read/close round trips would queue behind gzip on the same thread pool.
 */
async function withSource(path: string, body: (fd: number, size: number) => Promise<void>): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw wrapError(wrapError(ioError(path, e), 'Opening source path'), COPY_CONTEXT);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) {
      throw wrapError(wrapError(new Error(`read ${path}: is a directory`), 'Copying file'), COPY_CONTEXT);
    }
    await body(fd, info.size);
  } finally {
    closeSync(fd);
  }
}

/** Positional reads of a source file; failures read `Copying file` / `read <path>: ...`. */
function readerOf(fd: number, path: string): (buffer: Buffer, position: number) => Promise<number> {
  return (buffer, position) => {
    try {
      return Promise.resolve(readSync(fd, buffer, 0, buffer.length, position));
    } catch (e) {
      return Promise.reject(wrapError(wrapError(goPathError('read', path, e), 'Copying file'), COPY_CONTEXT));
    }
  };
}
