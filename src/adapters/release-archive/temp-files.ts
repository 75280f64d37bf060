import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { ioError } from '../fs/go-os-error.js';

/**
 * The CLI's temp root (`~/.bosh/tmp`): created on first use; temp dirs and files are made inside it with random
 * names, as bosh-utils' TempDir/TempFile do after ChangeTempRoot.
 */
export class TempRoot {
  private ready: Promise<void> | undefined;
  private dirMode: Promise<number> | undefined;

  constructor(readonly path: string) {}

  /** A new empty directory (mode 0700) named `<prefix><random>`. */
  async makeDir(prefix: string): Promise<string> {
    await this.ensure();
    try {
      return await mkdtemp(join(this.path, prefix));
    } catch (e) {
      throw ioError(join(this.path, prefix), e);
    }
  }

  /** A fresh path for a temp file (not created). */
  async filePath(prefix: string): Promise<string> {
    await this.ensure();
    return join(this.path, `${prefix}${randomUUID()}`);
  }

  /** The mode `mkdir -p` gives a new directory here: 0777 less the process umask (probed once). */
  defaultDirMode(): Promise<number> {
    this.dirMode ??= (async () => {
      const probe = await this.filePath('bosh-umask-probe-');
      await mkdir(probe, { mode: 0o777 });
      try {
        return (await stat(probe)).mode & 0o777;
      } finally {
        await rmdir(probe);
      }
    })();
    return this.dirMode;
  }

  private ensure(): Promise<void> {
    this.ready ??= mkdir(this.path, { recursive: true }).then(
      () => undefined,
      (e: unknown) => {
        this.ready = undefined;
        return Promise.reject(wrapError(ioError(this.path, e), 'Creating temp root'));
      },
    );
    return this.ready;
  }
}
