import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../base/errors.js';
import { drain } from './actions/drain.js';
import { uploadBlob } from './actions/upload-blob.js';
import { BundleCollection } from './applier/bundle-collection.js';
import { extractBundle } from './applier/extract.js';
import { SpecStore } from './applier/spec-store.js';
import { DirBlobManager } from './blobstore/blob-manager.js';
import { blobProvider } from './blobstore/providers.js';
import { Dirs } from './dirs.js';
import type { Logger } from './logger.js';
import type { JobSupervisor } from './ports.js';
import { HEARTBEAT_INTERVAL_ENV, heartbeatIntervalMs } from './transport/heartbeat.js';
import { HttpsMbus } from './transport/https-mbus.js';
import { natsTlsOptions } from './transport/nats-tls.js';

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

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-error-texts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('blobstore error texts', () => {
  it('refuses to write a blob whose id is not a plain name', async () => {
    const blobs = new DirBlobManager(join(dir, 'blobs'));
    expect(await failure(() => blobs.write('../escape', Uint8Array.of(1)))).toBe(
      "Opening blob store file: invalid blob id '../escape'",
    );
  });

  it('validates the local provider options', () => {
    const dirs = new Dirs(dir);
    expect(syncFailure(() => blobProvider({ provider: 'local', options: {} }, dirs))).toBe(
      'Validating blobstore: missing blobstore_path',
    );
    expect(
      syncFailure(() =>
        blobProvider({ provider: 'local', options: { blobstore_path: 'relative/blobs' } }, dirs),
      ),
    ).toBe("Validating blobstore: blobstore_path 'relative/blobs' must be absolute");
  });

  it('validates the dav provider options', () => {
    expect(
      syncFailure(() => blobProvider({ provider: 'dav', options: { user: 'agent' } }, new Dirs(dir))),
    ).toBe('Validating blobstore: missing endpoint');
  });
});

describe('upload_blob error texts', () => {
  const run = (payload: string, checksum: string) =>
    uploadBlob(new DirBlobManager(join(dir, 'sensitive'))).run([{ blob_id: 'blob-1', checksum, payload }], 3);

  it('rejects a payload that is not base64', async () => {
    expect(await failure(() => run('!!not base64!!', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'))).toBe(
      'illegal base64 data at input byte 0',
    );
  });

  it('rejects a payload whose checksum does not match', async () => {
    // base64 of "hello"; the checksum is sha1 of the empty string.
    expect(await failure(() => run('aGVsbG8=', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'))).toBe(
      "Payload corrupted. Checksum mismatch. Expected 'da39a3ee5e6b4b0d3255bfef95601890afd80709': " +
        "Expected stream to have digest 'da39a3ee5e6b4b0d3255bfef95601890afd80709' but was 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'",
    );
  });
});

describe('drain error texts', () => {
  it('rejects an unknown drain type', async () => {
    const supervisor: JobSupervisor = {
      processes: () => Promise.resolve([]),
      jobState: () => Promise.resolve('running'),
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      reload: () => Promise.resolve(),
      anyRunning: () => Promise.resolve(false),
    };
    const action = drain({
      specs: new SpecStore(join(dir, 'bosh', 'spec.json')),
      dirs: new Dirs(dir),
      supervisor,
      logger: silent,
    });
    expect(await failure(() => action.run(['bogus'], 3))).toBe("Unknown drain type 'bogus'");
  });
});

describe('applier error texts', () => {
  it('refuses bundles without a name or a version', () => {
    const bundles = new BundleCollection(join(dir, 'data', 'packages'), join(dir, 'packages'), 0o755);
    expect(syncFailure(() => bundles.get({ name: '', version: '1' }))).toBe('Missing bundle name');
    expect(syncFailure(() => bundles.get({ name: 'ruby', version: '' }))).toBe('Missing bundle version');
  });

  it('reports a package tarball without the expected directory', async () => {
    await mkdir(join(dir, 'src', 'other'), { recursive: true });
    await writeFile(join(dir, 'src', 'other', 'file'), 'x');
    const tarball = join(dir, 'package.tgz');
    await create({ file: tarball, cwd: join(dir, 'src'), gzip: true }, ['other']);
    const target = join(dir, 'out');
    await mkdir(target);
    expect(await failure(() => extractBundle(tarball, target, 'ruby'))).toBe(
      "Detecting prefix of package files: no file with prefix 'ruby' found",
    );
  });
});

describe('transport error texts', () => {
  it('rejects a heartbeat interval that is not a positive integer', () => {
    expect(syncFailure(() => heartbeatIntervalMs({ [HEARTBEAT_INTERVAL_ENV]: '0' }))).toBe(
      "BOSH_AGENT_HEARTBEAT_INTERVAL_MS must be a positive integer, got '0'",
    );
  });

  it('reports a NATS client certificate without a private key', () => {
    const cert = { ca: '', certificate: 'any certificate text', private_key: '' };
    expect(syncFailure(() => natsTlsOptions(cert, () => undefined))).toBe(
      'Getting connection info: Parsing certificate and private key: tls: failed to find any PEM data in key input',
    );
  });

  it('refuses an https mbus URL without a port', async () => {
    const mbus = new HttpsMbus({
      url: new URL('https://user:pass@127.0.0.1'),
      cert: { certificate: '', privateKey: '', ca: '' },
      dispatch: () => Promise.reject(new Error('not used')),
      blobs: new DirBlobManager(join(dir, 'blobs')),
      logger: silent,
    });
    expect(await failure(() => mbus.start())).toBe(
      'Starting HTTP listener: address 127.0.0.1: missing port in address',
    );
  });
});
