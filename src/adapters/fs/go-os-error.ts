/** Go's os.PathError text for a Node system error: `open <path>: no such file or directory`. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
};

export function goPathError(op: string, path: string, cause: unknown): Error {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const text = ERRNO_TEXT[code] ?? (cause instanceof Error ? cause.message : String(cause));
  return new Error(`${op} ${path}: ${text}`);
}

/** Go's `<op> <path>: <text>` for a failed Node fs call, the op taken from the error's syscall (else `fallbackOp`). */
export function ioError(path: string, cause: unknown, fallbackOp = 'open'): Error {
  const syscall =
    typeof cause === 'object' && cause !== null && 'syscall' in cause && typeof cause.syscall === 'string'
      ? cause.syscall
      : fallbackOp;
  return goPathError(syscall, path, cause);
}
