import { capture } from '../../test/support/capture.js';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, readlink, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { netnsNames } from '../../src/cpi/local/netns.js';
import { decodeCpiResponse, type CpiResponse } from '../../src/protocol/cpi.js';
import { putBlob } from '../agent/fixtures.js';

// End-to-end VMs: the built `bosh-local-cpi` starts the built `bosh-agent` in a mount namespace per VM, and the
// tests talk to each agent over HTTPS at the VM's loopback IP, as the director does.

const ROOT = resolve(import.meta.dirname, '../..');
const CPI_BIN = join(ROOT, 'bin', 'bosh-local-cpi.cjs');
const AGENT_BIN = join(ROOT, 'bin', 'bosh-agent.cjs');
const MARKER = 'BOSH_LOCAL_CPI_VM_CID';
const MBUS_PORT = 6868;

/** Polls `probe` until it returns something other than undefined/false; errors are retried and reported. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await delay(pause);
  }
}

export const readText = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch(() => undefined);

/** A response envelope of the agent: `{value}` or `{exception: {message}}`. */
export interface Envelope {
  readonly value?: unknown;
  readonly exception?: { readonly message: string };
}

/** The CPI's `.cpi/vm.json` fields the tests use. */
interface VmProcessState {
  readonly launcher_pid: number;
  readonly init_pid: number;
  readonly pid_ns: string | null;
}

/** A local CPI with its own temp `data_dir`, blobstore, loopback /24 and mbus password. */
export class LocalCloud {
  readonly dataDir: string;
  readonly blobstore: string;
  readonly configPath: string;
  readonly password = randomBytes(12).toString('hex');
  private readonly vms = new Set<Vm>();
  private readonly pins: FileHandle[] = [];
  private stemcellCid: string | undefined;

  private constructor(readonly dir: string) {
    this.dataDir = join(dir, 'data');
    this.blobstore = join(dir, 'blobstore');
    this.configPath = join(dir, 'cpi.json');
  }

  /** The bridge of a cloud made with `isolation: 'netns'` (removed by `destroy`). */
  bridge: string | undefined;

  /**
   * `isolation: 'netns'` (root only) gives each VM a network namespace on a bridge of this cloud's own, with a
   * random non-loopback /24.
   */
  static async create(options: { isolation?: 'mount-ns' | 'netns' } = {}): Promise<LocalCloud> {
    for (const bin of ['bosh-local-cpi.cjs', 'bosh-agent.cjs']) {
      if (!existsSync(join(ROOT, 'dist', bin)))
        throw new Error(`dist/${bin} is missing: npm run build first`);
    }
    const cloud = new LocalCloud(await mkdtemp(join(tmpdir(), 'it-vm-')));
    const netns = options.isolation === 'netns';
    const range = `${netns ? '10' : '127'}.${String(randomInt(100, 250))}.${String(randomInt(0, 256))}.0/24`;
    if (netns) cloud.bridge = `bv${randomBytes(4).toString('hex')}`;
    const config = {
      data_dir: cloud.dataDir,
      agent: {
        mbus: `https://mbus:${cloud.password}@{ip}:${String(MBUS_PORT)}`,
        ntp: [],
        blobstore: { provider: 'local', options: { blobstore_path: cloud.blobstore } },
      },
      agent_command: [process.execPath, AGENT_BIN, '--base-dir', '{base_dir}'],
      isolation: options.isolation ?? 'mount-ns',
      dynamic_ip_range: range,
      ...(cloud.bridge === undefined ? {} : { bridge: cloud.bridge }),
    };
    await writeFile(cloud.configPath, JSON.stringify(config));
    return cloud;
  }

