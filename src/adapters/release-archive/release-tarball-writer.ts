import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { WrappedError, wrapError } from '../../base/errors.js';
import type {
  ReleaseTarballContent,
  ReleaseTarballWriter,
  TarballResource,
  WrittenTarball,
} from '../../ports/release-archive.js';
import { ioError } from '../fs/go-os-error.js';
import { goPathError } from '../fs/go-os-error.js';
import { readLicenseFiles, type LicenseFile } from './license-files.js';
import { TarWriter } from './tar-writer.js';

export interface ReleaseTarballWriterOptions {
  /**
   * gzip level of the release tarball. Its members are almost all gzip'd archives already, which deflate cannot
   * shrink (it only costs time: ~50 MB/s at any level above 0), so the default is 0: stored deflate blocks, still a
   * valid `.tgz` for every reader, a few bytes per 64 KiB larger than `tar -czf`.
   */
  readonly gzipLevel?: number;
  readonly now?: () => Date;
}

interface Section {
  readonly dir: string;
  readonly what: string;
  readonly context: string;
  readonly resources: readonly TarballResource[];
}

/**
 * bosh-cli's release.ArchiveWriter, without a staging copy: members are streamed from the archives where they are.
 * Order: release.MF, jobs/, packages/, compiled_packages/, license.tgz, LICENSE*, NOTICE*. Archives are 0600.
 */
export class NodeReleaseTarballWriter implements ReleaseTarballWriter {
  private readonly gzipLevel: number;
  private readonly now: () => Date;

  constructor(options: ReleaseTarballWriterOptions = {}) {
    this.gzipLevel = options.gzipLevel ?? 0;
    this.now = options.now ?? (() => new Date());
  }

  async write(content: ReleaseTarballContent, destPath: string): Promise<WrittenTarball> {
    const skip = new Set(content.skipFingerprints ?? []);
    const kept = (resources: readonly TarballResource[]): TarballResource[] =>
      resources.filter((r) => r.fingerprint === undefined || !skip.has(r.fingerprint));
    const sections: Section[] = [
      { dir: 'jobs', what: 'job', context: 'Writing jobs', resources: content.jobs },
      { dir: 'packages', what: 'package', context: 'Writing packages', resources: content.packages },
      {
        dir: 'compiled_packages',
        what: 'compiled package',
        context: 'Writing compiled packages',
        resources: content.compiledPackages ?? [],
      },
    ];
    // Checked up front, in bosh's order and words, before anything is written.
    for (const section of sections) {
      for (const resource of section.resources) {
        await checkReadable(
          resource.archivePath,
          section.context,
          `Copying ${section.what} '${resource.name}' archive into staging dir`,
        );
      }
    }
    let licenseFiles: LicenseFile[] = [];
    if (content.license) {
      const path = content.license.archivePath;
      await checkReadable(path, 'Writing license', 'Copying license archive into staging dir');
      try {
        licenseFiles = await readLicenseFiles(path);
      } catch (e) {
        throw wrapError(wrapError(e, 'Decompressing license archive into staging dir'), 'Writing license');
      }
    }

    const temp = `${destPath}.${randomUUID()}.tmp`;
    const mtime = new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    const gzipLevel = content.noCompression === true ? null : this.gzipLevel;
    let tar: TarWriter | undefined;
    try {
      tar = TarWriter.create(temp, { gzipLevel, mtime });
      await tar.fileFromBuffer('release.MF', 0o644, Buffer.from(content.manifestText, 'utf8'));
      for (const section of sections) {
        if (section.resources.length === 0) continue;
        await tar.directory(`${section.dir}/`, 0o755);
        for (const resource of kept(section.resources)) {
          await streamArchive(tar, `${section.dir}/${resource.name}.tgz`, resource.archivePath);
        }
      }
      if (content.license) {
        await streamArchive(tar, 'license.tgz', content.license.archivePath);
        for (const file of licenseFiles) {
          if (file.type === 'symlink') await tar.symlink(file.name, file.target, file.mode);
          else await tar.fileFromBuffer(file.name, file.mode, file.content);
        }
      }
      const { digest, size } = await tar.finish();
      await rename(temp, destPath);
      return { path: destPath, digest, size };
    } catch (e) {
      await tar?.abort();
      await rm(temp, { force: true });
      if (e instanceof WrappedError) throw wrapError(e, 'Compressing release');
      const isErrno = typeof e === 'object' && e !== null && 'code' in e;
      throw wrapError(isErrno ? ioError(destPath, e) : e, 'Compressing release');
    }
  }
}

async function checkReadable(path: string, context: string, copying: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw wrapError(wrapError(wrapError(ioError(path, e), 'Opening source path'), copying), context);
  }
  await handle.close();
}

async function streamArchive(tar: TarWriter, name: string, path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new WrappedError('Opening source path', ioError(path, e));
  }
  try {
    const { size } = await handle.stat();
    await tar.fileFromReader(name, 0o600, size, async (buffer, position) => {
      try {
        return (await handle.read(buffer, 0, buffer.length, position)).bytesRead;
      } catch (e) {
        throw new WrappedError('Copying file', goPathError('read', path, e));
      }
    });
  } finally {
    await handle.close();
  }
}
