import { stat } from 'node:fs/promises';

/** Whether anything can be stat'ed at `path` (any error counts as absent). */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
