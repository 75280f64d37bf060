import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

let tmpCounter = 0;

/**
 * Writes a file beside its final name and renames it over, so readers never see half a file and a crash never
 * leaves one behind.
 */
export async function atomicWrite(path: string, content: string | Uint8Array, mode = 0o640): Promise<void> {
  tmpCounter += 1;
  const tmp = join(dirname(path), `.${String(process.pid)}-${String(tmpCounter)}.tmp`);
  await writeFile(tmp, content, { mode });
  await rename(tmp, path);
}
