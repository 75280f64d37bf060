import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli } from '../../testing/director-cli-harness.js';
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

/** `ssh setup` answers one host, `web/abc` on 10.0.0.5. */
function setup(): void {
  const host = {
    command: 'setup',
    status: 'success',
    ip: '10.0.0.5',
    host_public_key: 'ssh-ed25519 K',
    id: 'abc',
    index: 0,
    job: 'web',
  };
  d.startsTask('POST', '/deployments/dep/ssh', 5, {
    states: ['done'],
    outputs: { result: `${JSON.stringify([host])}\n` },
  });
}
const bosh = (args: string[]) => h.run(['-e', 'test', '-n', '-d', 'dep', ...args]);
const commands = () =>
  d.seen
    .filter((s) => s.path === '/deployments/dep/ssh')
    .map((s) => (JSON.parse(s.body.toString()) as { command: string }).command);

describe('bosh logs -f / --num', () => {
  it('tails the logs over ssh on each instance (no host key option added), then cleans up', async () => {
    setup();
    const r = await bosh(['logs', 'web/abc', '-f', '--job', 'web', '--num', '5']);
    expect(r).toEqual({
      exit: 0,
      stdout: 'web/abc: stdout | out on 10.0.0.5\nweb/abc: stderr | err on 10.0.0.5\n',
      stderr: '',
    });
    const [args = ''] = await ssh.recorded('args');
    expect(args).not.toContain('StrictHostKeyChecking');
    expect(args).toMatch(
      /\n10\.0\.0\.5\n-l\nbosh_\w+\nsudo\nbash\n-c\n'exec tail -F -n 5 \/var\/vcap\/sys\/log\/web\/\*\.log'\n$/,
    );
    expect(commands()).toEqual(['setup', 'cleanup']);
  });

  it('wraps a failed tail in bosh-cli words', async () => {
    setup();
    ssh.exitCode = 1;
    const r = await bosh(['logs', 'web/abc', '--num', '5']);
    expect(r.stderr).toMatch(
      /^Running follow over non-interactive SSH:\n {2}1 error occurred:\n\t\* Running command: 'ssh -tt .*': exit status 1\n\n\nExit code 1\n$/,
    );
    expect(commands()).toEqual(['setup', 'cleanup']);
  });
});