  /** One CPI call, one CPI process, as the director makes it: request on stdin, a reduced environment. */
  async call(method: string, args: readonly unknown[]): Promise<CpiResponse> {
    const body = JSON.stringify({
      method,
      arguments: args,
      context: { director_uuid: 'it' },
      api_version: 2,
    });
    const run = await capture(process.execPath, [CPI_BIN, this.configPath], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), TMPDIR: tmpdir() },
      input: body,
    });
    const decoded = decodeCpiResponse(run.stdout);
    if (run.code !== 0 || !decoded.ok)
      throw new Error(`CPI ${method} exited ${String(run.code)}: ${run.stderr}`);
    return decoded.value;
  }

  /** Calls and expects success. */
  async ok(method: string, args: readonly unknown[]): Promise<unknown> {
    const response = await this.call(method, args);
    if (response.error !== null) {
      throw new Error(`${method} failed: ${JSON.stringify(response.error)}\n${response.log}`);
    }
    return response.result;
  }

  /** A `local` stemcell from an empty image file (VMs run the host's root file system). */
  async stemcell(): Promise<string> {
    if (this.stemcellCid === undefined) {
      const image = join(this.dir, 'stemcell-image');
      await writeFile(image, '');
      this.stemcellCid = String(await this.ok('create_stemcell', [image, {}]));
    }
    return this.stemcellCid;
  }

  /** create_vm on a dynamic network: the CPI picks a free IP of this cloud's /24. */
  async createVm(
    agentId: string,
    cloudProperties: Record<string, unknown> = {},
    env: Record<string, unknown> = {},
  ): Promise<Vm> {
    const network = { default: { type: 'dynamic', default: ['dns', 'gateway'], cloud_properties: {} } };
    const result = await this.ok('create_vm', [
      agentId,
      await this.stemcell(),
      cloudProperties,
      network,
      [],
      env,
    ]);
    const [cid, networks] = result as [string, { default: { ip: string } }];
    const vm = new Vm(this, cid, agentId, networks.default.ip);
    this.vms.add(vm);
    return vm;
  }

  async deleteVm(vm: Vm): Promise<void> {
    this.vms.delete(vm);
    await this.ok('delete_vm', [vm.cid]);
  }

  /** Keeps a namespace open (so its inode number is not reused) until the next `deleteAllVms`. */
  pin(handle: FileHandle): void {
    this.pins.push(handle);
  }

  /** For afterEach: delete_vm for every VM this cloud still has. */
  async deleteAllVms(): Promise<void> {
    const left = [...this.vms];
    this.vms.clear();
    const results = await Promise.allSettled(left.map((vm) => this.ok('delete_vm', [vm.cid])));
    await Promise.all(this.pins.splice(0).map((h) => h.close()));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0)
      throw new Error(`delete_vm failed: ${failed.map((r) => String(r.reason)).join('\n')}`);
  }

  /** For afterAll: deletes the VMs left, kills any straggler of this cloud's VMs, removes the temp dir. */
  async destroy(): Promise<void> {
    await this.deleteAllVms().finally(async () => {
      const vmsDir = join(this.dataDir, 'vms');
      const cids = await readdir(vmsDir).catch(() => [] as string[]);
      for (const proc of await scanProcesses()) {
        if (cids.some((cid) => proc.environ.includes(`${MARKER}=${cid}`))) signal(proc.pid);
      }
      await rm(this.dir, { recursive: true, force: true });
      if (this.bridge !== undefined) {
        for (const cid of cids) spawnSync('ip', ['netns', 'del', netnsNames(cid).netns], { stdio: 'ignore' });
        spawnSync('ip', ['link', 'del', this.bridge], { stdio: 'ignore' });
        await rm(`/run/bosh-local-cpi/bridge-${this.bridge}.lock`, { force: true });
      }
    });
  }
}

/** A VM of the local CPI and the agent in it. */
export class Vm {
  private ca: string | undefined;

  constructor(
    readonly cloud: LocalCloud,
    readonly cid: string,
    readonly agentId: string,
    readonly ip: string,
  ) {}

  /** The VM's directory on the host: what its processes see as `/var/vcap`. */
  get dir(): string {
    return join(this.cloud.dataDir, 'vms', this.cid);
  }

  /** The host path of `/var/vcap/<path>` in the VM. */
  path(path: string): string {
    return join(this.dir, path);
  }

  async processState(): Promise<VmProcessState> {
    const state = JSON.parse(await readFile(this.path('.cpi/vm.json'), 'utf8')) as {
      process: VmProcessState | null;
    };
    if (state.process === null) throw new Error(`VM ${this.cid} has no process`);
    return state.process;
  }

