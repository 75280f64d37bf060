import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { type FinalConfig, parseFinalConfig, releaseNameFromConfig } from '../../core/release/index.js';
import { pathExists, readTextFile } from './release-files.js';

const EMPTY: FinalConfig = { name: '', finalName: '', blobstore: { provider: '', options: new Map() } };

/** A release config file (`config/final.yml`, `config/private.yml`); undefined when there is none. */
export async function readConfigFile(path: string): Promise<FinalConfig | undefined> {
  if (!(await pathExists(path))) return undefined;
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (e) {
    throw wrapError(e, `Reading config '${path}'`);
  }
  return parseFinalConfig(text, path);
}

/** `config/final.yml` of a release directory (a missing file reads as empty, as bosh-cli's FSConfig does). */
export async function readFinalConfig(releaseDir: string): Promise<{ config: FinalConfig; path: string }> {
  const path = join(releaseDir, 'config', 'final.yml');
  return { config: (await readConfigFile(path)) ?? EMPTY, path };
}

/** The release name: `--name`, else `config/final.yml`, with bosh-cli's hint when it cannot be found. */
export function releaseName(given: string | undefined, config: FinalConfig, path: string): string {
  if (given !== undefined && given !== '') return given;
  try {
    return releaseNameFromConfig(config, path);
  } catch (e) {
    throw wrapError(e, "Check that you're in the top-level of the release directory");
  }
}
