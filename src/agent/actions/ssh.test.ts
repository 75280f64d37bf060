import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import { decodeSettings } from '../settings/settings.js';
import { agentSshServer, type AgentSshServer } from '../ssh/server.js';
import { ssh } from './ssh.js';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH1+2Ov38IhK7QrMniGsum4Bwcx/FYZRvInGZtvlEFBb director';

let base: string;
let dirs: Dirs;
let server: AgentSshServer;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'agent-ssh-action-'));
  dirs = new Dirs(base);
  await mkdir(dirs.bosh, { recursive: true });
  server = agentSshServer(dirs, silent, {});
});
afterEach(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

const NETWORKS = {
  a: { type: 'manual', ip: '10.0.0.5', netmask: '255.255.255.0' },
  z: { type: 'dynamic', ip: '10.0.1.7', default: ['dns', 'gateway'] },
};

function action(networks: Record<string, unknown> = NETWORKS) {
  return ssh({ settings: { settings: decodeSettings({ networks }) }, ssh: server });
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    return errorChainMessage(toError(e));
  }
  throw new Error('expected a failure');
}

const home = (user: string) => join(base, 'bosh_ssh', user);
const users = () => readdir(join(base, 'bosh_ssh')).then((l) => l.sort());

describe('ssh', () => {
  it('is synchronous', () => {
    expect(action().isAsynchronous(3)).toBe(false);
  });

  it('refuses arguments as the Go runner does', async () => {
    const extracting = 'Extracting method arguments from payload';
    const unmarshalling = `${extracting}: Unmarshalling action argument: json: cannot unmarshal`;
    expect(await failure(() => action().run([], 3))).toBe(
      `${extracting}: Not enough arguments, expected 2, got 0`,
    );
    expect(await failure(() => action().run(['setup'], 3))).toBe(
      `${extracting}: Not enough arguments, expected 2, got 1`,
    );
    expect(await failure(() => action().run([5, {}], 3))).toBe(
      `${unmarshalling} number into Go value of type string`,
    );
    expect(await failure(() => action().run(['setup', 'bosh_x'], 3))).toBe(
      `${unmarshalling} string into Go value of type action.SSHParams`,
    );
    expect(await failure(() => action().run(['setup', { user: 5 }], 3))).toBe(
      `${unmarshalling} number into Go struct field SSHParams.User of type string`,
    );
    expect(await failure(() => action().run(['setup', { user: 'bosh_x', public_key: true }], 3))).toBe(
      `${unmarshalling} bool into Go struct field SSHParams.public_key of type string`,
    );
    expect(await failure(() => action().run(['cleanup', { user_regex: [] }], 3))).toBe(
      `${unmarshalling} array into Go struct field SSHParams.user_regex of type string`,
    );
  });

  it('refuses an unknown command', async () => {
    expect(await failure(() => action().run(['reboot', {}], 3))).toBe('Unknown command for SSH method');
    expect(await failure(() => action().run(['Setup', { user: 'bosh_x' }], 3))).toBe(
      'Unknown command for SSH method',
    );
  });

  describe('setup', () => {
    it('creates the user home with the key and answers the default IP and the host public key', async () => {
      const result = await action().run(['setup', { user: 'bosh_abc123', public_key: KEY }], 3);
      const hostKey = (await readFile(join(base, 'bosh', 'ssh_host_key.pub'), 'utf8')).trim();
      expect(hostKey).toMatch(/^ssh-ed25519 \S+$/);
      expect(result).toEqual({
        command: 'setup',
        status: 'success',
        ip: '10.0.1.7',
        host_public_key: hostKey,
      });
      expect(Object.keys(result as object)).toEqual(['command', 'status', 'ip', 'host_public_key']);
      expect((await stat(home('bosh_abc123'))).mode & 0o777).toBe(0o700);
      expect((await stat(join(home('bosh_abc123'), '.ssh'))).mode & 0o777).toBe(0o700);
      const keys = join(home('bosh_abc123'), '.ssh', 'authorized_keys');
      expect(await readFile(keys, 'utf8')).toBe(KEY);
      expect((await stat(keys)).mode & 0o777).toBe(0o600);
      // The same host key on the next setup.
      const again = await action().run(['setup', { user: 'bosh_def', public_key: KEY }], 3);
      expect(again).toMatchObject({ host_public_key: hostKey });
    });

    it('matches the parameter keys case-insensitively, as encoding/json does', async () => {
      const result = await action().run(['setup', { USER: 'bosh_upper', Public_Key: KEY }], 3);
      expect(result).toMatchObject({ command: 'setup', status: 'success' });
      expect(await readFile(join(home('bosh_upper'), '.ssh', 'authorized_keys'), 'utf8')).toBe(KEY);
    });

    it('takes the only network IP when no network is default', async () => {
      const result = await action({ only: { type: 'manual', ip: '10.0.0.9' } }).run(
        ['setup', { user: 'bosh_one', public_key: KEY }],
        3,
      );
      expect(result).toMatchObject({ ip: '10.0.0.9' });
    });

    it('fails as useradd does for an existing user or a bad name', async () => {
      await action().run(['setup', { user: 'bosh_twice', public_key: KEY }], 3);
      const useradd = (user: string) =>
        `Creating user: Shelling out to useradd: Running command: 'useradd -m -b ${join(base, 'bosh_ssh')} -s /bin/bash ${user}', stdout: '', `;
      expect(await failure(() => action().run(['setup', { user: 'bosh_twice', public_key: KEY }], 3))).toBe(
        `${useradd('bosh_twice')}stderr: 'useradd: user 'bosh_twice' already exists\n': exit status 9`,
      );
      for (const bad of ['../escape', '', '-x', 'a/b', '..', 'a'.repeat(33)]) {
        expect(await failure(() => action().run(['setup', { user: bad, public_key: KEY }], 3))).toBe(
          `${useradd(bad)}stderr: 'useradd: invalid user name '${bad}'\n': exit status 3`,
        );
      }
      expect(await users()).toEqual(['bosh_twice']);
    });

    it('fails without a default IP after creating the user, as bosh-agent does', async () => {
      expect(await failure(() => action({}).run(['setup', { user: 'bosh_noip', public_key: KEY }], 3))).toBe(
        'No default ip could be found',
      );
      expect(await users()).toEqual(['bosh_noip']);
    });

    it('fails before creating the user when SSH cannot be served', async () => {
      await server.listen(undefined);
      expect(await failure(() => action().run(['setup', { user: 'bosh_x', public_key: KEY }], 3))).toBe(
        'Getting host public key: SSH server is not running: the VM has no default network IP to listen on',
      );
      expect(await readdir(base)).not.toContain('bosh_ssh');
    });
  });

  describe('cleanup', () => {
    it('deletes the bosh_ users the regex matches', async () => {
      for (const user of ['bosh_a1', 'bosh_a2', 'bosh_b1', 'vcap_a1', 'xbosh_a1']) {
        await action().run(['setup', { user, public_key: KEY }], 3);
      }
      expect(await action().run(['cleanup', { user_regex: '^bosh_a' }], 3)).toEqual({
        command: 'cleanup',
        status: 'success',
      });
      expect(await users()).toEqual(['bosh_b1', 'vcap_a1', 'xbosh_a1']);
      // Only users named bosh_… are ephemeral, whatever the regex.
      await action().run(['cleanup', { user_regex: '.*' }], 3);
      expect(await users()).toEqual(['vcap_a1', 'xbosh_a1']);
    });

    it('succeeds when there are no users', async () => {
      expect(await action().run(['cleanup', { user_regex: '^bosh_' }], 3)).toEqual({
        command: 'cleanup',
        status: 'success',
      });
    });

    it('fails on a regex Go does not compile', async () => {
      expect(await failure(() => action().run(['cleanup', { user_regex: '^bosh_(' }], 3))).toBe(
        'SSH Cleanup: Deleting Ephemeral Users: Compiling regexp: error parsing regexp: missing closing ): `^bosh_(`',
      );
    });
  });
});
