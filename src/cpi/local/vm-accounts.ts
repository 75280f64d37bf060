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

/** `passwd` and `group` with `vcap` added, or undefined when both already have it. */
export function withVcapAccount(host: AccountFiles): AccountFiles | undefined {
  const users = entries(host.passwd);
  const groups = entries(host.group);
  const user = users.find((fields) => fields[0] === 'vcap');
  const group = groups.find((fields) => fields[0] === 'vcap');
  if (user !== undefined && group !== undefined) return undefined;

  const usedUids = new Set(users.map((fields) => fields[2]));
  const usedGids = new Set(groups.map((fields) => fields[2]));
  let gid = group?.[2] ?? user?.[3];
  if (gid === undefined) {
    let id = FIRST_ID;
    while (usedGids.has(String(id)) || usedUids.has(String(id))) id += 1;
    gid = String(id);
  }
  let uid = user?.[2];
  if (uid === undefined) {
    uid = usedUids.has(gid) ? undefined : gid;
    let id = FIRST_ID;
    while (uid === undefined) {
      if (!usedUids.has(String(id))) uid = String(id);
      id += 1;
    }
  }
  return {
    passwd:
      user === undefined
        ? `${withNewline(host.passwd)}vcap:x:${uid}:${gid}:BOSH System User:/home/vcap:/bin/bash\n`
        : host.passwd,
    group: group === undefined ? `${withNewline(host.group)}vcap:x:${gid}:\n` : host.group,
  };
}
