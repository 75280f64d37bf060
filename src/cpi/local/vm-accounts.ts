/**
 * The `vcap` user and group every stemcell has: release scripts `chown vcap:vcap` their directories and drop to it
 * with `chpst -u vcap:vcap`. A host without them gets, inside each VM's mount namespace, copies of its
 * `/etc/passwd` and `/etc/group` with `vcap` added (the launcher bind-mounts them over the originals); the host's
 * own files are never changed.
 */

export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
}

/** Stemcells give vcap uid and gid 1000; another free id from 1000 up when the host uses it. */
const FIRST_ID = 1000;

function entries(file: string): string[][] {
  return file
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function withNewline(file: string): string {
  return file === '' || file.endsWith('\n') ? file : `${file}\n`;
}

/** The first id from FIRST_ID up that is not `taken`. */
function firstFreeId(taken: (id: string) => boolean): string {
  let id = FIRST_ID;
  while (taken(String(id))) id += 1;
  return String(id);
}

/** `passwd` and `group` with `vcap` added, or undefined when both already have it. */
export function withVcapAccount(host: AccountFiles): AccountFiles | undefined {
  const users = entries(host.passwd);
  const groups = entries(host.group);
  const user = users.find((fields) => fields[0] === 'vcap');
  const group = groups.find((fields) => fields[0] === 'vcap');
  if (user !== undefined && group !== undefined) return undefined;

  const usedUids = new Set(users.map((fields) => fields[2]));
  const usedGids = new Set(groups.map((fields) => fields[2]));
  const gid = group?.[2] ?? user?.[3] ?? firstFreeId((id) => usedGids.has(id) || usedUids.has(id));
  // The uid equals the gid when it can, as on a stemcell.
  const uid = user?.[2] ?? (usedUids.has(gid) ? firstFreeId((id) => usedUids.has(id)) : gid);
  return {
    passwd:
      user === undefined
        ? `${withNewline(host.passwd)}vcap:x:${uid}:${gid}:BOSH System User:/home/vcap:/bin/bash\n`
        : host.passwd,
    group: group === undefined ? `${withNewline(host.group)}vcap:x:${gid}:\n` : host.group,
  };
}
