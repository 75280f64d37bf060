import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../src/agent/ssh/ssh2-module.js';
import { LocalCloud, readText, type Vm } from './support.js';

// `bosh ssh` into a VM of the local CPI: the agent's `ssh setup` creates a user and answers the VM's IP and SSH
// host key, the agent's own SSH server lets the real OpenSSH client in with that user's key, and `ssh cleanup`
// locks the user out again.
const SSH = '/usr/bin/ssh';
// Each VM has its own loopback IP; a high port keeps clear of any sshd of the host on 0.0.0.0:22.
const PORT = randomInt(20_000, 40_000);

let cloud: LocalCloud;
let keys: string;
beforeAll(async () => {
  cloud = await LocalCloud.create();
  const config = JSON.parse(await readFile(cloud.configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(
    cloud.configPath,
    JSON.stringify({ ...config, agent_env: { BOSH_AGENT_SSH_PORT: String(PORT) } }),
  );
  keys = await mkdtemp(join(tmpdir(), 'it-ssh-keys-'));
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(async () => {
  await cloud.destroy();
  await rm(keys, { recursive: true, force: true });
}, 60_000);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A client key pair as `bosh ssh` makes one: the private key in a 0600 file, the public key line. */
async function keyPair(): Promise<{ file: string; publicKey: string }> {
  const pair = generateEd25519KeyPair(ssh2.utils);
  const file = join(keys, `id-${randomBytes(4).toString('hex')}`);
  await writeFile(file, pair.private, { mode: 0o600 });
  return { file, publicKey: pair.public };
}

/** `ssh setup` as the director sends it; returns the agent's answer. */
async function setup(vm: Vm, user: string, publicKey: string): Promise<Record<string, unknown>> {
  const reply = await vm.call('ssh', 'setup', { user, public_key: publicKey });
  if (reply.exception !== undefined) throw new Error(`ssh setup: ${reply.exception.message}`);
  return reply.value as Record<string, unknown>;
}

/** The OpenSSH client, trusting only the host key `ssh setup` answered (as the CLI's known_hosts file does). */
async function ssh(
  host: { ip: string; hostPublicKey: string },
  user: string,
  key: string,
  command: { readonly options?: readonly string[]; readonly run?: string; readonly input?: string },
): Promise<Run> {
  const knownHosts = join(keys, `known_hosts-${randomBytes(4).toString('hex')}`);
  // The CLI writes `<ip> <key>`: OpenSSH names a host on another port than 22 `[<ip>]:<port>`.
  const name = PORT === 22 ? host.ip : `[${host.ip}]:${String(PORT)}`;
  await writeFile(knownHosts, `${name} ${host.hostPublicKey}\n`);
  const options = [
    ['-F', '/dev/null'],
    ['-o', 'BatchMode=yes'],
    ['-o', 'IdentitiesOnly=yes'],
    ['-o', 'IdentityAgent=none'],
    ['-o', `UserKnownHostsFile=${knownHosts}`],
    ['-o', 'GlobalKnownHostsFile=/dev/null'],
    ['-o', 'StrictHostKeyChecking=yes'],
    ['-o', 'LogLevel=ERROR'],
    ['-i', key],
    ['-p', String(PORT)],
  ].flat();
  return new Promise((resolve, reject) => {
    const args = [...options, ...(command.options ?? []), `${user}@${host.ip}`];
    const child = spawn(SSH, command.run === undefined ? args : [...args, command.run]);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.end(command.input ?? '');
  });
}

async function readyVm(agentId: string): Promise<Vm> {
  const vm = await cloud.createVm(agentId);
  await vm.waitForAgent();
  return vm;
}

describe.skipIf(!existsSync(SSH))('ssh into a VM of the local CPI', { timeout: 180_000 }, () => {
  it('lets the user ssh setup created in with its key, into the VM, until ssh cleanup', async () => {
    const vm = await readyVm('agent-ssh');
    const marker = `marker-${randomBytes(6).toString('hex')}`;
    await writeFile(vm.path('data/ssh-marker'), `${marker}\n`);
    const user = `bosh_${randomBytes(7).toString('hex')}`;
    const key = await keyPair();

    const result = await setup(vm, user, key.publicKey);
    const hostPublicKey = (await readFile(vm.path('bosh/ssh_host_key.pub'), 'utf8')).trim();
    expect(hostPublicKey).toMatch(/^ssh-ed25519 \S+$/);
    expect(result).toEqual({
      command: 'setup',
      status: 'success',
      ip: vm.ip,
      host_public_key: hostPublicKey,
    });
    expect(await readText(vm.path(`bosh_ssh/${user}/.ssh/authorized_keys`))).toBe(key.publicKey);
    const host = { ip: vm.ip, hostPublicKey };

    // The command runs inside the VM: its /var/vcap is the VM's, its mount namespace the agent's.
    const { mntNs } = await vm.namespaces();
    const run = await ssh(host, user, key.file, {
      run: 'cat /var/vcap/data/ssh-marker; pwd; echo "$USER $HOME"; readlink /proc/self/ns/mnt; echo to-stderr >&2; exit 5',
    });
    expect(run).toEqual({
      code: 5,
      stdout: `${marker}\n/var/vcap/bosh_ssh/${user}\n${user} /var/vcap/bosh_ssh/${user}\n${mntNs}\n`,
      stderr: 'to-stderr\n',
    });
    expect(await readlink(`/proc/self/ns/mnt`)).not.toBe(mntNs);

    // Another key is refused; so is a user setup did not create.
    const other = await keyPair();
    const wrongKey = await ssh(host, user, other.file, { run: 'true' });
    expect(wrongKey.code).toBe(255);
    expect(wrongKey.stderr).toContain('Permission denied (publickey)');
    const noUser = await ssh(host, 'bosh_nobody', key.file, { run: 'true' });
    expect(noUser.code).toBe(255);

    expect(await vm.call('ssh', 'cleanup', { user_regex: '^bosh_' })).toEqual({
      value: { command: 'cleanup', status: 'success' },
    });
    expect(existsSync(vm.path(`bosh_ssh/${user}`))).toBe(false);
    const after = await ssh(host, user, key.file, { run: 'true' });
    expect(after.code).toBe(255);
    expect(after.stderr).toContain('Permission denied (publickey)');
  });

  it('gives an interactive shell on a pseudo terminal (ssh -tt)', async () => {
    const vm = await readyVm('agent-ssh-tty');
    const user = `bosh_${randomBytes(7).toString('hex')}`;
    const key = await keyPair();
    const result = await setup(vm, user, key.publicKey);
    const host = { ip: vm.ip, hostPublicKey: String(result['host_public_key']) };
    const run = await ssh(host, user, key.file, {
      options: ['-tt'],
      input: 'tty; echo "hi from $((6 * 7))"; exit\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\/dev\/pts\/\d+\r\n/);
    expect(run.stdout).toContain('hi from 42\r\n');
  });

  it('answers bosh-agent errors for bad ssh arguments', async () => {
    const vm = await readyVm('agent-ssh-errors');
    expect(await vm.call('ssh', 'reboot', {})).toEqual({
      exception: { message: 'Action Failed ssh: Unknown command for SSH method' },
    });
    expect(await vm.call('ssh', 'setup')).toEqual({
      exception: {
        message:
          'Action Failed ssh: Extracting method arguments from payload: Not enough arguments, expected 2, got 1',
      },
    });
    expect(await vm.call('ssh', 'cleanup', { user_regex: '(' })).toEqual({
      exception: {
        message:
          'Action Failed ssh: SSH Cleanup: Deleting Ephemeral Users: Compiling regexp: error parsing regexp: missing closing ): `(`',
      },
    });
  });
});
