// `npm run bench -- vms`: 20 VMs created concurrently through the local CPI (each a real agent in its own mount
// namespace), timed until every agent answers ping; then the idle agents' resident memory. Needs Linux and root
// (or unprivileged user namespaces and /var/vcap), like the local CPI.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VM_COUNT = 20;
const WALL_TARGET_S = 10;
const RSS_TARGET_MB = 60;
const MBUS_PORT = 6868;

/** One CPI call in its own process, as the director makes it. */
function cpi(configPath, method, args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin/bosh-local-cpi.cjs'), configPath], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), TMPDIR: tmpdir() },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.on('error', fail);
    child.on('close', () => {
      const response = JSON.parse(Buffer.concat(out).toString());
      if (response.error) fail(new Error(`${method}: ${response.error.message}\n${response.log}`));
      else done(response.result);
    });
    child.stdin.end(
      JSON.stringify({ method, arguments: args, context: { director_uuid: 'bench' }, api_version: 2 }),
    );
  });
}

/** `ping` over the agent's HTTPS mbus; resolves false while the agent is not up yet. */
function ping(vm, password) {
  return new Promise((done) => {
    const auth = `Basic ${Buffer.from(`mbus:${password}`).toString('base64')}`;
    const req = request(
      {
        host: vm.ip,
        port: MBUS_PORT,
        path: '/agent',
        method: 'POST',
        ca: vm.ca,
        headers: { Authorization: auth },
      },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () =>
          done(res.statusCode === 200 && Buffer.concat(chunks).toString().includes('"pong"')),
        );
      },
    );
    req.on('error', () => done(false));
    req.end(JSON.stringify({ method: 'ping', arguments: [], reply_to: 'bench' }));
  });
}

async function waitForPong(vm, password, dataDir, deadline) {
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    vm.ca ??= await readFile(join(dataDir, 'vms', vm.cid, 'bosh/mbus/ca.pem'), 'utf8').catch(() => undefined);
    if (vm.ca !== undefined && (await ping(vm, password))) return;
    if (Date.now() > deadline) throw new Error(`the agent of ${vm.cid} did not answer ping`);
    await delay(pause);
  }
}

/** The agent's host pid: the child of the VM's init (from the CPI's `.cpi/vm.json`) that runs bosh-agent. */
async function agentPid(dataDir, cid) {
  const state = JSON.parse(await readFile(join(dataDir, 'vms', cid, '.cpi/vm.json'), 'utf8'));
  const init = state.process.init_pid;
  const children = await readFile(`/proc/${init}/task/${init}/children`, 'utf8');
  for (const pid of children.split(' ').filter(Boolean)) {
    if ((await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('bosh-agent')) return Number(pid);
  }
  throw new Error(`no agent process under the init (${init}) of ${cid}`);
}

/**
 * `VmRSS` and its split (`RssAnon`, `RssFile`) of /proc/<pid>/status, and the proportional set size (`Pss` of
 * smaps_rollup: shared pages divided among the processes that map them), in kB.
 */
async function memory(pid) {
  const kb = (text, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return {
    total: kb(status, 'VmRSS'),
    anon: kb(status, 'RssAnon'),
    file: kb(status, 'RssFile'),
    pss: kb(rollup, 'Pss'),
  };
}

const mb = (kb) => (kb / 1024).toFixed(1);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

export async function benchVms() {
  const dir = await mkdtemp(join(tmpdir(), 'bosh-ts-bench-vms-'));
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'cpi.json');
  const password = randomBytes(12).toString('hex');
  await writeFile(
    configPath,
    JSON.stringify({
      data_dir: dataDir,
      agent: { mbus: `https://mbus:${password}@{ip}:${MBUS_PORT}`, ntp: [] },
      agent_command: [process.execPath, join(root, 'bin/bosh-agent.cjs'), '--base-dir', '{base_dir}'],
      isolation: 'mount-ns',
      dynamic_ip_range: `127.${randomInt(100, 250)}.${randomInt(0, 256)}.0/24`,
    }),
  );
  const image = join(dir, 'stemcell-image');
  await writeFile(image, '');
  const stemcell = await cpi(configPath, 'create_stemcell', [image, {}]);
  const network = { default: { type: 'dynamic', default: ['dns', 'gateway'], cloud_properties: {} } };
  const vms = [];
  try {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: VM_COUNT }, async (_, i) => {
        const [cid, networks] = await cpi(configPath, 'create_vm', [
          `agent-${i}`,
          stemcell,
          {},
          network,
          [],
          {},
        ]);
        const vm = { cid, ip: networks.default.ip, ca: undefined };
        vms.push(vm);
        await waitForPong(vm, password, dataDir, Date.now() + 120_000);
      }),
    );
    const wall = (performance.now() - start) / 1000;

    // Idle: every agent has answered; let boot-time garbage settle before reading the resident set.
    await delay(2000);
    const samples = await Promise.all(vms.map(async (vm) => memory(await agentPid(dataDir, vm.cid))));
    const totals = samples.map((s) => s.total);
    const meanKb = mean(totals);
    const maxKb = Math.max(...totals);

    console.log(`vms: ${VM_COUNT} VMs created concurrently through bosh-local-cpi (mount-ns), real agents`);
    console.log('measure                                   value      target   value/target');
    const row = (name, value, unit, target) =>
      console.log(
        [
          name.padEnd(40),
          `${value.toFixed(unit === 's' ? 2 : 1)} ${unit}`.padStart(9),
          `${target} ${unit}`.padStart(10),
          (value / target).toFixed(2).padStart(13),
        ].join('  '),
      );
    row(`create ${VM_COUNT} VMs until every agent pongs`, wall, 's', WALL_TARGET_S);
    row('idle agent RSS, mean', meanKb / 1024, 'MB', RSS_TARGET_MB);
    row('idle agent RSS, max', maxKb / 1024, 'MB', RSS_TARGET_MB);
    console.log(
      `  (of the mean: ${mb(mean(samples.map((s) => s.anon)))} MB anonymous, ` +
        `${mb(mean(samples.map((s) => s.file)))} MB file-backed, mostly the node binary shared by all agents;`,
    );
    console.log(`   proportional set size, mean: ${mb(mean(samples.map((s) => s.pss)))} MB)`);
  } finally {
    await Promise.allSettled(vms.map((vm) => cpi(configPath, 'delete_vm', [vm.cid])));
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchVms();
