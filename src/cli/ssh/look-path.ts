import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Go's `exec.LookPath`: the first executable file named `name` on PATH; undefined when there is none. */
export function lookPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir === '' ? '.' : dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
