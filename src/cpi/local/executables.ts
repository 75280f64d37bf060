import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { cloudError } from './response.js';

/** Resolves a program like execvp does, over PATH and the directories a root shell would search. */
export function findExecutable(program: string, path = process.env.PATH ?? ''): string {
  const candidates = program.includes('/')
    ? [program]
    : [
        ...path.split(delimiter),
        '/usr/local/sbin',
        '/usr/local/bin',
        '/usr/sbin',
        '/usr/bin',
        '/sbin',
        '/bin',
      ]
        .filter(Boolean)
        .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return resolve(candidate);
    } catch {
      // try the next one
    }
  }
  throw cloudError(`Executable '${program}' not found or not executable`);
}
