import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeCredentialGenerator } from '../../adapters/credentials/index.js';
import { useTempDirectorStore } from '../../testing/director-api-harness.js';
import { KEY_FILE_NAME, openConfigServer } from './key-file.js';

const fx = useTempDirectorStore('config-server-key-');

describe('the config server key in the data dir', () => {
  it('is made once (0600, not in the database) and opens the values after a restart', async () => {
    const deps = { values: fx.store.configServerValues, generator: new NodeCredentialGenerator() };
    const first = await openConfigServer(fx.dir, deps);
    const key = await readFile(join(fx.dir, KEY_FILE_NAME), 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect((await stat(join(fx.dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    const { id, value } = await first.generate('/d/dep/pw', 'password', null);

    const restarted = await openConfigServer(fx.dir, deps);
    expect(await readFile(join(fx.dir, KEY_FILE_NAME), 'utf8')).toBe(key);
    expect((await restarted.getById(id))?.value).toBe(value);
    expect(await fx.store.attributes.get('config_server_encryption_key')).toBeUndefined();
  });
});
