import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingDeployment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';
import { useFakeSsh, type FakeSsh } from '../../testing/fake-ssh.js';

let d: FakeDirector;
let h: DirectorCliHarness;
let ssh: FakeSsh;
useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});
useFakeSsh(
  () => h.home,
  (s) => {
    ssh = s;
  },
);

const HOST = (id: string, ip: string) => ({
  command: 'setup',
  status: 'success',
  ip,
  host_public_key: `ssh-ed25519 KEY${id}`,
  id,
  index: 0,
  job: 'web',
});

function setup(hosts: unknown[], states = ['done']): void {
  d.startsTask('POST', '/deployments/dep/ssh', 5, {
    states,
    outputs: { result: `${JSON.stringify(hosts)}\n` },
  });
}

const bosh = (args: string[], tty = false) => h.run(['-e', 'test', '-d', 'dep', ...args], { tty });
const bodies = () =>
  d.seen
    .filter((s) => s.path === '/deployments/dep/ssh')
    .map((s) => JSON.parse(s.body.toString()) as unknown);
const recorded = (ext: 'args' | 'known_hosts' | 'key') => ssh.recorded(ext);

describe('bosh ssh -c', () => {
  it('sets up a user with a fresh key, runs ssh with its options on the host, prefixes the output, cleans up', async () => {
    setup([HOST('abc', '10.0.0.5')]);
    const r = await bosh(['ssh', 'web/abc', '-c', 'cat /x', '--opts', ' -v '], true);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `${usingDeployment(d.url, 'dep')}Task 5. Done\n` +
        'web/abc: stdout | out on 10.0.0.5\nweb/abc: stderr | err on 10.0.0.5\n\nSucceeded\n',
    );
    const [setupBody, cleanupBody] = bodies() as [Record<string, unknown>, Record<string, unknown>];
    const params = setupBody['params'] as { user: string; public_key: string };
    expect(params.user).toMatch(/^bosh_[0-9a-f]{15}$/);
    expect(params.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E\S+\n$/);
    expect(Object.keys(setupBody)).toEqual(['command', 'deployment_name', 'params', 'target']);
    expect(setupBody).toMatchObject({
      command: 'setup',
      deployment_name: 'dep',
      target: { ids: ['abc'], indexes: ['abc'], job: 'web' },
    });
    expect(cleanupBody).toEqual({
      command: 'cleanup',
      deployment_name: 'dep',
      params: { user_regex: `^${params.user}` },
      target: { ids: ['abc'], indexes: ['abc'], job: 'web' },
    });
    const [args = ''] = await recorded('args');
    expect(args.split('\n')).toEqual([
      '-tt',
      ...['-o', 'ServerAliveInterval=30', '-o', 'ForwardAgent=no', '-o', 'PasswordAuthentication=no'],
      ...[
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        expect.stringMatching(/^IdentityFile=.*\/ssh-priv-key\d+$/) as string,
      ],
      ...['-o', expect.stringMatching(/^UserKnownHostsFile=.*\/ssh-known-hosts\d+$/) as string],
      ...['-v', '-o', 'StrictHostKeyChecking=yes', '10.0.0.5', '-l', params.user, 'cat /x', ''],
    ]);
    expect(await recorded('known_hosts')).toEqual(['10.0.0.5 ssh-ed25519 KEYabc\n']);
    expect(await recorded('key')).toEqual([expect.stringMatching(/^-----BEGIN RSA PRIVATE KEY-----\n/)]);
    // The session's files are gone.
    const tmpFiles = args.split('\n').filter((a) => /^(IdentityFile|UserKnownHostsFile)=/.test(a));
    for (const f of tmpFiles) await expect(readFile(f.replace(/^\w+=/, ''))).rejects.toThrow(/ENOENT/);
  });

  it('runs on every instance when none is given', async () => {
    setup([HOST('a', '10.0.0.5'), HOST('b', '10.0.0.6')]);
    const r = await bosh(['-n', 'ssh', '-c', 'echo', '-c', 'hi']);
    expect(r.exit).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual([
      '',
      'web/a: stderr | err on 10.0.0.5',
      'web/a: stdout | out on 10.0.0.5',
      'web/b: stderr | err on 10.0.0.6',
      'web/b: stdout | out on 10.0.0.6',
    ]);
    expect((bodies()[0] as { target: unknown }).target).toEqual({ ids: [], indexes: [] });
    const args = await recorded('args');
    expect(args.every((a) => a.endsWith('\necho\nhi\n'))).toBe(true);
    const hosts = await recorded('known_hosts');
    expect(hosts.sort()).toEqual([0, 1].map(() => '10.0.0.5 ssh-ed25519 KEYa\n10.0.0.6 ssh-ed25519 KEYb\n'));
  });

  it('collects the results into a table with -r (and still fails for a failed command)', async () => {
    setup([HOST('abc', '10.0.0.5')]);
    ssh.exitCode = 3;
    const r = await bosh(['ssh', 'web/0', '-r', '-c', 'x'], true);
    expect(r.stdout).toContain(
      'Task 5. Done\n\nInstance   web/abc  \nStdout     out on 10.0.0.5  \n             \nStderr     err on 10.0.0.5  \n',
    );
    expect(r.stdout).toMatch(
      /\nExit Code {2}3 {2}\nError {6}Running command: 'ssh -tt .* 10\.0\.0\.5 -l bosh_\w+ x', stdout: '', stderr: '': exit status 3 {2}\n\n1 results\n/,
    );
    expect(r.stderr).toMatch(/^Running SSH:\n {2}1 error occurred:\n/);
  });

  it("fails as bosh-cli does when ssh fails, listing each host's failure, and still cleans up", async () => {
    setup([HOST('abc', '10.0.0.5')]);
    ssh.exitCode = 255;
    const r = await bosh(['-n', 'ssh', 'web/abc', '-c', 'x']);
    expect(r.stderr).toMatch(
      /^Running SSH:\n {2}1 error occurred:\n\t\* Running command: 'ssh -tt -o ServerAliveInterval=30 .* 10\.0\.0\.5 -l bosh_\w+ x', stdout: '', stderr: '': exit status 255\n\n\nExit code 1\n$/,
    );
    expect(bodies().map((b) => (b as { command: string }).command)).toEqual(['setup', 'cleanup']);
  });
});

