import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadValueCipher } from './cipher.js';
import { DirectorConfigServer, type DirectorConfigServerDeps } from './config-server.js';

/** The key file's name in the director's data dir. */
export const KEY_FILE_NAME = 'config-server.key';

/**
 * Makes the config server's key file (32 random bytes, base64, mode 0600) unless it exists. The key lives next to
 * the data, not in the database, so a copy of the database alone does not open the values. `wx`: two directors
 * starting on one data dir do not both write a key; the second keeps the first one's.
 */
async function ensureKeyFile(path: string): Promise<void> {
  try {
    await writeFile(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** The director's config server, its values encrypted with the key of `<dataDir>/config-server.key`. */
export async function openConfigServer(
  dataDir: string,
  deps: Omit<DirectorConfigServerDeps, 'cipher'>,
): Promise<DirectorConfigServer> {
  const keyFile = join(dataDir, KEY_FILE_NAME);
  await ensureKeyFile(keyFile);
  return new DirectorConfigServer({ ...deps, cipher: await loadValueCipher({ keyFile }) });
}
