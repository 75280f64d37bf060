import { closeSync, openSync, readFileSync } from 'node:fs';
import { wrapError } from '../../base/errors.js';
import { goPathError, ioError } from './go-os-error.js';

/**
 * bosh-utils osFileSystem.ReadFile: failures read `Opening file <path>` or `Reading file content <path>` over Go's
 * `open <path>: ...`. Synchronous underneath: the CLI reads a handful of files, and thread-pool round trips cost
 * more than they save.
 */
export function readFileGo(path: string): Promise<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return Promise.reject(wrapError(ioError(path, e), `Opening file ${path}`));
  }
  try {
    return Promise.resolve(readFileSync(fd));
  } catch (e) {
    return Promise.reject(wrapError(goPathError('read', path, e), `Reading file content ${path}`));
  } finally {
    closeSync(fd);
  }
}