describe('bosh ssh -i KEY', () => {
  it('logs in as --username (vcap) with the key, without the director for an IP and without host key checks', async () => {
    const key = join(h.home, 'id_rsa');
    await writeFile(key, 'MY KEY\n');
    const r = await h.run(['-n', 'ssh', '10.0.0.9', '-i', key, '-c', 'uptime']);
    expect(r).toEqual({
      exit: 0,
      stdout: '?/: stdout | out on 10.0.0.9\n?/: stderr | err on 10.0.0.9\n',
      stderr: '',
    });
    expect(d.seen).toEqual([]);
    expect((await recorded('args'))[0]).toMatch(
      /\n-o\nStrictHostKeyChecking=no\n10\.0\.0\.9\n-l\nvcap\nuptime\n$/,
    );
    expect(await recorded('key')).toEqual(['MY KEY\n']);
    expect(await recorded('known_hosts')).toEqual(['']);
  });
});

describe('bosh ssh errors', () => {
  it('needs a command when not interactive (-n) or collecting results', async () => {
    for (const args of [
      ['-n', 'ssh', 'web/0'],
      ['ssh', 'web/0', '-r'],
    ]) {
      const r = await bosh(args);
      expect(r.stderr).toBe('Non-interactive SSH requires non-empty command\nExit code 1\n');
    }
    expect(d.seen).toEqual([]);
  });

  it('takes the words after the instance as the command, and refuses them with -c', async () => {
    setup([HOST('abc', '10.0.0.5')]);
    const ok = await bosh(['-n', 'ssh', 'web/abc', '--', 'ls', '-la']);
    expect(ok.exit).toBe(0);
    expect((await recorded('args'))[0]).toMatch(/\n10\.0\.0\.5\n-l\nbosh_\w+\nls\n-la\n$/);
    const r = await bosh(['ssh', 'web/0', '-c', 'ls', 'extra']);
    expect(r.stderr).toBe("Command '*opts.SSHOpts' does not support extra arguments: extra\nExit code 1\n");
  });

  it("reports a failed setup task, and sessions the director did not set up, in bosh-cli's words", async () => {
    setup([], ['error']);
    const failed = await bosh(['-n', 'ssh', 'web/7', '-c', 'x']);
    expect(failed.stderr).toBe(
      "Setting up SSH in deployment 'dep':\n  Expected task '5' to succeed but state is 'error'\nExit code 1\n",
    );
    expect(bodies().map((b) => (b as { command: string }).command)).toEqual(['setup']);
    setup([]);
    const none = await bosh(['-n', 'ssh', 'web', '-c', 'x']);
    expect(none.stderr).toBe(
      "Did not create any SSH sessions for the instances '[]director.SSHResp{}'\nExit code 1\n",
    );
    setup([{ ...HOST('abc', '10.0.0.5'), status: 'failure' }]);
    const failure = await bosh(['-n', 'ssh', 'web', '-c', 'x']);
    expect(failure.stderr).toBe(
      'Failed to set up SSH session for one of the instances \'director.SSHResp{Status:"failure", Job:"web", ' +
        'Index:(*int)(0xc000012345), ID:"abc", IP:"10.0.0.5", HostPublicKey:"ssh-ed25519 KEYabc", GatewayUser:"", GatewayHost:""}\'\nExit code 1\n',
    );
  });

  it('needs ssh on PATH', async () => {
    setup([HOST('abc', '10.0.0.5')]);
    process.env['PATH'] = '/nonexistent';
    try {
      const r = await bosh(['-n', 'ssh', 'web/abc', '-c', 'x']);
      expect(r.stderr).toMatch(
        /^Running SSH:\n {2}1 error occurred:\n\t\* Starting command 'ssh -tt .* -l bosh_\w+ x': exec: "ssh": executable file not found in \$PATH\n\n\nExit code 1\n$/,
      );
    } finally {
      ssh.onPath();
    }
  });

  it('checks --director as bosh-cli does, and says it is not supported', async () => {
    const key = join(h.home, 'key');
    await writeFile(key, 'KEY');
    const cases: [string[], string][] = [
      [
        ['ssh', '--director', '-i', key, '-c', 'x'],
        'the --private-key flag is not supported in combination with the --director flag',
      ],
      [
        ['ssh', '--director', '-c', 'x'],
        'the --director flag requires both the --agent-endpoint and --agent-certificate flags to be set',
      ],
      [
        ['logs', '--director', '--agent-endpoint', 'https://10.0.0.6:6868'],
        'the --director flag requires both the --agent-endpoint and --agent-certificate flags to be set',
      ],
      [
        ['logs', '--director', '--agent-endpoint', 'e', '--agent-certificate', 'c'],
        'the --director flag (VMs deployed with create-env) is not supported yet',
      ],
    ];
    for (const [args, message] of cases)
      expect((await h.run(['-n', ...args])).stderr).toBe(`${message}\nExit code 1\n`);
    expect(d.seen).toEqual([]);
  });

  it('does not start SOCKS5 proxies over SSH', async () => {
    const r = await bosh([
      '-n',
      'ssh',
      'web/0',
      '-c',
      'x',
      '--gw-socks5',
      'ssh+socks5://jump:22?private-key=k',
    ]);
    expect(r.stderr).toBe(
      "SOCKS5 proxies over SSH ('ssh+socks5://jump:22?private-key=k') are not supported; use a socks5:// proxy\nExit code 1\n",
    );
  });
});
