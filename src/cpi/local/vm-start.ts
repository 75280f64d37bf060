import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stemcellEtcHosts } from '../../core/network/etc-hosts.js';
import type { AgentSettings, CpiNetwork } from '../../protocol/cpi.js';
import type { CpiEnv } from './cpi-env.js';
import { writeJsonAtomic } from './layout.js';
import { launchVm, type DataMount, type LaunchMode } from './namespace.js';
import { defaultNetworkIp } from './network.js';
import { VM_MARKER, type VmProcess } from './processes.js';
import { cloudError } from './response.js';
import { withVcapAccount } from './vm-accounts.js';
import { prepareTmpMounts, privateTmpKept } from './vm-tmp-mounts.js';

/** The `/var/vcap` tree of a new VM (`sys` links to `data/sys` as on a stemcell). */
export async function makeVmTree(vmDir: string): Promise<void> {
  const dirs = [
    'bosh/log',
    'data/sys/log',
    'data/sys/run',
    'data/tmp',
    'store',
    'jobs',
    'packages',
    'monit',
    'instance',
  ];
  for (const dir of [...dirs, '.cpi']) await mkdir(join(vmDir, dir), { recursive: true });
  await symlink('data/sys', join(vmDir, 'sys'));
}

/** Where the agent sees its VM's files: /var/vcap in a mount namespace, the VM dir itself without one. */
export function baseDir(mode: LaunchMode, vmDir: string): string {
  return mode === 'none' ? vmDir : '/var/vcap';
}

export function buildSettings(
  env: CpiEnv,
  vm: {
    cid: string;
    agentId: string;
    networks: Readonly<Record<string, CpiNetwork>>;
    vmEnv: Record<string, unknown>;
  },
): AgentSettings {
  const { agent } = env.config;
  const vars: Record<string, string> = {
    ip: defaultNetworkIp(vm.networks) ?? '127.0.0.1',
    agent_id: vm.agentId,
    vm_cid: vm.cid,
  };
  const networks: Record<string, CpiNetwork> = {};
  for (const [name, network] of Object.entries(vm.networks))
    networks[name] = { ...network, preconfigured: true };
  return {
    agent_id: vm.agentId,
    vm: { name: vm.cid, id: vm.cid },
    mbus: substitute(agent.mbus, vars),
    ntp: agent.ntp,
    ...(agent.blobstore ? { blobstore: agent.blobstore } : {}),
    networks,
    disks: { system: '', ephemeral: '', persistent: {} },
    env: vm.vmEnv,
  };
}

/** Settings file plus a bosh-agent boot config (`agent.json`) naming it as the agent's settings source. */
export async function writeSettings(vmDir: string, base: string, settings: AgentSettings): Promise<void> {
  await writeJsonAtomic(join(vmDir, 'bosh', 'settings.json'), settings);
  await writeJsonAtomic(join(vmDir, 'bosh', 'agent.json'), {
    Platform: {
      Linux: {
        UseDefaultTmpDir: true,
        UsePreformattedPersistentDisk: true,
        BindMountPersistentDisk: true,
        SkipDiskSetup: true,
      },
    },
    Infrastructure: { Settings: { Sources: [{ Type: 'File', SettingsPath: `${base}/bosh/settings.json` }] } },
  });
}

/**
 * Starts the VM's agent (detached, in the VM's namespaces, with `data` mounted on its /var/vcap/data) and returns
 * how to find its processes. With `netns` the VM's network namespace must exist.
 */
export async function startVm(
  env: CpiEnv,
  cid: string,
  agentId: string,
  mode: LaunchMode,
  data?: DataMount,
): Promise<VmProcess> {
  const vmDir = env.layout.vmDir(cid);
  const base = baseDir(mode, vmDir);
  const vars = {
    base_dir: base,
    settings_path: `${base}/bosh/settings.json`,
    vm_cid: cid,
    agent_id: agentId,
  };
  const inherited: Record<string, string> = {};
  for (const key of ['HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) inherited[key] = value;
  }
  const agentEnv = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    ...inherited,
    ...env.config.agentEnv,
    BOSH_AGENT_BASE_DIR: base,
    BOSH_AGENT_SETTINGS_PATH: vars.settings_path,
    BOSH_AGENT_ID: agentId,
    BOSH_LOCAL_CPI_ISOLATION: mode,
    [VM_MARKER]: cid,
  };
  const command = env.config.agentCommand.map((arg) => substitute(arg, vars));
  const isolated = mode !== 'none';
  if (isolated) await writeVmEtc(vmDir, agentId);
  const privateTmp =
    isolated && env.config.privateTmp ? await privateTmpKept(env, vmDir, command, agentEnv.PATH) : undefined;
  if (privateTmp !== undefined) await prepareTmpMounts(vmDir, privateTmp, data);
  env.log(`Starting agent of VM '${cid}' (${mode}): ${env.config.agentCommand.join(' ')}`);
  return launchVm({
    cid,
    hostname: agentId,
    mode,
    vmDir,
    data,
    privateTmp,
    command,
    env: agentEnv,
    logFile: join(vmDir, 'bosh', 'log', 'current'),
  });
}

/**
 * What the launcher puts over the host's /etc in the VM, as bosh-agent's SetupHostname and a stemcell have it:
 * `.cpi/etc/hostname` (the agent id) and the agent's `bosh/etc/hosts` with the stemcell's default hosts (kept
 * when the agent has written its own), and `.cpi/etc/passwd` and `group` with the vcap account when the host has
 * none (else no such files).
 */
async function writeVmEtc(vmDir: string, agentId: string): Promise<void> {
  const dir = join(vmDir, '.cpi', 'etc');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'hostname'), `${agentId}\n`, { mode: 0o644 });
  await mkdir(join(vmDir, 'bosh', 'etc'), { recursive: true });
  await writeFile(join(vmDir, 'bosh', 'etc', 'hosts'), stemcellEtcHosts(agentId), {
    mode: 0o644,
    flag: 'wx',
  }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  });
  const files = withVcapAccount({
    passwd: await readFile('/etc/passwd', 'utf8').catch(() => ''),
    group: await readFile('/etc/group', 'utf8').catch(() => ''),
  });
  for (const name of ['passwd', 'group'] as const) {
    if (files === undefined) await rm(join(dir, name), { force: true });
    else await writeFile(join(dir, name), files[name], { mode: 0o644 });
  }
}

function substitute(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Unmounts whatever is still mounted under the VM dir in this mount namespace (only possible without isolation). */
export async function unmountUnder(vmDir: string): Promise<void> {
  const mounts = async () =>
    (await readFile('/proc/self/mountinfo', 'utf8'))
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .map((p) => p.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))))
      .filter((p) => p === vmDir || p.startsWith(`${vmDir}/`))
      .sort((a, b) => b.length - a.length);
  for (const mountPoint of await mounts()) spawnSync('umount', ['-l', mountPoint]);
  const left = await mounts();
  if (left.length > 0)
    throw cloudError(`Cannot unmount ${left.join(', ')}; refusing to delete the VM's files`);
}
