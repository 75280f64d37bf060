import { basename, join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { emitFinalConfig, withName } from '../../core/release/index.js';
import type { GitRepo } from '../../ports/git-repo.js';
import { initBlobsIndex } from './blobs-index-file.js';
import { makeDirs, removeAll, writeTextFile } from './release-files.js';
import { readConfigFile } from './release-config.js';
import { readFinalConfig } from './release-config.js';

/**
 * `init-release` (releasedir FSReleaseDir.Init): `jobs/`, `packages/` and `src/`; `config/final.yml` saved with
 * the directory's name (less a `-release` suffix), which re-serializes an existing file keeping only its
 * blobstore; `config/blobs.yml` reset to `--- {}`; and with `git`, `git init` plus the release `.gitignore`.
 */
export async function initRelease(releaseDir: string, git?: GitRepo): Promise<void> {
  for (const name of ['jobs', 'packages', 'src']) {
    await makeDirs(join(releaseDir, name), `Creating ${name}/`);
  }
  await saveReleaseName(releaseDir, defaultReleaseName(releaseDir));
  try {
    await initBlobsIndex(releaseDir);
  } catch (e) {
    throw wrapError(e, 'Initing blobs');
  }
  if (git) await git.init();
}

/** The name `init-release` gives: the directory's base name without a trailing `-release`. */
export function defaultReleaseName(releaseDir: string): string {
  const base = basename(releaseDir);
  return base.endsWith('-release') ? base.slice(0, -'-release'.length) : base;
}

/** FSConfig.SaveName: the public config re-marshalled with this name and no `final_name`. */
async function saveReleaseName(releaseDir: string, name: string): Promise<void> {
  const { config, path } = await readFinalConfig(releaseDir);
  // Read as bosh-cli reads both files, so that a broken private.yml fails here too.
  await readConfigFile(join(releaseDir, 'config', 'private.yml'));
  try {
    await writeTextFile(path, emitFinalConfig(withName(config, name)));
  } catch (e) {
    throw wrapError(e, `Writing config '${path}'`);
  }
}

/** `reset-release` (FSReleaseDir.Reset): removes dev builds, dev releases and local blobs. */
export async function resetRelease(releaseDir: string): Promise<void> {
  for (const name of ['.dev_builds', 'dev_releases', '.blobs', 'blobs']) {
    try {
      await removeAll(join(releaseDir, name));
    } catch (e) {
      throw wrapError(e, `Removing ${name}/`);
    }
  }
}
