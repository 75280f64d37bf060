import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { toError, wrapError } from '../../base/errors.js';
import type { ExtractedArchive, ReleaseTarball, ReleaseTarballReader } from '../../ports/release-archive.js';
import { ioError } from '../fs/go-os-error.js';
import { goPathError } from '../fs/go-os-error.js';
import { gnuTarExtract } from './gnu-tar-extract.js';
import { TempRoot } from './temp-files.js';

/**
 * bosh-cli's release.ArchiveReader, up to the manifest: the tarball (gzip'd or plain) is extracted into a new dir
 * under the temp root, never held in memory, and members are handed out as paths.
 */
export class NodeReleaseTarballReader implements ReleaseTarballReader {
  private readonly temp: TempRoot;

  /**
   * `extractor: 'gnu-tar'` extracts release tarballs with the system tar as bosh-cli does (the CLI uses it so its
   * errors match); `'node'` (the default) needs no external program.
   */
  constructor(
    tempRoot: string,
    private readonly extractor: 'node' | 'gnu-tar' = 'node',
  ) {
    this.temp = new TempRoot(tempRoot);
  }

  async read(tarballPath: string): Promise<ReleaseTarball> {
    let dir: string;
    try {
      dir = await this.temp.makeDir('bosh-release');
    } catch (e) {
      throw wrapError(e, `Creating temp directory to extract release '${tarballPath}'`);
    }
    const cleanUp = (): Promise<void> => removeDir(dir);
    try {
      try {
        await (this.extractor === 'gnu-tar' ? gnuTarExtract(tarballPath, dir) : extractTo(tarballPath, dir));
      } catch (e) {
        throw wrapError(e, 'Extracting release');
      }
      const manifestPath = join(dir, 'release.MF');
      let manifestText: string;
      try {
        manifestText = await readFile(manifestPath, 'utf8');
      } catch (e) {
        throw wrapError(
          wrapError(goPathError('open', manifestPath, e), `Opening file ${manifestPath}`),
          `Reading manifest '${manifestPath}'`,
        );
      }
      const license = join(dir, 'license.tgz');
      const hasLicense = await stat(license).then(
        (s) => s.isFile(),
        () => false,
      );
      return {
        manifestText,
        extractDir: dir,
        jobArchive: (name) => join(dir, 'jobs', `${name}.tgz`),
        packageArchive: (name) => join(dir, 'packages', `${name}.tgz`),
        compiledPackageArchive: (name) => join(dir, 'compiled_packages', `${name}.tgz`),
        licenseArchive: hasLicense ? license : undefined,
        cleanUp,
      };
    } catch (e) {
      await cleanUp();
      throw e;
    }
  }

  async extractArchive(archivePath: string): Promise<ExtractedArchive> {
    const dir = await this.temp.makeDir('bosh-release-archive');
    const cleanUp = (): Promise<void> => removeDir(dir);
    try {
      await extractTo(archivePath, dir);
    } catch (e) {
      await cleanUp();
      throw e;
    }
    return { dir, cleanUp };
  }
}

/** node-tar may still be finishing files when a broken archive fails it: retry until the dir is gone. */
function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
}

/**
 * Extracts without taking owners from the archive (`--no-same-owner`), refusing entries that would land outside
 * `dir`. Failures name the archive: `open <path>: ...`, or `<path>: <what is wrong with it>`.
 */
async function extractTo(archivePath: string, dir: string): Promise<void> {
  try {
    await stat(archivePath);
  } catch (e) {
    throw ioError(archivePath, e);
  }
  try {
    await extract({ file: archivePath, cwd: dir, strict: true, preserveOwner: false });
  } catch (e) {
    throw new Error(`${archivePath}: ${describeTarError(toError(e))}`);
  }
}

/** node-tar's message without its `TAR_BAD_ARCHIVE: ` code prefix, e.g. `Unrecognized archive format`. */
function describeTarError(e: Error): string {
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  return code !== '' && e.message.startsWith(`${code}: `) ? e.message.slice(code.length + 2) : e.message;
}
