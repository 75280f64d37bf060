import { createHash } from 'node:crypto';
import { exists } from '../../adapters/fs/exists.js';
import { lstat, mkdir, readdir, readlink, realpath, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { extractBundle } from './extract.js';

/** A job or package: bundle name and (unhashed) bundle version, e.g. `<version>-<archive digest>`. */
export interface BundleDefinition {
  readonly name: string;
  readonly version: string;
}

/**
 * bosh-agent's file bundle collection: bundle `<name>` of version `v` is installed in `<installRoot>/<name>/<sha1(v)>`
 * and enabled by the symlink `<enableRoot>/<name>` pointing there.
 */
export class BundleCollection {
  constructor(
    private readonly installRoot: string,
    private readonly enableRoot: string,
    private readonly mode: number,
  ) {}

  get(def: BundleDefinition): Bundle {
    if (def.name === '') throw new Error('Missing bundle name');
    if (def.version === '') throw new Error('Missing bundle version');
    const digest = createHash('sha1').update(def.version).digest('hex');
    return this.bundle(def.name, digest);
  }

  /** Every installed bundle (`<installRoot>/*\/*`). */
  async list(): Promise<Bundle[]> {
    const out: Bundle[] = [];
    for (const name of await names(this.installRoot)) {
      for (const version of await names(join(this.installRoot, name))) out.push(this.bundle(name, version));
    }
    return out;
  }

  private bundle(name: string, hashedVersion: string): Bundle {
    return new Bundle(join(this.installRoot, name, hashedVersion), join(this.enableRoot, name), this.mode);
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

export class Bundle {
  constructor(
    readonly installPath: string,
    readonly enablePath: string,
    private readonly mode: number,
  ) {}

  async isInstalled(): Promise<boolean> {
    return exists(this.installPath);
  }

  /**
   * Extracts the tarball (only `pathInArchive/`, stripped, when given) into a staging directory renamed into place,
   * so a failed install leaves nothing that looks installed.
   */
  async install(tarball: string, pathInArchive?: string): Promise<void> {
    const staging = `${this.installPath}.installing`;
    try {
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true, mode: this.mode });
    } catch (e) {
      throw wrapError(e, 'Creating parent installation directory');
    }
    try {
      await extractBundle(tarball, staging, pathInArchive);
      await rename(staging, this.installPath);
    } catch (e) {
      await rm(staging, { recursive: true, force: true });
      throw wrapError(e, 'Decompressing package files');
    }
  }

  async enable(): Promise<void> {
    if (!(await this.isInstalled())) throw new Error('bundle must be installed');
    try {
      await mkdir(dirname(this.enablePath), { recursive: true, mode: this.mode });
    } catch (e) {
      throw wrapError(e, 'failed to create enable dir');
    }
    try {
      await replaceSymlink(this.installPath, this.enablePath);
    } catch (e) {
      throw wrapError(e, 'failed to enable');
    }
  }

  /** Removes the enable link if it points at this bundle. */
  async disable(): Promise<void> {
    let target: string;
    try {
      target = await realpath(this.enablePath);
    } catch (e) {
      if (isNotFound(e)) return;
      throw wrapError(e, 'Reading symlink');
    }
    let installed: string;
    try {
      installed = await realpath(this.installPath);
    } catch (e) {
      throw wrapError(e, 'Reading symlink');
    }
    if (resolve(target) === resolve(installed)) await rm(this.enablePath, { force: true });
  }

  async uninstall(): Promise<void> {
    await rm(this.installPath, { recursive: true, force: true });
  }
}

/** Points `link` at `target`, replacing whatever link is there in one rename. */
export async function replaceSymlink(target: string, link: string): Promise<void> {
  try {
    if ((await lstat(link)).isSymbolicLink() && (await readlink(link)) === target) return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const tmp = `${link}.${String(process.pid)}.link`;
  await rm(tmp, { force: true });
  await symlink(target, tmp);
  await rename(tmp, link);
}

export function isNotFound(e: unknown): boolean {
  return e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
}
