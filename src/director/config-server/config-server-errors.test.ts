import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOf, type YamlValue } from '../../base/yaml/value.js';
import type { VariableRepo } from '../../ports/director-store.js';
import { openFixture, type ConfigServerFixture } from '../../testing/director-config-server-fixture.js';
import {
  ENCRYPTION_KEY_ATTRIBUTE,
  NOT_FOUND_ERROR,
  ValueCipher,
  generateDeploymentValues,
  interpolateForDeployment,
  loadValueCipher,
} from './index.js';
import { placeholderName } from './names.js';

/** The exact message of an error (not a substring of it). */
const message = (text: string) => expect.objectContaining({ message: text }) as unknown;

let fx: ConfigServerFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

describe('cipher errors', () => {
  it('refuses a key that is not 32 bytes', () => {
    expect(() => new ValueCipher(Buffer.alloc(16))).toThrow(
      message('The config server encryption key must be 32 bytes'),
    );
  });

  it('refuses stored text that is no AES-256-GCM value', () => {
    const cipher = new ValueCipher(Buffer.alloc(32, 1));
    expect(() => cipher.decrypt('/a', 'plain text')).toThrow(
      message("The stored value of '/a' is not in a known encrypted form"),
    );
    expect(() => cipher.decrypt('/a', 'other:v1:a:b:c')).toThrow(
      message("The stored value of '/a' is not in a known encrypted form"),
    );
  });

  it('refuses a value encrypted under another key', () => {
    const text = new ValueCipher(Buffer.alloc(32, 1)).encrypt('/a', 'secret');
    expect(() => new ValueCipher(Buffer.alloc(32, 2)).decrypt('/a', text)).toThrow(
      message("The stored value of '/a' cannot be decrypted (wrong key or altered data)"),
    );
  });

  it('needs a key file or the director database', async () => {
    await expect(loadValueCipher({})).rejects.toThrow(
      message('The config server needs an encryption key file or the director database'),
    );
  });

  it('names the key file or the director attribute whose key has the wrong size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosh-ts-key-'));
    try {
      const file = join(dir, 'k');
      writeFileSync(file, 'short');
      await expect(loadValueCipher({ keyFile: file })).rejects.toThrow(
        message(`The config server encryption key in ${file} is not 32 bytes (raw, hex or base64)`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const attributes = { get: () => Promise.resolve('short'), setIfMissing: () => Promise.resolve('short') };
    await expect(loadValueCipher({ attributes })).rejects.toThrow(
      message(
        `The config server encryption key in director attribute ${ENCRYPTION_KEY_ATTRIBUTE} ` +
          'is not 32 bytes (raw, hex or base64)',
      ),
    );
  });
});

describe('user generation errors', () => {
  it('needs a hash of options', async () => {
    await expect(fx.server.generate('/u', 'user', 'text')).rejects.toThrow(
      message(
        "Failed to generate value for '/u' with type 'user': " +
          'Failed to generate user, parameters are invalid: expected a hash',
      ),
    );
  });

  it('needs a non-empty string username', async () => {
    const expected = message(
      "Failed to generate value for '/u' with type 'user': " +
        "Failed to generate user, 'username' must be a non-empty string",
    );
    await expect(fx.server.generate('/u', 'user', mapOf({ username: '' }))).rejects.toThrow(expected);
    await expect(fx.server.generate('/u', 'user', mapOf({ username: 5 }))).rejects.toThrow(expected);
  });
});

describe('deployment variable errors', () => {
  it('generation needs the deployment to have a variable set', async () => {
    const d = await fx.deployment('dep');
    await expect(
      generateDeploymentValues(fx.deps, d, [{ name: 'pw', type: 'password', options: null }]),
    ).rejects.toThrow(message("Deployment 'dep' has no variable set"));
  });

  it('reports a recorded version the config server no longer has', async () => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
    await fx.store.variables.add({
      variableSetId: set.id,
      variableName: '/dir/dep/pw',
      variableId: '424242',
      isLocal: true,
      providerDeployment: '',
    });
    await expect(interpolateForDeployment(fx.deps, mapOf({ a: '((pw))' }), d, set)).rejects.toThrow(
      message(
        "- Failed to find variable '/dir/dep/pw' with id '424242' from config server: " +
          `HTTP Code '404', Error: '${NOT_FOUND_ERROR}'`,
      ),
    );
  });

  it('reports a version recorded concurrently that the config server does not have', async () => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
    await fx.server.generate('/dir/dep/pw', 'password', null);
    await fx.store.variables.add({
      variableSetId: set.id,
      variableName: '/dir/dep/pw',
      variableId: '424242',
      isLocal: true,
      providerDeployment: '',
    });
    // The first look finds nothing (another deploy records its version right after): the recorded one wins.
    const real = fx.store.variables;
    let lists = 0;
    const racing: VariableRepo = {
      createSet: (s) => real.createSet(s),
      getSet: (id) => real.getSet(id),
      sets: (id) => real.sets(id),
      updateSet: (id, c) => real.updateSet(id, c),
      add: (v) => real.add(v),
      list: (id) => (lists++ === 0 ? Promise.resolve([]) : real.list(id)),
      pruneSets: (id) => real.pruneSets(id),
    };
    const deps = { ...fx.deps, variableSets: racing };
    await expect(interpolateForDeployment(deps, mapOf({ a: '((pw))' }), d, set)).rejects.toThrow(
      message("- Failed to find variable '/dir/dep/pw' with id '424242'"),
    );
  });
});

describe('variable name errors', () => {
  const interpolateIn = async (doc: YamlValue) => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
    return interpolateForDeployment(fx.deps, doc, d, set);
  };

  it('refuses two consecutive forward slashes', async () => {
    await expect(interpolateIn(mapOf({ a: '((a//b))' }))).rejects.toThrow(
      message("Variable name 'a//b' must not contain two consecutive forward slashes"),
    );
  });

  it('refuses misplaced dots in the last segment', async () => {
    await expect(interpolateIn(mapOf({ a: '((a/.b))' }))).rejects.toThrow(
      message("Variable name 'a/.b' syntax error: Must not have segment starting with a dot"),
    );
    await expect(interpolateIn(mapOf({ a: '((a.))' }))).rejects.toThrow(
      message("Variable name 'a.' syntax error: Must not end name with a dot"),
    );
    await expect(interpolateIn(mapOf({ a: '((a..b))' }))).rejects.toThrow(
      message("Variable name 'a..b' syntax error: Must not contain consecutive dots"),
    );
  });

  it('names the missing key of a fetched hash', async () => {
    await fx.server.generate('/dir/dep/admin', 'user', null);
    await expect(interpolateIn(mapOf({ a: '((admin.nope))' }))).rejects.toThrow(
      message(
        "- Failed to fetch variable '/dir/dep/admin' from config server: " +
          "Expected parent '/dir/dep/admin' hash to have key 'nope'",
      ),
    );
  });

  it("allows '!' only at the beginning of a name", () => {
    // Not reachable from a manifest: the interpolator's `((...))` pattern takes a '!' only first, and strips it.
    const text = (name: string) =>
      `Variable name '${name}' contains invalid character '!'. If it is included for spiff, it should only be at ` +
      'the beginning of the name. Note: it will not be considered a part of the name';
    expect(() => placeholderName('a!b')).toThrow(message(text('a!b')));
    expect(() => placeholderName('!a!')).toThrow(message(text('!a!')));
    expect(() => placeholderName('!')).toThrow(message(text('!')));
    expect(placeholderName('!a')).toBe('a');
  });
});
