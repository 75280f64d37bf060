import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleCpi,
  cmdline,
  destroyHarness,
  makeHarness,
  procFields,
  readJsonFile,
  readText,
  removeBundle,
  vmProcesses,
  waitFor,
  type Harness,
  type HarnessOptions,
} from './support.js';

// Local VMs as processes (DESIGN §4): each VM's agent runs detached, in a private mount namespace where the VM's
// directory is /var/vcap; deleting the VM kills every process in it.
let bin: string;
const harnesses: Harness[] = [];
beforeAll(async () => {
  bin = await bundleCpi();
});
afterAll(() => removeBundle(bin));
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map(destroyHarness));
});

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await makeHarness(bin, options);
  harnesses.push(h);
  return h;
}

const network = (ip: string) => ({
  default: { type: 'manual', ip, netmask: '255.0.0.0', default: ['gateway'] },
});

async function createVm(h: Harness, agentId: string, ip: string): Promise<string> {
  const [cid] = (await h.ok('create_vm', [agentId, await h.stemcell(), {}, network(ip), [], {}])) as [string];
  return cid;
}

/** Waits until the tiny agent of `cid` has started and its daemon (in a session of its own) is running. */
async function waitForAgent(h: Harness, cid: string): Promise<{ seen: unknown; daemon: number }> {
  const seen = await waitFor('the agent to copy its settings', () =>
    readText(join(h.vmDir(cid), 'data', 'seen-settings.json')),
  );
  const daemon = await waitFor('the daemon to start', async () => {
    for (const pid of await vmProcesses(cid)) if ((await cmdline(pid)) === 'sleep 1000000') return pid;
    return undefined;
  });
  return { seen: JSON.parse(seen) as unknown, daemon };
}

/** create_vm's CloudError when the VM's init exits with `status`: its message, whose end is the launcher's. */
async function launcherFailure(h: Harness, agentId: string, ip: string, status: number): Promise<string> {
  const response = await h.call('create_vm', [agentId, await h.stemcell(), {}, network(ip), [], {}]);
  expect(response.error).toMatchObject({ type: 'Bosh::Clouds::CloudError', ok_to_retry: false });
  const message = response.error?.message ?? '';
  expect(
    message.startsWith(
      `Starting VM: the VM's init exited (status ${String(status)}) before starting the agent:\n`,
    ),
  ).toBe(true);
  return message;
}

const boots = async (h: Harness, cid: string) =>
  ((await readText(join(h.vmDir(cid), 'data', 'boots'))) ?? '').split('\n').filter(Boolean).length;

describe.each(['mount-ns', 'none'] as const)('isolation %s', (isolation) => {
  it('create_vm starts an agent that outlives the CPI and sees its VM files; delete_vm kills it all', async () => {
    const h = await harness({ config: { isolation } });
    const first = await createVm(h, 'agent-1', '127.1.0.11');
    const second = await createVm(h, 'agent-2', '127.1.0.12');
    // The CPI processes have exited; the agents keep running and each read its own VM's settings.
    for (const [cid, agentId] of [
      [first, 'agent-1'],
      [second, 'agent-2'],
    ] as const) {
      const { seen, daemon } = await waitForAgent(h, cid);
      expect(seen).toMatchObject({ agent_id: agentId, vm: { name: cid } });
      const [, , pgrp, session] = await procFields(daemon);
      expect(session).toBe(String(daemon)); // escaped the agent's session and process group
      expect(pgrp).toBe(String(daemon));
    }
    const state = (await readJsonFile(join(h.vmDir(first), '.cpi', 'vm.json'))) as {
      process: { launcher_pid: number; pgid: number; pid_ns: string | null };
    };
    expect(state.process.pgid).toBe(state.process.launcher_pid);
    expect(await vmProcesses(first)).toContain(state.process.launcher_pid);
    if (isolation === 'none') expect(state.process.pid_ns).toBeNull();
    else expect(state.process.pid_ns).toMatch(/^pid:\[\d+\]$/);

    expect((await vmProcesses(first)).length).toBeGreaterThanOrEqual(3);
    expect(await h.ok('delete_vm', [first])).toBeNull();
    expect(await vmProcesses(first)).toEqual([]);
    expect(await h.ok('has_vm', [first])).toBe(false);
    expect(await readText(join(h.vmDir(first), 'bosh', 'settings.json'))).toBeUndefined();
    // The other VM is untouched.
    expect((await vmProcesses(second)).length).toBeGreaterThanOrEqual(3);
    await h.ok('delete_vm', [second]);
    expect(await vmProcesses(second)).toEqual([]);
  });

  it('reboot_vm replaces every process of the VM and starts the agent again', async () => {
    const h = await harness({ config: { isolation } });
    const cid = await createVm(h, 'agent-1', '127.1.0.13');
    const { daemon } = await waitForAgent(h, cid);
    const before = await vmProcesses(cid);
    expect(await h.ok('reboot_vm', [cid])).toBeNull();
    expect(await vmProcesses(cid)).not.toContain(daemon);
    await waitFor('the second boot', async () => (await boots(h, cid)) === 2);
    const after = await vmProcesses(cid);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });
});

