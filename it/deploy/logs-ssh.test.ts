import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpAnswer } from '../../test/support/http-get.js';
import { setAgentEnv } from './agent-support.js';
import { loopbackRange } from './cloud-config.js';
import { entries, saved, sshAgentEnv, waitForTasksToFinish } from './logs-ssh-support.js';
import { instancesOf, vmRows, type Vm } from './query-support.js';
import { cpiDir, sharedDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// `bosh logs` and `bosh ssh` end to end: our CLI, the embedded director's fetch_logs and ssh tasks, the agents of
// two deployed `web` instances bundling their logs and serving SSH, and the host's OpenSSH client.
const SSH = '/usr/bin/ssh';
const ROOT = join(import.meta.dirname, '..', '..');
/** The VMs of `web`, index 0 first. */
let vms: Vm[] = [];
/** `--opts` that reach an agent on another port than 22 (when 22 is taken on this host, or we may not bind it). */
let portOpts: string[] = [];

/** The host key `ssh setup` answered is stored for `<ip>`; on another port OpenSSH looks up `[<ip>]:<port>`. */
const sshOpts = (ip: string): string[] =>
  portOpts.length === 0 ? [] : [...portOpts, `--opts=-oHostKeyAlias=${ip}`];

const range = loopbackRange();
const env = sharedDeployEnv(
  'it-logs-ssh-',
  { subnet: { az: 'z1', dns: [], cloud_properties: { range: `${range}.0/24` } } },
  setUp,
  300_000,
);

/** The agents' environment, then 2 `web` instances deployed. */
async function setUp(): Promise<void> {
  const agent = await sshAgentEnv(env.dir, range);
  portOpts = agent.portOpts;
  await setAgentEnv(env, agent.agentEnv);
  const manifest = await writeWebManifest(env.dir, 'demo', {
    instances: 2,
    watch: '1000-30000',
    properties: { message: 'hi' },
  });
  const deploy = await env.bosh(['-d', 'demo', 'deploy', manifest]);
  expect(deploy.code).toBe(0);
  const rows = await vmRows(env, 'demo');
  vms = (await instancesOf(env, 'demo'))
    .sort((a, b) => a.index - b.index)
    .map(({ id }) => rows.find((r) => r.instance === `web/${id}`) ?? { instance: '', ip: '', cid: '' });
  expect(vms).toHaveLength(2);
}

describe('bosh logs', { timeout: 120_000 }, () => {
  it("downloads one instance's job logs as <deployment>.<group>.<index>-<time>.tgz", async () => {
    const dir = await mkdtemp(join(env.dir, 'logs-'));
    const r = await env.bosh(['-d', 'demo', 'logs', 'web/0', '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /\nTask \d+ \| \d\d:\d\d:\d\d \| Fetching logs for web\/[0-9a-f-]{36} \(0\): Finding and packing log files \(\d\d:\d\d:\d\d\)\n/,
    );
    const file = saved(r.stdout);
    expect(file).toMatch(new RegExp(`^${dir}/demo\\.web\\.0-\\d{8}-\\d{6}(-\\d+)?\\.tgz$`));
    expect(await readdir(dir)).toHaveLength(1);
    expect(entries(file)).toEqual(['./', './web/', './web/web.stderr.log', './web/web.stdout.log']);
  });

  it("downloads the agent's log with --agent", async () => {
    const r = await env.bosh(['-d', 'demo', 'logs', 'web/0', '--agent']);
    expect(r.code).toBe(0);
    expect(entries(saved(r.stdout))).toEqual(['./', './current']);
  });

  it('packs the bundles of every instance into one for the whole deployment', async () => {
    const r = await env.bosh(['-d', 'demo', 'logs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ \| Fetching group of logs: Packing log files together \(\d\d:\d\d:\d\d\)\n/);
    const file = saved(r.stdout);
    expect(file).toMatch(/\/demo-\d{8}-\d{6}(-\d+)?\.tgz$/);
    const inner = entries(file);
    expect(inner).toHaveLength(3);
    for (const vm of vms) {
      const uuid = vm.instance.replace('web/', '');
      expect(inner).toContainEqual(
        expect.stringMatching(new RegExp(`^\\./web\\.${uuid}\\.\\d{4}(-\\d\\d){5}\\.tgz$`)),
      );
    }
  });

  it("answers BOSH's error for an instance that does not exist", async () => {
    const r = await env.bosh(['-d', 'demo', 'logs', 'web/7']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Fetching logs:\n' +
        `  Director responded with non-successful status code '404' response '{"code":70001,"description":"'demo/web/7' doesn't exist"}'\n` +
        'Exit code 1\n',
    );
  });

  it.skipIf(!existsSync(SSH))('shows the last lines of the job logs over SSH with --num', async (t) => {
    // `bosh logs` passes no options to ssh: this needs the agents on port 22.
    if (portOpts.length > 0) t.skip();
    const [vm] = vms;
    await visit(vm?.ip ?? '');
    const r = await env.bosh(['-d', 'demo', 'logs', 'web/0', '--num', '1', '-q']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /\nweb\/[0-9a-f-]{36}: stdout \| \S+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 -\r\n/,
    );
  });
});

/** A request to an instance's web server, so that its access log gets a line; fails when it does not answer. */
async function visit(ip: string): Promise<void> {
  const answer = await httpAnswer(ip, 8080, '/');
  if ('error' in answer) throw new Error(answer.error);
}

describe.skipIf(!existsSync(SSH))('bosh ssh', { timeout: 120_000 }, () => {
  it('runs a command on one instance, prefixing each line of its output, then removes the SSH user', async () => {
    const [vm] = vms;
    const ip = vm?.ip ?? '';
    await visit(ip);
    const command = 'cat /var/vcap/sys/log/web/web.stderr.log; cat /var/vcap/jobs/web/public/index.html';
    const r = await env.bosh(['-d', 'demo', 'ssh', 'web/0', '-c', command, ...sshOpts(ip)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const prefix = `${vm?.instance ?? ''}: stdout | `;
    const lines = r.stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^web\/[0-9a-f-]{36}: stdout \| \S+ - - \[.*\] "GET \/ HTTP\/1\.1" 200 -\r$/),
    );
    expect(lines).toContain(`${prefix}hi from ${(vm?.instance ?? '').replace('web/', '')}\r`);
    expect(lines).toContain(`${vm?.instance ?? ''}: stderr | Connection to ${ip} closed.\r`);
    expect(r.stdout).toMatch(/\nTask \d+\. Done\nweb\//);
    // The CLI does not wait for the cleanup task: wait for it, then the user is gone from the VM.
    await waitForTasksToFinish(env);
    const [newest] = (await env.director.json('GET', '/tasks?verbose=2&limit=1')) as unknown[];
    expect(newest).toMatchObject({
      description: 'ssh: cleanup:{"ids" => ["0"], "indexes" => ["0"], "job" => "web"}',
      state: 'done',
    });
    expect(await readdir(cpiDir(env, 'vms', vm?.cid ?? '', 'bosh_ssh'))).toEqual([]);
  });

  it('runs on every instance of a group and fails with the exit status of the command', async (t) => {
    // One HostKeyAlias cannot name two hosts: this needs the agents on port 22.
    if (portOpts.length > 0) t.skip();
    const r = await env.bosh(['-d', 'demo', 'ssh', 'web', '-c', 'echo hello from $USER; exit 3']);
    expect(r.code).toBe(1);
    for (const vm of vms)
      expect(r.stdout).toMatch(new RegExp(`\n${vm.instance}: stdout \\| hello from bosh_\\w+\r\n`));
    expect(r.stderr).toMatch(
      /^Running SSH:\n {2}2 errors occurred:\n\t\* Running command: 'ssh -tt .*', stdout: '', stderr: '': exit status 3\n\t\* Running command: 'ssh -tt .*': exit status 3\n\n\nExit code 1\n$/,
    );
  });

  it('opens an interactive shell on one instance when there is no command and stdin is a terminal', () => {
    const [vm] = vms;
    const bosh = [process.execPath, join(ROOT, 'bin', 'bosh.cjs'), '--tty', '-d', 'demo', 'ssh', 'web/0'];
    const line = [...bosh, ...sshOpts(vm?.ip ?? '')].map((a) => `'${a}'`).join(' ');
    // util-linux `script` gives the CLI a terminal; the shell's input is typed into it.
    const r = spawnSync('script', ['-qfec', line, '/dev/null'], {
      input: 'echo "hi from $((6 * 7)) in $PWD"; exit 4\n',
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: join(env.dir, 'home'),
        BOSH_ENVIRONMENT: env.director.url,
        BOSH_CA_CERT: env.director.ca,
        BOSH_CLIENT: 'admin',
        BOSH_CLIENT_SECRET: env.director.password,
      },
    });
    expect(r.stdout).toMatch(/hi from 42 in \/var\/vcap\/bosh_ssh\/bosh_\w+\r\n/);
    expect(r.stdout).toMatch(
      /Running SSH:\r\n {2}1 error occurred:\r\n\t\* Running command: 'ssh -tt .*': exit status 4/,
    );
  });

  it("answers BOSH's error for an instance that does not exist", async () => {
    const r = await env.bosh(['-d', 'demo', 'ssh', 'web/7', '-c', 'true']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\nTask \d+ \| \d\d:\d\d:\d\d \| Error: No instances matched \{job: "web", index: \[7\], deployment_id: \d+\}\n/,
    );
    expect(r.stderr).toMatch(
      /^Setting up SSH in deployment 'demo':\n {2}Expected task '\d+' to succeed but state is 'error'\nExit code 1\n$/,
    );
  });
});
