import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';

/** bosh-agent `settings.EphemeralUserPrefix`: cleanup only ever deletes users named so. */
export const EPHEMERAL_USER_PREFIX = 'bosh_';

/** A failed command as bosh-utils' runner reports it: `Running command: '…', stdout: '…', stderr: '…': exit status N`. */
function commandFailed(command: string, stderr: string, status: number): Error {
  return wrapError(
    new Error(`exit status ${String(status)}`),
    `Running command: '${command}', stdout: '', stderr: '${stderr}'`,
  );
}

/**
 * What useradd (shadow 4.8, the Jammy stemcell's) accepts as a user name: a letter, digit, `_` or `.`, then those
 * or `-`, an optional final `$`, at most 32 characters. `.` and `..` are refused too: the name is a directory.
 */
export function isValidUserName(name: string): boolean {
  return name.length <= 32 && name !== '.' && name !== '..' && /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/.test(name);
}

/**
 * The users `ssh setup` creates. A VM of the local CPI shares the host's `/etc`, so they are not OS users: the
 * table is the homes under `<base>/bosh_ssh` (bosh-agent's `useradd -m -b <base>/bosh_ssh`), each holding
 * `.ssh/authorized_keys`. The agent's SSH server authenticates against them.
 */
export class SshUsers {
  constructor(readonly dir: string) {}

  home(user: string): string {
    return join(this.dir, user);
  }

  /** The user's keys file, or undefined when the name cannot be a user. */
  private keysFile(user: string): string | undefined {
    return isValidUserName(user) ? join(this.home(user), '.ssh', 'authorized_keys') : undefined;
  }

  /** bosh-agent's CreateUser: base dir 0755, a new home 0700; an existing user or a bad name fails as useradd. */
  async create(user: string): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o755 });
    } catch (e) {
      throw wrapError(e, 'Making user base path');
    }
    const command = `useradd -m -b ${this.dir} -s /bin/bash ${user}`;
    const useradd = (stderr: string, status: number) =>
      wrapError(commandFailed(command, stderr, status), 'Shelling out to useradd');
    if (!isValidUserName(user)) throw useradd(`useradd: invalid user name '${user}'\n`, 3);
    try {
      await mkdir(this.home(user), { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw useradd(`useradd: user '${user}' already exists\n`, 9);
      }
      throw useradd(`useradd: cannot create directory ${this.home(user)}\n`, 12);
    }
    await chmod(this.home(user), 0o700);
  }

  /** bosh-agent's SetupSSH: `.ssh` (0700) and `authorized_keys` (0600) holding the keys, one per line. */
  async setAuthorizedKeys(user: string, publicKeys: readonly string[]): Promise<void> {
    const file = this.keysFile(user);
    if (file === undefined || !(await isDirectory(this.home(user)))) {
      throw wrapError(new Error(`user: unknown user ${user}`), 'Finding home dir for user');
    }
    const sshDir = join(this.home(user), '.ssh');
    try {
      await mkdir(sshDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw wrapError(e, 'Making ssh directory');
    }
    try {
      await writeFile(file, publicKeys.join('\n'), { mode: 0o600 });
    } catch (e) {
      throw wrapError(e, 'Creating authorized_keys file');
    }
    await chmod(file, 0o600).catch((e: unknown) => {
      throw wrapError(e, 'Chmoding key path');
    });
  }

  /** The lines of the user's `authorized_keys`; undefined when there is no such user. */
  async authorizedKeys(user: string): Promise<readonly string[] | undefined> {
    const file = this.keysFile(user);
    if (file === undefined) return undefined;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    return text?.split('\n');
  }

  /** Whether the user exists (has a home). */
  async exists(user: string): Promise<boolean> {
    return isValidUserName(user) && (await isDirectory(this.home(user)));
  }

  /** Every user of the table, sorted. */
  async list(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    });
    return entries
      .filter((e) => e.isDirectory() && isValidUserName(e.name))
      .map((e) => e.name)
      .sort();
  }

  /**
   * bosh-agent's DeleteEphemeralUsersMatching: removes (`userdel -rf`) every user named `bosh_…` that `matches`;
   * returns who was deleted.
   */
  async deleteEphemeralMatching(matches: (user: string) => boolean): Promise<string[]> {
    let users: string[];
    try {
      users = await this.list();
    } catch (e) {
      throw wrapError(e, 'Finding ephemeral users');
    }
    const doomed = users.filter((u) => u.startsWith(EPHEMERAL_USER_PREFIX) && matches(u));
    for (const user of doomed) {
      try {
        await rm(this.home(user), { recursive: true, force: true });
      } catch (e) {
        throw wrapError(e, 'Deleting user');
      }
    }
    return doomed;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}