  /** POST /agent with basic auth, trusting the certificate the agent generated under `bosh/mbus`. */
  async call(method: string, ...args: unknown[]): Promise<Envelope> {
    this.ca ??= await readFile(this.path('bosh/mbus/ca.pem'), 'utf8');
    const body = JSON.stringify({ protocol: 3, method, arguments: args, reply_to: 'it-vm' });
    const auth = `Basic ${Buffer.from(`mbus:${this.cloud.password}`).toString('base64')}`;
    const options = { host: this.ip, port: MBUS_PORT, path: '/agent', method: 'POST', ca: this.ca };
    return new Promise((done, fail) => {
      const req = httpsRequest({ ...options, headers: { Authorization: auth } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === 200) done(JSON.parse(text) as Envelope);
          else fail(new Error(`HTTP ${String(res.statusCode)} for ${method}: ${text}`));
        });
      });
      req.on('error', fail);
      req.end(body);
    });
  }

  /** Waits until the agent answers `ping` with `pong`. */
  async waitForAgent(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `the agent of ${this.cid} at ${this.ip} to answer ping`,
      async () => (await this.call('ping')).value === 'pong',
      timeoutMs,
    ).catch(async (e: unknown) => {
      const log = (await readText(this.path('bosh/log/current'))) ?? '';
      throw new Error(`${String(e)}\nagent log:\n${log.split('\n').slice(-20).join('\n')}`);
    });
  }

  /** Starts a task and polls get_task until it is no longer running; returns the final envelope. */
  async runTask(method: string, ...args: unknown[]): Promise<Envelope> {
    const started = await this.call(method, ...args);
    const id = taskId(started);
    if (id === undefined) throw new Error(`${method} did not start a task: ${JSON.stringify(started)}`);
    return this.waitTask(id, method);
  }

  /** Calls a method and, when it answers with a task, waits for the task's result (as the director does). */
  async request(method: string, ...args: unknown[]): Promise<Envelope> {
    const reply = await this.call(method, ...args);
    const id = taskId(reply);
    return id === undefined ? reply : this.waitTask(id, method);
  }

  waitTask(id: string, method = 'a task'): Promise<Envelope> {
    return waitFor(
      `task ${id} (${method})`,
      async () => {
        const reply = await this.call('get_task', id);
        return (reply.value as { state?: string } | undefined)?.state === 'running' ? undefined : reply;
      },
      60_000,
    );
  }

  async jobState(): Promise<string | undefined> {
    return ((await this.call('get_state')).value as { job_state?: string } | undefined)?.job_state;
  }

  /** The host pid of a process of this VM known by its pid inside the VM's PID namespace (e.g. a pidfile's). */
  async hostPid(nsPid: number): Promise<number | undefined> {
    const { pid_ns } = await this.processState();
    for (const proc of await scanProcesses()) {
      if (proc.pidNs === pid_ns && proc.nsPid === nsPid) return proc.pid;
    }
    return undefined;
  }

  /** The host pid of the agent: the child of the VM's init running bosh-agent. */
  async agentPid(): Promise<number> {
    const { init_pid } = await this.processState();
    const children = await readText(`/proc/${String(init_pid)}/task/${String(init_pid)}/children`);
    for (const pid of (children ?? '').split(' ').filter(Boolean).map(Number)) {
      if (((await readText(`/proc/${String(pid)}/cmdline`)) ?? '').includes('bosh-agent')) return pid;
    }
    throw new Error(`no agent process under the init (${String(init_pid)}) of ${this.cid}`);
  }

  /**
   * What identifies this VM's processes while it runs: its PID and mount namespaces. They are held open until the
   * cloud's next `deleteAllVms`, so that their inode numbers (which the checks compare) cannot be reused by a VM
   * created meanwhile once this one is gone.
   */
  async namespaces(): Promise<VmNamespaces> {
    const { init_pid } = await this.processState();
    const [pidNs, mntNs] = await Promise.all(
      ['pid', 'mnt'].map(async (kind) => {
        const path = `/proc/${String(init_pid)}/ns/${kind}`;
        this.cloud.pin(await open(path, 'r'));
        return readlink(path);
      }),
    );
    return { pidNs: pidNs ?? '', mntNs: mntNs ?? '' };
  }

  /**
   * Live processes that belong to this VM by any sign: its marker in the environment, a working directory under
   * the VM dir, or (given `ns`, taken while it ran) its PID or mount namespace.
   */
  async processes(ns?: VmNamespaces): Promise<ProcessInfo[]> {
    return (await scanProcesses()).filter(
      (p) =>
        p.environ.includes(`${MARKER}=${this.cid}`) ||
        p.cwd === this.dir ||
        p.cwd.startsWith(`${this.dir}/`) ||
        (ns !== undefined && (p.pidNs === ns.pidNs || p.mntNs === ns.mntNs)),
    );
  }

  /**
   * Mounts an attached disk on the VM's `/var/vcap/store` as the director does: the agent's `mount_disk` task (which
   * bind-mounts the disk in the VM's mount namespace), then `list_disk` must show it.
   */
  async mountDisk(diskCid: string): Promise<void> {
    const result = await this.runTask('mount_disk', diskCid);
    if (result.exception !== undefined) throw new Error(`mount_disk: ${result.exception.message}`);
    if (JSON.stringify(result.value) !== '{}')
      throw new Error(`mount_disk answered ${JSON.stringify(result)}`);
    const listed = await this.request('list_disk');
    const cids = Array.isArray(listed.value) ? (listed.value as unknown[]) : [];
    if (!cids.includes(diskCid)) throw new Error(`list_disk after mount_disk: ${JSON.stringify(listed)}`);
  }
}

