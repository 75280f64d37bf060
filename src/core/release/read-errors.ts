import { WrappedError } from '../../base/errors.js';

/**
 * The error bosh-utils' ReadFile gives for a file that is not there, wrapped in the caller's context:
 * `<context>:` / `Opening file <path>:` / `open <path>: no such file or directory`.
 */
export function missingFileError(context: string, path: string): WrappedError {
  const open = new Error(`open ${path}: no such file or directory`);
  return new WrappedError(context, new WrappedError(`Opening file ${path}`, open));
}
