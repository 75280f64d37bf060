import { stat } from 'node:fs/promises';

/** Whether anything can be stat'ed at `path` (any error counts as absent). */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Whether `path` is a regular file (following symlinks; any error counts as no). */
export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
