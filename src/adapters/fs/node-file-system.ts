import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { wrapError } from '../../base/errors.js';
import type { FileSystem } from '../../ports/file-system.js';
import { atomicWrite } from './atomic-write.js';
import { goPathError } from './go-os-error.js';
import { readFileGo } from './os-read-file.js';

/** The local disk, with bosh-utils' error wording. */
export class NodeFileSystem implements FileSystem {
  constructor(private readonly home: string = homedir()) {}

  readFile(path: string): Promise<Uint8Array> {
    return readFileGo(path);
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (e) {
      throw wrapError(goPathError('mkdir', dirname(path), e), 'Creating dir to write file');
    }
    try {
      await atomicWrite(path, content, 0o666);
    } catch (e) {
      throw wrapError(goPathError('open', path, e), `Creating file ${path}`);
    }
  }

  async fileExists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  }

  expandPath(path: string): string {
    const expanded = path.startsWith('~') ? join(this.home, path.slice(1)) : path;
    return resolve(expanded);
  }
}

/** Reads stdin whole (for `bosh int -`). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
