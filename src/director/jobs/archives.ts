import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { errorChainMessage, toError } from '../../base/errors.js';
import { parseMultipleDigest, verifyFileDigest } from '../../adapters/blobstore/digest.js';

/**
 * The director's handling of uploaded archives: BOSH shells out to `tar -C <dir> -xf <file>` (`tar -tf` to check a
 * package) and to `verify-multi-digest`; we extract with node-tar (gzip'd or plain, owners not kept, nothing outside
 * the target dir) and check digests with bosh-utils' rules.
 */

/** A new temp dir under `root` (created when missing). */
export async function makeTempDir(root: string, prefix: string): Promise<string> {
  await mkdir(root, { recursive: true });
  return mkdtemp(join(root, prefix));
}

/** Removes a dir or file; node-tar may still be finishing files when a broken archive failed it. */
export function removePath(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
}

/** Why a file is no readable archive, in the words tar would use; undefined when it is one. */
async function archiveProblem(file: string, run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return `tar: ${file}: Cannot read: Is a directory`;
  } catch {
    return `tar: ${file}: Cannot open: No such file or directory`;
  }
  try {
    await run();
    return undefined;
  } catch (e) {
    return `tar: ${file}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** `tar -C <dir> -xf <file>`: the problem (for the debug log) when it fails. */
export async function extractArchive(file: string, dir: string): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  return archiveProblem(file, () => extract({ file, cwd: dir, strict: true, preserveOwner: false }));
}

/** `tar -tf <file>`: the problem when the file is no readable archive. */
export function checkArchive(file: string): Promise<string | undefined> {
  return archiveProblem(file, () => list({ file, strict: true }));
}

/**
 * `verify-multi-digest <file> <digest>`: bosh-utils' text when the file does not match (`Expected stream to have
 * digest '<want>' but was '<got>'`), or when the digest cannot be parsed or computed; undefined when it matches.
 */
export async function digestMismatch(file: string, digest: string): Promise<string | undefined> {
  try {
    await verifyFileDigest(file, parseMultipleDigest(digest));
    return undefined;
  } catch (e) {
    return errorChainMessage(toError(e));
  }
}
