import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { AgentSshServer, authorizedKey, loadSsh2, sshPort } from './server.js';
import { generateEd25519KeyPair } from './ssh2-module.js';
import { SshUsers } from './users.js';

const SSH = '/usr/bin/ssh';
const SCP = '/usr/bin/scp';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
let users: SshUsers;
let servers: AgentSshServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-ssh-'));
  users = new SshUsers(join(dir, 'bosh_ssh'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  await rm(dir, { recursive: true, force: true });
});

function newServer(port = 0): AgentSshServer {
  const created = new AgentSshServer({
    users,
    hostKeyFile: join(dir, 'ssh_host_key'),
    port,
    logger: silent,
    baseEnv: { PATH: process.env.PATH, MARKER: 'from-agent' },
  });
  servers.push(created);
  return created;
}

/** A client key pair: the private key in a 0600 file, the public key line. */
async function keyPair(name: string): Promise<{ file: string; publicKey: string }> {
  const pair = generateEd25519KeyPair(ssh2.utils);
  const file = join(dir, name);
  await writeFile(file, pair.private, { mode: 0o600 });
  return { file, publicKey: `${pair.public} ${name}` };
}

/** The real OpenSSH client against the server, trusting only its host key. */
/** OpenSSH client options for the server, trusting only its host key. */
async function clientOptions(server: AgentSshServer, key: string): Promise<string[]> {
  const address = server.address;
  if (address === undefined) throw new Error('not listening');
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `[${address.ip}]:${String(address.port)} ${await server.hostPublicKey()}\n`);
  return [
    ['-F', '/dev/null'],
    ['-o', 'BatchMode=yes'],
    ['-o', 'IdentitiesOnly=yes'],
    ['-o', 'IdentityAgent=none'],
    ['-o', `UserKnownHostsFile=${knownHosts}`],
    ['-o', 'GlobalKnownHostsFile=/dev/null'],
    ['-o', 'StrictHostKeyChecking=yes'],
    ['-o', 'LogLevel=ERROR'],
    ['-o', `Port=${String(address.port)}`],
    ['-i', key],
  ].flat();
}

/** The real OpenSSH client (`program`: ssh or scp) against the server. */
function runClient(program: string, args: readonly string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.end(input);
  });
}

async function ssh(
  server: AgentSshServer,
  user: string,
  key: string,
  args: readonly string[],
  input = '',
): Promise<Run> {
  const options = await clientOptions(server, key);
  return runClient(SSH, [...options, `${user}@${server.address?.ip ?? ''}`, ...args], input);
}

async function userWithKey(user: string): Promise<string> {
  const key = await keyPair(`${user}-key`);
  await users.create(user);
  await users.setAuthorizedKeys(user, [key.publicKey]);
  return key.file;
}

describe('sshPort', () => {
  it('is 22 unless BOSH_AGENT_SSH_PORT names another port', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(sshPort({}, warn)).toBe(22);
    expect(sshPort({ BOSH_AGENT_SSH_PORT: '2222' }, warn)).toBe(2222);
    expect(sshPort({ BOSH_AGENT_SSH_PORT: '0' }, warn)).toBe(0);
    expect(warnings).toEqual([]);
    expect(sshPort({ BOSH_AGENT_SSH_PORT: 'ssh' }, warn)).toBe(22);
    expect(sshPort({ BOSH_AGENT_SSH_PORT: '70000' }, warn)).toBe(22);
    expect(warnings).toEqual([
      "Ignoring BOSH_AGENT_SSH_PORT='ssh': not a port number; using 22",
      "Ignoring BOSH_AGENT_SSH_PORT='70000': not a port number; using 22",
    ]);
  });
});

