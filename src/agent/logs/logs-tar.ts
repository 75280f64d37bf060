import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { create } from 'tar';
import { wrapError } from '../../base/errors.js';
import type { Dirs } from '../dirs.js';

/**
 * bosh-agent's logs tar provider: `job` is `sys/log`, `agent` is `bosh/log`, `system` is `/var/log` (kept under
 * `var/log/`); `filters` are globs relative to each directory (default `**\/*`). The files are copied into a
 * temporary directory and tarred as `./…` with gzip.
 */
export async function makeLogsTarball(
  dirs: Dirs,
  logTypes: string,
  filters: readonly string[],
): Promise<string> {
  const sources: { dir: string; prefix: string }[] = [];
  for (const type of logTypes.split(',')) {
    if (type === 'job') sources.push({ dir: dirs.logs, prefix: '' });
    else if (type === 'agent') sources.push({ dir: dirs.agentLogs, prefix: '' });
    else if (type === 'system') sources.push({ dir: '/var/log', prefix: 'var/log' });
    else throw new Error('Invalid log type');
  }
  const globs = (filters.length === 0 ? ['**/*'] : filters).map(globToRegExp);
  await mkdir(dirs.tmp, { recursive: true, mode: 0o770 });
  const staging = await mkdtemp(join(dirs.tmp, 'logs-'));
  try {
    try {
      for (const { dir, prefix } of sources) {
        for (const file of await filesUnder(dir)) {
          const rel = relative(dir, file);
          if (!globs.some((g) => g.test(rel))) continue;
          const dest = join(staging, prefix, rel);
          await mkdir(dirname(dest), { recursive: true });
          await copyFile(file, dest);
        }
      }
    } catch (e) {
      throw wrapError(e, 'Copying filtered files to temp directory');
    }
    const tarball = `${staging}.tgz`;
    try {
      await create({ file: tarball, cwd: staging, gzip: true, portable: true }, ['.']);
    } catch (e) {
      throw wrapError(e, 'Making logs tarball');
    }
    return tarball;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A doublestar glob: `**` crosses directories (`**\/` may match nothing), `*` and `?` stay within one. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