/**
 * Runs a shell script as the VM's processes see the world (its mount and PID namespaces: `/var/vcap` is the VM's,
 * disks are mounted on `/var/vcap/store`); resolves with its stdout, rejects with its stderr.
 */
export async function vmShell(vm: Vm, script: string): Promise<string> {
  const { init_pid } = await vm.processState();
  const target = String(init_pid);
  const userNs = await readlink(`/proc/${target}/ns/user`).catch(() => '');
  const ownUserNs = userNs === (await readlink('/proc/self/ns/user').catch(() => ''));
  const user = ownUserNs ? [] : ['--user', '--preserve-credentials'];
  // The PID namespace too: the VM's /proc is its PID namespace's, where /proc/self must resolve.
  const enter = ['--target', target, '--mount', '--pid', ...user];
  return new Promise((done, fail) => {
    execFile(
      'nsenter',
      [...enter, '--', 'sh', '-c', script],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) done(stdout);
        else fail(new Error(`in ${vm.cid}: ${script}: ${stderr || error.message}`));
      },
    );
  });
}

/** The task id of a reply that started a task (`{agent_task_id, state: "running"}`). */
function taskId(reply: Envelope): string | undefined {
  const value = reply.value as { agent_task_id?: unknown; state?: unknown } | undefined;
  return typeof value?.agent_task_id === 'string' && value.state === 'running'
    ? value.agent_task_id
    : undefined;
}

export interface VmNamespaces {
  readonly pidNs: string;
  readonly mntNs: string;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly cmdline: string;
  readonly environ: readonly string[];
  readonly pidNs: string;
  readonly mntNs: string;
  readonly cwd: string;
  /** The pid in the process's own PID namespace (last field of `NSpid`). */
  readonly nsPid: number;
}

/** Every live (non-zombie) process on the host, with what identifies where it belongs. */
export async function scanProcesses(): Promise<ProcessInfo[]> {
  const out: ProcessInfo[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const dir = `/proc/${entry}`;
    const status = await readText(`${dir}/status`);
    if (status === undefined || /^State:\s+Z/m.test(status)) continue;
    const nsPids = (/^NSpid:\s+(.*)$/m.exec(status)?.[1] ?? entry).trim().split(/\s+/);
    const link = (path: string) => readlink(path).catch(() => '');
    out.push({
      pid: Number(entry),
      cmdline: ((await readText(`${dir}/cmdline`)) ?? '').split('\0').join(' ').trim(),
      environ: ((await readText(`${dir}/environ`)) ?? '').split('\0'),
      pidNs: await link(`${dir}/ns/pid`),
      mntNs: await link(`${dir}/ns/mnt`),
      cwd: await link(`${dir}/cwd`),
      nsPid: Number(nsPids[nsPids.length - 1]),
    });
  }
  return out;
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** GET http://host:port/ → the body (the fixture job's listener). */
export function httpGet(host: string, port: number): Promise<string> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host, port, path: '/', method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        done(Buffer.concat(chunks).toString());
      });
    });
    req.on('error', fail);
    req.end();
  });
}

