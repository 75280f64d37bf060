import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { boshError, type BoshErrorKind } from '../../core/errors.js';
import type { TaskContext } from '../tasks/task-context.js';
import { digestMismatch } from './archives.js';
import { downloadRemoteFile } from './download.js';
import type { UploadSource } from './payloads.js';

/** Where an upload is on disk: the API's file, or where a remote one is downloaded to. */
export async function uploadPath(source: UploadSource, tmpRoot: string, resource: string): Promise<string> {
  if (source.tarballPath !== undefined) return source.tarballPath;
  await mkdir(tmpRoot, { recursive: true });
  return join(tmpRoot, `${resource}-${randomUUID()}`);
}

/** `download_remote_file` of `location` into `path`. */
export function download(ctx: TaskContext, resource: string, location: string, path: string): Promise<void> {
  return downloadRemoteFile(resource, location, path, (line) => {
    ctx.debug(line);
  });
}

/**
 * `verify_sha`/`verify_sha1`: the upload must have the digest the user gave (`--sha1`), else `kind` with
 * bosh-utils' text (`Expected stream to have digest 'abcd1234' but was '<sha1>'`).
 */
export async function verifyUploadDigest(
  ctx: TaskContext,
  path: string,
  digest: string,
  kind: BoshErrorKind,
): Promise<void> {
  ctx.debug(`Verifying file shasum of '${path}' against '${digest}'`);
  const mismatch = await digestMismatch(path, digest);
  if (mismatch !== undefined) throw boshError(kind, mismatch);
  ctx.debug(`Shasum matched for file: '${path}' digest: '${digest}'`);
}
