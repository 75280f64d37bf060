import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../base/errors.js';
import type { YamlValue } from '../base/yaml/value.js';
import { NOT_FOUND } from '../core/interpolate/variables.js';
import type { CredentialGenerator } from '../ports/credential-generator.js';
import { integer, sequence, tlv, type Der } from './credentials/der.js';
import { parsePkcs1 } from './credentials/pkcs1.js';
import { NodeFileSystem } from './fs/node-file-system.js';
import { NodeReleaseTarballReader } from './release-archive/release-tarball-reader.js';
import { FsVarsStore } from './vars-store/fs-vars-store.js';

/** The one-line `context: cause` text of what `run` rejects with. */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    return errorChainMessage(toError(e));
  }
  throw new Error('expected a failure');
}

function syncFailure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return errorChainMessage(toError(e));
  }
  throw new Error('expected a failure');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'error-texts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const generator: CredentialGenerator = {
  generate: (): Promise<YamlValue> => Promise.resolve('generated-password'),
};

describe('FsVarsStore error texts', () => {
  it('reports a vars store that is not YAML', async () => {
    const path = join(dir, 'creds.yml');
    await writeFile(path, 'key: [unclosed\n');
    const store = new FsVarsStore(new NodeFileSystem(), path, generator);
    expect(await failure(() => store.list())).toBe(
      `Deserializing variables file store '${path}': yaml: line 1: did not find expected ',' or ']'`,
    );
  });

  it('reports a vars store whose document is not a map', async () => {
    const path = join(dir, 'creds.yml');
    await writeFile(path, '- a\n- b\n');
    const store = new FsVarsStore(new NodeFileSystem(), path, generator);
    expect(await failure(() => store.list())).toBe(
      `Deserializing variables file store '${path}': yaml: unmarshal errors:\n  line 1: cannot unmarshal into template.StaticVariables`,
    );
  });

  it('reports a vars store that cannot be written', async () => {
    await writeFile(join(dir, 'a-file'), '');
    const path = join(dir, 'a-file', 'creds.yml');
    const store = new FsVarsStore(new NodeFileSystem(), path, generator);
    const lookup = await store.get({ name: 'pw', type: 'password', options: null });
    expect(lookup).not.toBe(NOT_FOUND);
    const text = await failure(() => store.flush());
    // The cause is the file system's (here EEXIST; Go's MkdirAll would say `not a directory`): only our wrapping
    // texts are pinned.
    expect(
      text.startsWith(
        `Writing variables to file store '${path}': Creating dir to write file: mkdir ${join(dir, 'a-file')}: `,
      ),
    ).toBe(true);
  });
});

describe('NodeReleaseTarballReader error texts', () => {
  it('names the archive that is not a tarball', async () => {
    const path = join(dir, 'release.tgz');
    await writeFile(path, 'this is not a tarball at all, just some text long enough for a header check');
    const reader = new NodeReleaseTarballReader(join(dir, 'tmp'));
    expect(await failure(() => reader.read(path))).toBe(
      `Extracting release: ${path}: Unrecognized archive format`,
    );
  });
});

describe('parsePkcs1 error texts (CA private keys from variables)', () => {
  // The textbook key: p = 61, q = 53, n = 3233, e = 17, d = 2753.
  const key = (fields: { version?: Der; n?: Der; e?: Der; d?: Der; p?: Der; q?: Der }): Der =>
    sequence(
      fields.version ?? integer(0n),
      fields.n ?? integer(3233n),
      fields.e ?? integer(17n),
      fields.d ?? integer(2753n),
      fields.p ?? integer(61n),
      fields.q ?? integer(53n),
      integer(1n),
      integer(1n),
      integer(1n),
    );

  it('accepts the consistent key', () => {
    expect(parsePkcs1(key({})).n).toBe(3233n);
  });

  it.each([
    ['truncated data', Uint8Array.of(0x30, 0x10, 0x02, 0x01), 'asn1: syntax error: data truncated'],
    ['a version above 1', key({ version: integer(2n) }), 'x509: unsupported private key version'],
    ['a zero value', key({ d: integer(0n) }), 'x509: private key contains zero or negative value'],
    ['an empty integer', key({ d: tlv(0x02, new Uint8Array(0)) }), 'asn1: syntax error: empty integer'],
    [
      'a non-minimal integer',
      key({ e: tlv(0x02, Uint8Array.of(0x00, 0x11)) }),
      'asn1: structure error: integer not minimally-encoded',
    ],
    ['e = 1', key({ e: integer(1n) }), 'crypto/rsa: public exponent too small'],
    ['e = 2^31', key({ e: integer(2n ** 31n) }), 'crypto/rsa: public exponent too large'],
    ['a prime of 1', key({ p: integer(1n) }), 'crypto/rsa: invalid prime value'],
    ['primes not multiplying to n', key({ n: integer(3239n) }), 'crypto/rsa: invalid modulus'],
    ['d not inverting e', key({ d: integer(2754n) }), 'crypto/rsa: invalid exponents'],
  ])('rejects %s', (_what, der, message) => {
    expect(syncFailure(() => parsePkcs1(der))).toBe(message);
  });
});