// ---- the fixture release: job `web` (a bash loop and an HTTP listener, a pre-start), job `broken` (a pre-start
// that exits 1), package `greeter` (used by both of web's scripts) ----

export type FixtureJobName = 'web' | 'broken' | 'smoke' | 'vault';

/** `ctl start|stop loop|http`: a start writes its own pid to the pidfile and execs the process. */
const WEB_CTL = `#!/bin/bash
set -u
RUN=/var/vcap/sys/run/web
LOG=/var/vcap/sys/log/web
mkdir -p "$RUN" "$LOG" /var/vcap/data/web
case "$1" in
  start)
    echo $$ > "$RUN/$2.pid"
    if [ "$2" = http ]; then
      exec /var/vcap/packages/greeter/bin/serve $(cat /var/vcap/jobs/web/config/listen) >>"$LOG/http.log" 2>&1
    fi
    exec /bin/bash -c 'while true; do date +%s%N > /var/vcap/data/web/heartbeat; sleep 0.5; done' >>"$LOG/loop.log" 2>&1
    ;;
  stop)
    kill "$(cat "$RUN/$2.pid")"
    rm -f "$RUN/$2.pid"
    ;;
esac
`;

const WEB_MONIT = ['loop', 'http']
  .map(
    (p) => `check process ${p === 'loop' ? 'web' : 'web-http'}
  with pidfile /var/vcap/sys/run/web/${p}.pid
  start program "/var/vcap/jobs/web/bin/ctl start ${p}"
  stop program "/var/vcap/jobs/web/bin/ctl stop ${p}"
  group vcap
`,
  )
  .join('\n');

/**
 * Runs the package, appends the instance id to `/var/vcap/store/web/history` when a disk is mounted there (and
 * copies the history where the host sees it), and leaves a careless daemon behind: its own session, no
 * environment (so no VM marker), its working directory in the job's data dir.
 */
const WEB_PRE_START = `#!/bin/bash
set -eu
mkdir -p /var/vcap/data/web
/var/vcap/packages/greeter/bin/greet > /var/vcap/data/web/pre-start.out
if mountpoint -q /var/vcap/store; then
  mkdir -p /var/vcap/store/web
  echo "$(cat /var/vcap/instance/id)" >> /var/vcap/store/web/history
  cp /var/vcap/store/web/history /var/vcap/data/web/store-history
fi
(cd /var/vcap/data/web && exec env -i setsid sleep 1000007) </dev/null >/dev/null 2>&1 &
`;

/** A dynamic drain: asks to be polled again (-1) until the file `data/web/drained` exists. */
const WEB_DRAIN = `#!/bin/bash
echo "$*" >> /var/vcap/data/web/drain-calls
if [ -f /var/vcap/data/web/drained ]; then echo 0; else echo -1; fi
`;

const BROKEN_PRE_START = `#!/bin/bash
echo "broken: checking config"
echo "broken: cannot start: no config" >&2
exit 1
`;

/** The secret the `vault` job's rendered config holds on `vm`. */
export const vaultSecret = (vm: Vm): string => `s3cr3t-${vm.cid.slice(-12)}`;

/** An errand: says where it runs and what the VM resolves, then fails. */
const SMOKE_RUN = `#!/bin/bash
echo "smoke on $(cat /var/vcap/instance/id)"
getent hosts web-0.it-vm.bosh || echo "no web-0"
echo "smoke failed" >&2
exit 4
`;

const GREETER_SERVE = `#!${process.execPath}
'use strict';
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const [ip, port] = process.argv.slice(2);
createServer((req, res) => {
  res.end(readFileSync('/var/vcap/instance/id', 'utf8') + ' ' + ip + '\\n');
}).listen(Number(port), ip);
`;

/** The files of a fixture job on `vm`; `listen` is web's `<host> <port>`. */
function jobFiles(job: FixtureJobName, listen: string, vm: Vm): Record<string, string> {
  if (job === 'broken') return { monit: '', 'bin/pre-start': BROKEN_PRE_START };
  if (job === 'smoke') return { monit: '', 'bin/run': SMOKE_RUN };
  if (job === 'vault') {
    // Proves it reads its secret without writing it anywhere: pre-start logs the config's digest.
    return {
      monit: '',
      'config/vault.yml': `password: ${vaultSecret(vm)}\n`,
      'bin/pre-start': '#!/bin/sh\nsha256sum < /var/vcap/jobs/vault/config/vault.yml | cut -d" " -f1\n',
    };
  }
  return {
    monit: WEB_MONIT,
    'bin/ctl': WEB_CTL,
    'bin/pre-start': WEB_PRE_START,
    'bin/drain': WEB_DRAIN,
    'config/listen': `${listen}\n`,
  };
}

