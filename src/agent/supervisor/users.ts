import { readFileSync } from 'node:fs';

export interface Ids {
  readonly uid?: number;
  readonly gid?: number;
}

function lookup(file: string, name: string): { id: number; gid: number } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined) return { id: Number(f[2]), gid: Number(f[3] ?? f[2]) };
  }
  return undefined;
}

/**
 * The numeric ids for `as uid X and gid Y`. Only root can switch; for anyone else, and for names this machine
 * does not know (a local VM shares the host's users), the program runs as we do and `warn` says so.
 */
export function resolveIds(uid: string | undefined, gid: string | undefined, warn: (m: string) => void): Ids {
  if (uid === undefined && gid === undefined) return {};
  if (process.getuid?.() !== 0) return {};
  let u: number | undefined;
  let g: number | undefined;
  if (uid !== undefined) {
    const user = /^\d+$/.test(uid) ? { id: Number(uid), gid: undefined } : lookup('/etc/passwd', uid);
    if (user === undefined) warn(`user '${uid}' does not exist; running as uid ${process.getuid()}`);
    u = user?.id;
    g = user?.gid;
  }
  if (gid !== undefined) {
    const group = /^\d+$/.test(gid) ? { id: Number(gid) } : lookup('/etc/group', gid);
    if (group === undefined) warn(`group '${gid}' does not exist; running as gid ${process.getgid?.() ?? 0}`);
    g = group?.id ?? g;
  }
  return { ...(u !== undefined ? { uid: u } : {}), ...(g !== undefined ? { gid: g } : {}) };
}
