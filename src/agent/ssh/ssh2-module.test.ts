import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, loadSsh2 } from './ssh2-module.js';

describe('generateEd25519KeyPair', () => {
  it('only returns keys that read back (ssh2 alone writes an unreadable one about 1 time in 256)', async () => {
    const { utils } = await loadSsh2();
    for (let i = 0; i < 1000; i += 1) {
      const parsed = utils.parseKey(generateEd25519KeyPair(utils).private);
      if (parsed instanceof Error) expect.fail(parsed.message);
      expect(parsed.type).toBe('ssh-ed25519');
    }
  });

  it('throws instead of looping when every key comes back unreadable', async () => {
    const { utils } = await loadSsh2();
    const broken = { ...utils, parseKey: () => new Error('Malformed OpenSSH private key') } as typeof utils;
    expect(() => generateEd25519KeyPair(broken)).toThrow(
      'Generating an SSH key: ssh2 keeps producing unreadable keys',
    );
  });
});