export interface InstanceOptions {
  readonly jobs?: readonly FixtureJobName[];
  /** The port web's listener binds on the VM's IP. */
  readonly httpPort?: number;
  /** The address web's listener binds instead of the VM's IP (e.g. 0.0.0.0 in a VM with its own network). */
  readonly listenHost?: string;
}

/** The instance id the apply spec of `vm` gives it. */
export const instanceId = (vm: Vm): string => `${vm.agentId}-instance`;

/** An apply spec as the director sends it, with the job templates rendered for `vm` and blobs in the blobstore. */
export async function applySpec(vm: Vm, options: InstanceOptions = {}): Promise<Record<string, unknown>> {
  const jobs = options.jobs ?? ['web'];
  const { dir, blobstore } = vm.cloud;
  const rendered: Record<string, string> = {};
  for (const job of jobs) {
    const listen = `${options.listenHost ?? vm.ip} ${String(options.httpPort ?? 8080)}`;
    for (const [path, content] of Object.entries(jobFiles(job, listen, vm))) {
      rendered[`${job}/${path}`] = content;
    }
  }
  const templatesId = `templates-${vm.cid}`;
  const templatesSha1 = await putBlob(dir, blobstore, templatesId, rendered);
  const packageId = `greeter-${vm.cid}`;
  const packageSha1 = await putBlob(dir, blobstore, packageId, {
    'bin/greet': '#!/bin/bash\necho "greeter says hello to $(cat /var/vcap/instance/id)"\n',
    'bin/serve': GREETER_SERVE,
  });
  return {
    deployment: 'it-vm',
    name: 'web',
    index: 0,
    id: instanceId(vm),
    az: 'z1',
    job: {
      name: 'web',
      template: jobs[0],
      version: 'instance-group-fp',
      templates: jobs.map((name) => ({
        name,
        version: `${name}-fp`,
        sha1: 'unused',
        blobstore_id: 'unused',
      })),
    },
    packages: {
      greeter: { name: 'greeter', version: 'greeter-fp.1', sha1: packageSha1, blobstore_id: packageId },
    },
    networks: {
      default: { type: 'dynamic', ip: vm.ip, netmask: '255.255.255.0', default: ['dns', 'gateway'] },
    },
    configuration_hash: `config-${vm.cid}`,
    rendered_templates_archive: { blobstore_id: templatesId, sha1: templatesSha1 },
    template_hashes: {},
    persistent_disk: 0,
    dns_domain_name: 'bosh',
  };
}

/** apply, then the expected `applied`. */
export async function apply(vm: Vm, options: InstanceOptions = {}): Promise<void> {
  const result = await vm.runTask('apply', await applySpec(vm, options));
  if (result.value !== 'applied') throw new Error(`apply: ${JSON.stringify(result)}`);
}

/** The live pid (host view) that a pidfile under the VM's `/var/vcap` names. */
export async function pidfilePid(vm: Vm, pidfile: string): Promise<number | undefined> {
  const text = await readText(vm.path(pidfile));
  const nsPid = Number(text?.trim());
  return text === undefined || !Number.isInteger(nsPid) || nsPid <= 0 ? undefined : vm.hostPid(nsPid);
}

/** What the director does to bring an instance up: apply, run_script pre-start, start, and wait for running. */
export async function startInstance(vm: Vm, options: InstanceOptions = {}): Promise<void> {
  await apply(vm, options);
  const preStart = await vm.runTask('run_script', 'pre-start', {});
  if (preStart.exception !== undefined) throw new Error(`pre-start: ${preStart.exception.message}`);
  const started = await vm.call('start');
  if (started.value !== 'started') throw new Error(`start: ${JSON.stringify(started)}`);
  await waitFor(
    `the job on ${vm.cid} to be running`,
    async () => (await vm.jobState()) === 'running',
    60_000,
  );
}
