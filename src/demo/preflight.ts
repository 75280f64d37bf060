import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The programs the demo needs on PATH, and who needs them. */
const NEEDED: readonly (readonly [string, string])[] = [
  ['python3', "the demo's web job serves its page with python3 -m http.server"],
  ['ruby', 'the director renders job templates (ERB) with ruby'],
  ['tar', 'create-release and the local CPI pack and unpack archives with tar'],
  ['gzip', 'create-release compresses with gzip'],
  ['bash', "release packaging scripts and the job's control script run under bash"],
];

export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir === '' ? '.' : dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws one error naming every missing program (on `path`) and why it is needed. */
export function preflight(path = process.env.PATH ?? ''): void {
  if (process.platform !== 'linux') {
    throw new Error(`the local CPI runs VMs as Linux processes; this is ${process.platform}`);
  }
  const missing = NEEDED.filter(([name]) => !onPath(name, path));
  if (missing.length > 0) {
    throw new Error(
      `missing on PATH:\n${missing.map(([name, why]) => `  ${name}: ${why}`).join('\n')}\n` +
        'Install them (e.g. apt-get install python3 ruby tar gzip bash) and run npm run demo again.',
    );
  }
}
