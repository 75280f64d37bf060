import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDirectorStore } from '../../adapters/db/index.js';
import { NodeCredentialGenerator } from '../../adapters/credentials/index.js';
import type { DirectorStore } from '../../ports/director-store.js';
import { KEY_FILE_NAME, openConfigServer } from './key-file.js';

let dir: string;
let store: DirectorStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-server-key-'));
  store = await openDirectorStore({ adapter: 'sqlite', path: join(dir, 'director.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the config server key in the data dir', () => {
  it('is made once (0600, not in the database) and opens the values after a restart', async () => {
    const deps = { values: store.configServerValues, generator: new NodeCredentialGenerator() };
    const first = await openConfigServer(dir, deps);
    const key = await readFile(join(dir, KEY_FILE_NAME), 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect((await stat(join(dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    const { id, value } = await first.generate('/d/dep/pw', 'password', null);

    const restarted = await openConfigServer(dir, deps);
    expect(await readFile(join(dir, KEY_FILE_NAME), 'utf8')).toBe(key);
    expect((await restarted.getById(id))?.value).toBe(value);
    expect(await store.attributes.get('config_server_encryption_key')).toBeUndefined();
  });
});
