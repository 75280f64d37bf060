import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { wrapError } from '../../base/errors.js';

/**
 * Unpacks a (gzipped) tarball into `dir`. With `pathInArchive` (a job in the rendered templates archive) only that
 * directory is taken, its leading component(s) stripped; the archive may write it as `job/…` or `./job/…`
 * (bosh-agent's tarpath prefix detector).
 */
export async function extractBundle(tarball: string, dir: string, pathInArchive?: string): Promise<void> {
  if (pathInArchive === undefined || pathInArchive === '') {
    await extract({ file: tarball, cwd: dir, preserveOwner: false });
    return;
  }
  let prefix: string;
  try {
    prefix = await detectPrefix(tarball, pathInArchive);
  } catch (e) {
    throw wrapError(e, 'Detecting prefix of package files');
  }
  await extract({
    file: tarball,
    cwd: dir,
    preserveOwner: false,
    strip: prefix.startsWith('./') ? 2 : 1,
    filter: (path) => path.startsWith(prefix),
  });
}

async function detectPrefix(tarball: string, path: string): Promise<string> {
  let found: string | undefined;
  await list({
    file: tarball,
    onReadEntry: (entry) => {
      if (found !== undefined) return;
      if (entry.path.startsWith(`./${path}/`)) found = `./${path}/`;
      else if (entry.path.startsWith(`${path}/`)) found = `${path}/`;
    },
  });
  if (found === undefined) throw new Error(`no file with prefix '${path}' found`);
  return found;
}

/** bosh-agent's job permission fix: directories and `bin/*` 0750, other files 0640 (ownership is left as is). */
export async function fixJobPermissions(root: string): Promise<void> {
  const walk = async (dir: string, inBin: boolean): Promise<void> => {
    await chmod(dir, 0o750);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, dir === root && entry.name === 'bin' ? true : inBin);
      else if (entry.isFile()) await chmod(path, inBin ? 0o750 : 0o640);
    }
  };
  try {
    await walk(root, false);
  } catch (e) {
    throw wrapError(e, 'Correcting file permissions');
  }
}
