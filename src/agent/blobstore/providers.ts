import { createHash } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goObject, type AgentValue } from '../../protocol/agent.js';
import type { Dirs } from '../dirs.js';
import type { BlobstoreSettings } from '../settings/settings.js';
import { validBlobId } from './blob-manager.js';
import { httpDownload, httpUpload, type HttpOptions } from './http-transfer.js';

/** The configured blobstore's get/put by id (bosh-utils blobstore providers, without digests or retries). */
export interface BlobProvider {
  get(id: string, dest: string): Promise<void>;
  put(source: string, id: string): Promise<void>;
}

const MICRO_BOSH_CACHE = '/var/vcap/micro_bosh/data/cache';

const text = (options: Readonly<Record<string, AgentValue>>, key: string): string => {
  const v = options[key];
  return typeof v === 'string' ? v : '';
};

/** `local`: one file per id in `blobstore_path` (the micro-bosh cache path means the agent's `data/blobs`). */
function localProvider(options: Readonly<Record<string, AgentValue>>, dirs: Dirs): BlobProvider {
  const configured = text(options, 'blobstore_path');
  if (configured === '') throw new Error('Validating blobstore: missing blobstore_path');
  const root = configured === MICRO_BOSH_CACHE ? dirs.blobs : configured;
  if (!isAbsolute(root)) throw new Error(`Validating blobstore: blobstore_path '${root}' must be absolute`);
  const path = (id: string) => {
    if (!validBlobId(id)) throw new Error(`Invalid blob id '${id}'`);
    return join(root, id);
  };
  return {
    get: async (id, dest) => {
      try {
        await copyFile(path(id), dest);
      } catch (e) {
        throw wrapError(e, 'Copying file');
      }
    },
    put: async (source, id) => {
      try {
        await mkdir(root, { recursive: true, mode: 0o770 });
        await copyFile(source, path(id));
      } catch (e) {
        throw wrapError(e, 'Copying file to blobstore path');
      }
    },
  };
}

/** `dav`: davcli's layout `<endpoint>/<first byte of sha1(id) as 2 hex>/<id>`, basic auth, optional CA. */
function davProvider(options: Readonly<Record<string, AgentValue>>): BlobProvider {
  const endpoint = text(options, 'endpoint');
  if (endpoint === '') throw new Error('Validating blobstore: missing endpoint');
  const ca = goObject(goObject(options['tls'])['cert'])['ca'];
  const http: HttpOptions = {
    user: text(options, 'user'),
    password: text(options, 'password'),
    ...(typeof ca === 'string' && ca !== '' ? { ca } : {}),
  };
  const url = (id: string) => {
    const u = new URL(endpoint);
    const prefix = createHash('sha1').update(id).digest('hex').slice(0, 2);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/${prefix}/${encodeURIComponent(id)}`;
    return u;
  };
  const retried = async (what: string, op: () => Promise<void>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await op();
        return;
      } catch (e) {
        if (attempt >= 3 || (e instanceof Error && e.message.startsWith(`${what}: Wrong response code`)))
          throw e;
      }
    }
  };
  return {
    get: (id, dest) =>
      retried(`Getting dav blob ${id}`, () => httpDownload(url(id), dest, http, `Getting dav blob ${id}`)),
    put: (source, id) =>
      retried(`Putting dav blob ${id}`, () => httpUpload(url(id), source, http, `Putting dav blob ${id}`)),
  };
}

/** The provider of the effective blobstore settings; an unsupported provider fails at use. */
export function blobProvider(settings: BlobstoreSettings, dirs: Dirs): BlobProvider {
  switch (settings.provider) {
    case 'local':
      return localProvider(settings.options, dirs);
    case 'dav':
      return davProvider(settings.options);
    default:
      throw new Error(`Blobstore provider '${settings.provider}' is not supported by this agent`);
  }
}
