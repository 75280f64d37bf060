import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import {
  addRelease,
  emitReleaseIndex,
  emitReleaseManifest,
  lastVersion,
  parseReleaseIndex,
  type ReleaseIndex,
  type ReleaseManifest,
  releaseIndexVersions,
  releaseManifestPath,
} from '../../core/release/index.js';
import type { IndexReporter } from './index-reporter.js';
import { readIndexText, writeTextFile } from './release-files.js';

/** `dev_releases/<name>/` or `releases/<name>/`: release manifests and their index (releasedir FSReleaseIndex). */
export class ReleaseIndexStore {
  constructor(
    private readonly kind: 'dev' | 'final',
    private readonly dir: string,
    private readonly reporter: IndexReporter,
    private readonly newUuid: () => string,
  ) {}

  manifestPath(name: string, version: string): string {
    return join(this.dir, releaseManifestPath(name, version));
  }

  async lastVersion(name: string): Promise<string | undefined> {
    return lastVersion(releaseIndexVersions(await this.read(name)));
  }

  async contains(name: string, version: string): Promise<boolean> {
    return releaseIndexVersions(await this.read(name)).includes(version);
  }

  /** Writes the manifest and its index entry; a version already there is an error. */
  async add(manifest: ReleaseManifest): Promise<void> {
    if (manifest.name === '') throw new Error('Expected non-empty release name');
    if (manifest.version === '') throw new Error('Expected non-empty release version');
    const index = addRelease(await this.read(manifest.name), this.newUuid(), manifest.version);
    const desc = `${manifest.name}/${manifest.version}`;
    try {
      await this.write(
        this.manifestPath(manifest.name, manifest.version),
        emitReleaseManifest(manifest),
        'Writing manifest',
      );
      await this.write(join(this.dir, manifest.name, 'index.yml'), emitReleaseIndex(index), 'Writing index');
    } catch (e) {
      this.reporter.releaseAdded(this.kind, desc, true);
      throw e;
    }
    this.reporter.releaseAdded(this.kind, desc, false);
  }

  private async read(name: string): Promise<ReleaseIndex> {
    const text = await readIndexText(join(this.dir, name, 'index.yml'));
    return text === undefined ? new Map() : parseReleaseIndex(text);
  }

  private async write(path: string, text: string, context: string): Promise<void> {
    try {
      await writeTextFile(path, text);
    } catch (e) {
      throw wrapError(e, context);
    }
  }
}
