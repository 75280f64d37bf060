import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Isolation } from './config.js';
import { findExecutable } from './executables.js';
import { LAUNCHER } from './launcher-script.js';
import { checkNetnsHost, netnsNames, netnsPath } from './netns.js';
import { childPids, pidNamespace, procStat, type VmProcess } from './processes.js';
import { cloudError } from './response.js';

/**
 * How VMs are started on this host: `mount-ns` as root, or inside an unprivileged user namespace; `netns` (root)
 * is `mount-ns` in a network namespace of the VM's own.
 */
export type LaunchMode = 'none' | 'mount-ns' | 'mount-ns-userns' | 'netns';

export const LAUNCH_MODES: readonly LaunchMode[] = ['none', 'mount-ns', 'mount-ns-userns', 'netns'];

const PRIVILEGE_HELP =
  "VM isolation 'mount-ns' needs root or unprivileged user namespaces " +
  '(sysctl kernel.unprivileged_userns_clone=1); set "isolation": "none" in the CPI config to run without it';

/**
 * Picks the launch mode by trying it (`unshare ... true`): root gets plain namespaces, others a user namespace.
 * With no configured isolation, falls back to none (with a warning in the log) when neither works.
 */
export function resolveLaunchMode(
  configured: Isolation | undefined,
  log: (line: string) => void,
): LaunchMode {
  if (configured === 'none') return 'none';
  if (configured === 'netns') {
    checkNetnsHost(process.getuid?.(), (program) => findExecutable(program));
    const probe = spawnSync(findExecutable('unshare'), [...unshareFlags('netns'), 'true'], {
      encoding: 'utf8',
    });
    if (probe.status !== 0) {
      const reason = (probe.stderr || probe.error?.message || `exit status ${probe.status ?? '?'}`).trim();
      throw cloudError(`VM isolation 'netns' cannot make mount and PID namespaces: ${reason}`);
    }
    return 'netns';
  }
  const candidates: LaunchMode[] =
    process.getuid?.() === 0 ? ['mount-ns', 'mount-ns-userns'] : ['mount-ns-userns'];
  let reason = '';
  for (const mode of candidates) {
    try {
      const probe = spawnSync(findExecutable('unshare'), [...unshareFlags(mode), 'true'], {
        encoding: 'utf8',
      });
      if (probe.status === 0) return mode;
      reason = (probe.stderr || probe.error?.message || `exit status ${probe.status ?? '?'}`).trim();
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  if (configured === 'mount-ns') throw cloudError(`${PRIVILEGE_HELP}: ${reason}`);
  log(`WARN: running VMs without isolation: ${reason}`);
  return 'none';
}

function unshareFlags(mode: LaunchMode): string[] {
  const user = mode === 'mount-ns-userns' ? ['--user', '--map-root-user'] : [];
  return [
    ...user,
    '--mount',
    '--uts',
    '--propagation',
    'private',
    '--pid',
    '--fork',
    '--kill-child',
    '--mount-proc',
  ];
}

/** What is mounted on the VM's /var/vcap/data in its mount namespace (else it is the VM dir's `data`). */
export type DataMount =
  | { readonly kind: 'tmpfs'; readonly sizeMib: number | undefined }
  | { readonly kind: 'ext4'; readonly image: string };

export interface LaunchSpec {
  readonly cid: string;
  readonly mode: LaunchMode;
  readonly vmDir: string;
  readonly data?: DataMount | undefined;
  /** Host paths mounted back into the VM's private /tmp and /var/tmp; undefined: the VM shares the host's. */
  readonly privateTmp?: readonly string[] | undefined;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr of launcher and agent (the VM's `bosh/log/current`). */
  readonly logFile: string;
  /** The VM's hostname, set in its own UTS namespace (bosh-agent names a VM after its agent id). */
  readonly hostname?: string | undefined;
}

/** Starts the VM's init detached (it outlives the CPI) and returns once it is running the agent. */
export async function launchVm(spec: LaunchSpec, timeoutMs = 15_000): Promise<VmProcess> {
  const [program, ...rest] = spec.command;
  if (program === undefined) throw cloudError('Empty agent command');
  const agent = findExecutable(program, spec.env.PATH);
  if (spec.mode === 'mount-ns-userns' && !existsSync('/var/vcap')) {
    throw cloudError(
      '/var/vcap does not exist: create it once as root (mkdir /var/vcap) to run VMs without root',
    );
  }
  const initScript = join(spec.vmDir, '.cpi', 'init.sh');
  await writeFile(initScript, LAUNCHER);
  const script = [
    initScript,
    spec.mode === 'none' ? 'none' : 'mount',
    spec.vmDir,
    dataArgument(spec.mode === 'none' ? undefined : spec.data),
    spec.privateTmp === undefined ? 'host' : 'private',
    (spec.privateTmp ?? []).join('\n'),
    spec.hostname ?? '',
    agent,
    ...rest,
  ];
  const unshare = [findExecutable('unshare'), ...unshareFlags(spec.mode), findExecutable('sh'), ...script];
  // nsenter execs unshare: the launcher stays one process (its pid is the process group's).
  const argv =
    spec.mode === 'none'
      ? [findExecutable('sh'), ...script]
      : spec.mode === 'netns'
        ? [findExecutable('nsenter'), `--net=${netnsPath(netnsNames(spec.cid).netns)}`, ...unshare]
        : unshare;
  const [file = '', ...args] = argv;
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(file, args, {
      detached: true,
      stdio: ['ignore', log, log, 'pipe'],
      env: { ...spec.env },
      cwd: spec.vmDir,
    });
    const readiness = child.stdio[3] as Readable;
    const launcherPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the VM did not start within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      let output = '';
      readiness.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready') && child.pid !== undefined) {
          clearTimeout(timer);
          resolve(child.pid);
        }
      });
      readiness.on('error', () => undefined);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(
          new Error(`the VM's init exited (${sig ?? `status ${code ?? '?'}`}) before starting the agent`),
        );
      });
    }).catch(async (e: unknown) => {
      if (child.pid !== undefined) killGroup(child.pid);
      const tail = (await readFile(spec.logFile, 'utf8').catch(() => ''))
        .trim()
        .split('\n')
        .slice(-5)
        .join('\n');
      throw cloudError(
        `Starting VM: ${e instanceof Error ? e.message : String(e)}${tail ? `:\n${tail}` : ''}`,
      );
    });
    readiness.destroy();
    child.unref();
    return await describeLaunch(spec.mode, launcherPid);
  } finally {
    closeSync(log);
  }
}

/** The launcher's `data` argument. */
export function dataArgument(data: DataMount | undefined): string {
  if (data === undefined) return '-';
  return data.kind === 'tmpfs' ? `tmpfs:${data.sizeMib ?? ''}` : `ext4:${data.image}`;
}

async function describeLaunch(mode: LaunchMode, launcherPid: number): Promise<VmProcess> {
  const initPid = mode === 'none' ? launcherPid : (await childPids(launcherPid))[0];
  if (initPid === undefined) throw cloudError(`Starting VM: the VM's init (child of ${launcherPid}) is gone`);
  const stat = await procStat(initPid);
  return {
    launcher_pid: launcherPid,
    init_pid: initPid,
    init_start_time: stat?.startTime ?? '',
    pgid: launcherPid,
    pid_ns: mode === 'none' ? null : ((await pidNamespace(initPid)) ?? null),
  };
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}