describe('authorizedKey', () => {
  beforeAll(async () => {
    await loadSsh2();
  });
  it('parses `<type> <base64> [comment]` lines and skips others', async () => {
    const { publicKey } = await keyPair('k');
    expect(authorizedKey(publicKey)?.type).toBe('ssh-ed25519');
    expect(authorizedKey(`  ${publicKey}  `)?.type).toBe('ssh-ed25519');
    expect(authorizedKey('')).toBeUndefined();
    expect(authorizedKey(`# ${publicKey}`)).toBeUndefined();
    expect(authorizedKey(`from="10.0.0.1" ${publicKey}`)).toBeUndefined();
    expect(authorizedKey('ssh-ed25519 not-base64')).toBeUndefined();
  });
});

describe('the host key', () => {
  it('is generated once, kept in the host key file (0600) and .pub, and reused', async () => {
    const server = newServer();
    const first = await server.hostPublicKey();
    expect(first).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=*$/);
    expect((await stat(join(dir, 'ssh_host_key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'ssh_host_key.pub'), 'utf8')).toBe(`${first}\n`);
    const again = newServer();
    expect(await again.hostPublicKey()).toBe(first);
  });

  it('is replaced when the file holds no usable key', async () => {
    await writeFile(join(dir, 'ssh_host_key'), 'garbage');
    const server = newServer();
    expect(await server.hostPublicKey()).toMatch(/^ssh-ed25519 /);
  });
});

describe('listening', () => {
  it('keeps going when the port is taken, and then reports why SSH cannot be served', async () => {
    const holder = newServer();
    await holder.listen('127.0.0.1');
    const port = holder.address?.port ?? 0;
    const server = newServer(port);
    await server.listen('127.0.0.1');
    expect(server.address).toBeUndefined();
    await expect(server.hostPublicKey()).rejects.toThrow(
      `SSH server is not running: cannot listen on 127.0.0.1:${String(port)}: listen EADDRINUSE: address already in use 127.0.0.1:${String(port)}`,
    );
    await holder.close();
    await server.listen('127.0.0.1');
    expect(server.address).toEqual({ ip: '127.0.0.1', port });
    await expect(server.hostPublicKey()).resolves.toMatch(/^ssh-ed25519 /);
  });

  it('waits for the first ssh setup when nobody can log in yet, and listens at once when users exist', async () => {
    const idle = newServer();
    await idle.listenWhenNeeded('127.0.0.1');
    expect(idle.address).toBeUndefined();
    await expect(idle.hostPublicKey()).resolves.toMatch(/^ssh-ed25519 /);
    expect(idle.address?.ip).toBe('127.0.0.1');
    await idle.close();
    await users.create('bosh_early');
    const busy = newServer();
    await busy.listenWhenNeeded('127.0.0.1');
    expect(busy.address?.ip).toBe('127.0.0.1');
    await busy.close();
  });

  it('does not listen without an IP', async () => {
    const server = newServer();
    await server.listen(undefined);
    expect(server.address).toBeUndefined();
    await expect(server.hostPublicKey()).rejects.toThrow(
      'SSH server is not running: the VM has no default network IP to listen on',
    );
  });
});

describe.skipIf(!existsSync(SSH))('sessions with the OpenSSH client', { timeout: 30_000 }, () => {
  let server: AgentSshServer;
  beforeEach(async () => {
    server = newServer();
    await server.listen('127.0.0.1');
    // A listen failure is remembered, not thrown: surface its reason here rather than as "not listening" later.
    await server.hostPublicKey();
  });

  it('runs a command in the user home with the user environment, stdout, stderr and exit status', async () => {
    const key = await userWithKey('bosh_alice');
    const home = join(dir, 'bosh_ssh', 'bosh_alice');
    const run = await ssh(
      server,
      'bosh_alice',
      key,
      ['pwd; echo "$HOME $USER $LOGNAME $MARKER"; echo oops >&2; read line; echo "got $line"; exit 3'],
      'input\n',
    );
    expect(run).toEqual({
      code: 3,
      stdout: `${home}\n${home} bosh_alice bosh_alice from-agent\ngot input\n`,
      stderr: 'oops\n',
    });
  });

  it('passes stdin through until EOF', async () => {
    const key = await userWithKey('bosh_cat');
    const run = await ssh(server, 'bosh_cat', key, ['wc -c'], 'x'.repeat(100_000));
    expect(run.stdout.trim()).toBe('100000');
    expect(run.code).toBe(0);
  });

  it('honours env requests', async () => {
    const key = await userWithKey('bosh_env');
    const run = await ssh(server, 'bosh_env', key, ['-o', 'SetEnv=GREETING=hello', 'echo "$GREETING"']);
    expect(run).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  it('rejects a key the user does not have, and users setup did not create', async () => {
    await userWithKey('bosh_bob');
    const other = await keyPair('other');
    const wrongKey = await ssh(server, 'bosh_bob', other.file, ['true']);
    expect(wrongKey.code).toBe(255);
    expect(wrongKey.stderr).toContain('Permission denied (publickey)');
    const key = await userWithKey('bosh_carol');
    const noUser = await ssh(server, 'bosh_nobody', key, ['true']);
    expect(noUser.code).toBe(255);
    expect(noUser.stderr).toContain('Permission denied (publickey)');
  });

  it('refuses a signature made with another key than the authorized one it claims', async () => {
    const authorized = await keyPair('authorized');
    await users.create('bosh_forged');
    await users.setAuthorizedKeys('bosh_forged', [authorized.publicKey]);
    const forger = ssh2.utils.parseKey(generateEd25519KeyPair(ssh2.utils).private);
    const claimed = ssh2.utils.parseKey(authorized.publicKey);
    if (forger instanceof Error || claimed instanceof Error) throw new Error('unparsable test key');
    class ForgingAgent extends ssh2.BaseAgent<ssh2.ParsedKey> {
      getIdentities(cb: (err: Error | undefined, keys?: ssh2.ParsedKey[]) => void): void {
        cb(undefined, [claimed as ssh2.ParsedKey]);
      }
      sign(_key: ssh2.ParsedKey, data: Buffer, ...rest: unknown[]): void {
        const cb = rest[rest.length - 1] as (err: Error | undefined, signature?: Buffer) => void;
        cb(undefined, (forger as ssh2.ParsedKey).sign(data));
      }
    }
    const address = server.address ?? { ip: '', port: 0 };
    const outcome = await new Promise<string>((resolve) => {
      const client = new ssh2.Client();
      client.on('ready', () => {
        client.end();
        resolve('logged in');
      });
      client.on('error', (e) => {
        resolve(e.message);
      });
      client.connect({
        host: address.ip,
        port: address.port,
        username: 'bosh_forged',
        agent: new ForgingAgent(),
      });
    });
    expect(outcome).toBe('All configured authentication methods failed');
  });

  it('refuses a user once it is deleted', async () => {
    const key = await userWithKey('bosh_dave');
    expect((await ssh(server, 'bosh_dave', key, ['true'])).code).toBe(0);
    await server.deleteEphemeralUsersMatching((u) => u === 'bosh_dave');
    const after = await ssh(server, 'bosh_dave', key, ['true']);
    expect(after.code).toBe(255);
    expect(after.stderr).toContain('Permission denied (publickey)');
  });

  it('gives a shell on a pseudo terminal with -tt', async () => {
    const key = await userWithKey('bosh_tty');
    const run = await ssh(server, 'bosh_tty', key, ['-tt'], 'tty; echo "term=$TERM"; exit 7\n');
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(run.stdout).toContain('term=');
  });

  it('runs a command on a pseudo terminal with -tt', async () => {
    const key = await userWithKey('bosh_ttyexec');
    const run = await ssh(server, 'bosh_ttyexec', key, ['-tt', 'test -t 0 && echo on-a-tty; exit 4']);
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('on-a-tty');
  });

  it('sizes the pseudo terminal as asked and resizes it on window-change', async () => {
    const key = await keyPair('resize-key');
    await users.create('bosh_resize');
    await users.setAuthorizedKeys('bosh_resize', [key.publicKey]);
    const address = server.address ?? { ip: '', port: 0 };
    const privateKey = await readFile(key.file, 'utf8');
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', resolve).on('error', reject);
      client.connect({
        host: address.ip,
        port: address.port,
        username: 'bosh_resize',
        privateKey,
      });
    });
    try {
      const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => {
        client.shell({ rows: 30, cols: 100, term: 'vt100' }, (e, s) => {
          if (e) reject(e);
          else resolve(s);
        });
      });
      let output = '';
      stream.on('data', (d: Buffer) => (output += d.toString()));
      const waitFor = async (text: string) => {
        const deadline = Date.now() + 10_000;
        while (!output.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(output).toContain(text);
      };
      stream.write('echo "size: $(stty size)"\n');
      await waitFor('size: 30 100');
      stream.setWindow(40, 120, 0, 0);
      // The resize is applied asynchronously: ask until the terminal reports it.
      for (let i = 0; i < 50 && !output.includes('size: 40 120'); i++) {
        stream.write('echo "size: $(stty size)"\n');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('size: 40 120');
      stream.end('exit\n');
    } finally {
      client.end();
    }
  });

  it.skipIf(!existsSync(SCP))('copies files with the legacy scp protocol (scp -O) over exec', async () => {
    const key = await userWithKey('bosh_scp');
    const options = await clientOptions(server, key);
    const local = join(dir, 'upload.txt');
    await writeFile(local, 'copied over scp\n');
    const target = `bosh_scp@${server.address?.ip ?? ''}`;
    const up = await runClient(SCP, ['-O', ...options, local, `${target}:uploaded.txt`]);
    expect(up).toMatchObject({ code: 0 });
    expect(await readFile(join(dir, 'bosh_ssh', 'bosh_scp', 'uploaded.txt'), 'utf8')).toBe(
      'copied over scp\n',
    );
    const back = join(dir, 'downloaded.txt');
    const down = await runClient(SCP, ['-O', ...options, `${target}:uploaded.txt`, back]);
    expect(down).toMatchObject({ code: 0 });
    expect(await readFile(back, 'utf8')).toBe('copied over scp\n');
  });

  it.skipIf(!existsSync(SCP) || !existsSync(SFTP_SERVER))(
    'copies files with scp over the sftp subsystem, as modern scp (and bosh scp) does',
    async () => {
      const key = await userWithKey('bosh_sftp');
      const options = await clientOptions(server, key);
      const local = join(dir, 'upload-sftp.txt');
      await writeFile(local, 'copied over sftp\n');
      const target = `bosh_sftp@${server.address?.ip ?? ''}`;
      expect(await runClient(SCP, ['-s', ...options, local, `${target}:up.txt`])).toMatchObject({ code: 0 });
      expect(await readFile(join(dir, 'bosh_ssh', 'bosh_sftp', 'up.txt'), 'utf8')).toBe('copied over sftp\n');
      const back = join(dir, 'down-sftp.txt');
      expect(await runClient(SCP, ['-s', ...options, `${target}:up.txt`, back])).toMatchObject({ code: 0 });
      expect(await readFile(back, 'utf8')).toBe('copied over sftp\n');
    },
  );

  it('refuses other subsystems', async () => {
    const key = await userWithKey('bosh_subsys');
    const run = await ssh(server, 'bosh_subsys', key, ['-s', 'netconf']);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('subsystem request failed');
  });

  it('ends sessions when it closes', async () => {
    const key = await userWithKey('bosh_long');
    const pending = ssh(server, 'bosh_long', key, ['echo started; sleep 30']);
    const deadline = Date.now() + 10_000;
    while (!(await psHas('sleep 30')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await server.close();
    const run = await pending;
    expect(run.code).not.toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await psHas('sleep 30')).toBe(false);
  });
});

/** Whether a process of this test (a child of a child of ours) runs `command`. */
async function psHas(command: string): Promise<boolean> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('close', () => {
      resolve(Buffer.concat(chunks).toString());
    });
  });
  return out.split('\n').some((line) => line.trim() === command);
}