describe('the VM init', () => {
  it('starts the agent again when it exits, as runit does on a stemcell', async () => {
    const h = await harness();
    const cid = await createVm(h, 'agent-1', '127.1.0.14');
    await waitForAgent(h, cid);
    await writeFile(join(h.vmDir(cid), 'data', 'exit-now'), '');
    await waitFor('the agent to be started again', async () => (await boots(h, cid)) === 2);
    expect(await readText(join(h.vmDir(cid), 'bosh', 'log', 'current'))).toContain(
      'launcher: agent exited with status 3, restarting it in 1s',
    );
  });
});

describe('a VM in a mount namespace', () => {
  it("has /tmp and /var/tmp of its own, the stemcell's vcap user, and the host paths its agent needs", async () => {
    const h = await harness(); // in /tmp, like the tiny agent it runs and the data dir
    const host = hostname();
    const first = await createVm(h, 'agent-1', '127.1.0.15');
    await waitForAgent(h, first);
    const second = await createVm(h, 'agent-2', '127.1.0.16');
    await waitForAgent(h, second);
    for (const [cid, agentId] of [
      [first, 'agent-1'],
      [second, 'agent-2'],
    ] as const) {
      const view = await readText(join(h.vmDir(cid), 'data', 'view'));
      expect(view).toMatch(
        /^tmp-owner=none\ntmpdir=\/var\/vcap\/data\/tmp\nvcap=uid=\d+\(vcap\) gid=\d+\(vcap\) /,
      );
      // Named after its agent id, as bosh-agent's SetupHostname names a VM, with the stemcell's /etc/hosts.
      expect(view).toContain(
        `\nhostname=${agentId}\netc-hostname=${agentId}\nhosts=127.0.0.1 ${agentId} localhost\n`,
      );
    }
    expect(hostname()).toBe(host);
    // What a VM leaves in /tmp is in its own data/root_tmp (mode 1777, as on a stemcell), not the host's /tmp.
    expect(await readText(join(h.vmDir(first), 'data', 'root_tmp', 'tiny-agent-owner'))).toBe('agent-1\n');
    expect(await readText(join(h.vmDir(second), 'data', 'root_tmp', 'tiny-agent-owner'))).toBe('agent-2\n');
    expect((await stat(join(h.vmDir(first), 'data', 'root_tmp'))).mode & 0o7777).toBe(0o1777);
    expect(await readText('/tmp/tiny-agent-owner')).toBeUndefined();
  });

  it("shares the host's /tmp with 'private_tmp': false", async () => {
    const h = await harness({ config: { private_tmp: false } });
    const cid = await createVm(h, 'agent-1', '127.1.0.17');
    await waitForAgent(h, cid);
    try {
      expect(await readText('/tmp/tiny-agent-owner')).toBe('agent-1\n');
      expect(await readText(join(h.vmDir(cid), 'data', 'view'))).not.toContain('/var/vcap/data/tmp');
    } finally {
      await rm('/tmp/tiny-agent-owner', { force: true });
    }
  });

  it('fails create_vm saying which host path it could not keep', async () => {
    // A file where a directory is mounted back: the launcher's bind mount of it fails.
    const dir = await mkdtemp(join(tmpdir(), 'local-cpi-keep-'));
    const file = join(dir, 'not-a-dir');
    await writeFile(file, '');
    try {
      const h = await harness({ config: { host_paths: [file] } });
      const message = await launcherFailure(h, 'agent-1', '127.1.0.19', 95);
      expect(message.endsWith(`\nlauncher: cannot keep ${file}`)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the whole package of an agent script under /tmp, as bosh-ts checked out in /tmp', async () => {
    // bin/agent.sh runs ../lib/tiny-agent.sh, as bin/bosh-agent.cjs loads ../dist: the package.json above
    // bin/ says what to keep, not the script's own directory.
    const pkg = await mkdtemp(join(tmpdir(), 'local-cpi-pkg-'));
    try {
      await mkdir(join(pkg, 'bin'));
      await mkdir(join(pkg, 'lib'));
      await writeFile(join(pkg, 'package.json'), '{"name": "agent"}\n');
      await writeFile(
        join(pkg, 'bin', 'agent.sh'),
        '#!/bin/sh\nexec sh "$(dirname "$0")/../lib/tiny-agent.sh"\n',
      );
      await chmod(join(pkg, 'bin', 'agent.sh'), 0o755);
      await copyFile(
        join(dirname(fileURLToPath(import.meta.url)), 'tiny-agent.sh'),
        join(pkg, 'lib', 'tiny-agent.sh'),
      );
      const h = await harness({ config: { agent_command: [join(pkg, 'bin', 'agent.sh')] } });
      const cid = await createVm(h, 'agent-1', '127.1.0.21');
      const { seen } = await waitForAgent(h, cid);
      expect(seen).toMatchObject({ agent_id: 'agent-1' });
    } finally {
      await rm(pkg, { recursive: true, force: true });
    }
  });

  it('fails create_vm saying which hostname it could not set', async () => {
    // Linux takes at most 64 bytes (HOST_NAME_MAX): sethostname refuses a longer agent id, as on a real VM.
    const agentId = 'a'.repeat(65);
    const message = await launcherFailure(await harness(), agentId, '127.1.0.20', 96);
    expect(message.endsWith(`\nlauncher: cannot set the hostname to ${agentId}`)).toBe(true);
  });
});

describe.each(['mount-ns', 'none'] as const)('persistent disks with isolation %s', (isolation) => {
  it('keep their data across delete_vm and show it at /var/vcap/store of the next VM', async () => {
    const h = await harness({ config: { isolation } });
    const disk = String(await h.ok('create_disk', [512, {}, null]));
    const first = await createVm(h, 'agent-1', '127.1.0.15');
    await h.ok('attach_disk', [first, disk]);
    const history = (cid: string) => readText(join(h.vmDir(cid), 'data', 'store-history'));
    expect(await waitFor('agent-1 to write to its disk', () => history(first))).toBe('agent-1\n');
    expect(await readText(join(h.dataDir, 'disks', disk, 'data', 'history'))).toBe('agent-1\n');
    // In a mount namespace the disk is mounted for the VM only, not on the host's view of the VM dir.
    const onHost = await readText(join(h.vmDir(first), 'store', 'history'));
    expect(onHost).toBe(isolation === 'none' ? 'agent-1\n' : undefined);

    // delete_vm must not delete the disk's files through a mount (without isolation it unmounts first).
    await h.ok('delete_vm', [first]);
    expect(await readText(join(h.dataDir, 'disks', disk, 'data', 'history'))).toBe('agent-1\n');

    const second = await createVm(h, 'agent-2', '127.1.0.16');
    await h.ok('attach_disk', [second, disk]);
    expect(await waitFor('agent-2 to see the disk', () => history(second))).toBe('agent-1\nagent-2\n');
  });
});

describe('a VM whose init cannot mount what it needs', () => {
  const realMount = spawnSync('sh', ['-c', 'command -v mount'], { encoding: 'utf8' }).stdout.trim();
  // A `mount` on the VM's PATH that refuses one target and runs the real one for every other. It lives under /tmp
  // with the test's files, so once the VM's own /tmp is mounted the launcher finds only the real one: the mount
  // back of a kept path ('cannot mount <path> back') cannot be refused this way.
  it.each([
    ['/etc/hosts', 94, "launcher: cannot bind-mount the VM's /etc/hosts"],
    ['/tmp', 95, 'launcher: cannot mount /var/vcap/data/root_tmp on /tmp and /var/tmp'],
  ] as const)('fails create_vm when mounting on %s fails', async (target, status, launcherSays) => {
    const fakeBin = await mkdtemp(join(dirname(dirname(bin)), 'fake-mount-')); // removed with the bundle
    await writeFile(
      join(fakeBin, 'mount'),
      `#!/bin/sh\nfor last; do :; done\nif [ "$last" = ${target} ]; then echo "mount: refused" >&2; exit 32; fi\n` +
        `exec ${realMount} "$@"\n`,
    );
    await chmod(join(fakeBin, 'mount'), 0o755);
    const h = await harness({ cpiEnv: { PATH: `${fakeBin}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    const message = await launcherFailure(h, 'agent-1', '127.1.0.22', status);
    expect(message.endsWith(`\n${launcherSays}`)).toBe(true);
  });
});

const userNamespacesWork =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    'unshare',
    '--user',
    '--map-root-user',
    '--mount',
    'true',
  ]).status === 0 &&
  spawnSync('test', ['-d', '/var/vcap']).status === 0;

describe.skipIf(!userNamespacesWork)('without root', () => {
  it('runs VMs in an unprivileged user namespace', async () => {
    const h = await harness({ as: { uid: 65534, gid: 65534 } });
    const cid = await createVm(h, 'agent-1', '127.1.0.17');
    const { seen } = await waitForAgent(h, cid);
    expect(seen).toMatchObject({ agent_id: 'agent-1' });
    expect(await readJsonFile(join(h.vmDir(cid), '.cpi', 'vm.json'))).toMatchObject({
      launch_mode: 'mount-ns-userns',
    });
    expect(await readText(join(h.vmDir(cid), 'data', 'view'))).toContain('\nhostname=agent-1\n');
    await h.ok('delete_vm', [cid]);
    expect(await vmProcesses(cid)).toEqual([]);
  });
});

describe('without the privilege to make namespaces', () => {
  /** A host whose `unshare` is refused, as for a user without root and without user namespaces. */
  async function unprivileged(config: Record<string, unknown>): Promise<Harness> {
    const fakeBin = join(dirname(dirname(bin)), 'unprivileged-bin'); // removed with the bundle
    await mkdir(fakeBin, { recursive: true });
    await writeFile(
      join(fakeBin, 'unshare'),
      '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n',
    );
    await chmod(join(fakeBin, 'unshare'), 0o755);
    const h = await harness({ config, cpiEnv: { PATH: `${fakeBin}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    return h;
  }

  it("create_vm fails with a CloudError saying what is missing when 'mount-ns' is configured", async () => {
    const h = await unprivileged({ isolation: 'mount-ns' });
    const response = await h.call('create_vm', [
      'agent-1',
      await h.stemcell(),
      {},
      network('127.1.0.18'),
      [],
      {},
    ]);
    expect(response.error).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message:
        "VM isolation 'mount-ns' needs root or unprivileged user namespaces (sysctl " +
        'kernel.unprivileged_userns_clone=1); set "isolation": "none" in the CPI config to run without it: ' +
        'unshare: unshare failed: Operation not permitted',
      ok_to_retry: false,
    });
  });

  it('runs VMs without isolation, with a warning, when no isolation is configured', async () => {
    const h = await unprivileged({});
    const response = await h.call('create_vm', [
      'agent-1',
      await h.stemcell(),
      {},
      network('127.1.0.19'),
      [],
      {},
    ]);
    expect(response.log).toContain(
      'WARN: running VMs without isolation: unshare: unshare failed: Operation not permitted',
    );
    const [cid] = response.result as [string];
    expect(await readJsonFile(join(h.vmDir(cid), '.cpi', 'vm.json'))).toMatchObject({ launch_mode: 'none' });
    await waitForAgent(h, cid);
    // No UTS namespace: the host's name, which the VM leaves alone.
    expect(await readText(join(h.vmDir(cid), 'data', 'view'))).toContain(`\nhostname=${hostname()}\n`);
  });
});
