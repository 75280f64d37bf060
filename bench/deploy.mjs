// `npm run bench -- deploy [--sizes 6,30,100]`: a real deploy end to end (the embedded director, the local CPI,
// real agents, our CLI) of N instances of a job that starts at once, for each N on a fresh deployment. Prints the
// deploy's wall time next to the ideal (the sum of the batches' minimum watch times: with canaries 1 and
// max_in_flight 100%, a canary batch and one batch of the rest, 1 s each), the phases of the task's event log, the
// director's CPU and peak RSS and the host's CPU use. Needs Linux and root (or unprivileged user namespaces and
// /var/vcap), like the local CPI.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import { parse, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BOSH = join(root, 'bin/bosh.cjs');
const DIRECTOR = join(root, 'bin/bosh-director.cjs');
const LOCAL_CPI = join(root, 'bin/bosh-local-cpi.cjs');
const DEFAULT_SIZES = [6, 30, 100];
const CANARIES = 1;
const MAX_IN_FLIGHT_PERCENT = 100;
const WATCH_MIN_MS = 1000;
const WATCH = `${WATCH_MIN_MS}-30000`;
/** The issue's targets, seconds over the ideal; sizes in between are interpolated linearly, beyond clamped. */
const TARGETS = [
  [6, 3],
  [100, 20],
];
const SAMPLE_MS = 50;
const CLK_TCK = 100;

export function parseSizes(text) {
  const sizes = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 1000))
    throw new Error(`--sizes takes instance counts such as 6,30,100 (1..1000), got '${text}'`);
  return sizes;
}

/** Seconds over the ideal the issue allows for `n` instances. */
export function targetOver(n) {
  const [[n0, t0], [n1, t1]] = TARGETS;
  if (n <= n0) return t0;
  if (n >= n1) return t1;
  return t0 + ((n - n0) * (t1 - t0)) / (n1 - n0);
}

/**
 * The update plan's batches: the canaries, then the rest `max_in_flight` at a time (a percentage of the group's
 * size, rounded down, at least 1, as src/core/update/numbers.ts has it).
 */
export function batches(n) {
  const maxInFlight = Math.max(1, Math.min(Math.floor((n * MAX_IN_FLIGHT_PERCENT) / 100), n));
  const canaries = Math.min(CANARIES, n);
  return (canaries > 0 ? 1 : 0) + Math.ceil((n - canaries) / maxInFlight);
}

// ---- the release, the stemcell, the director ----

const TICKER_CTL = `#!/bin/bash
set -e
mkdir -p /var/vcap/sys/run/ticker
case $1 in
  start)
    echo $$ > /var/vcap/sys/run/ticker/ticker.pid
    exec sleep 100000
    ;;
  stop)
    kill "$(cat /var/vcap/sys/run/ticker/ticker.pid)"
    ;;
esac
`;

/** A release `bench` with one job `ticker` and no packages (nothing to compile), built with our create-release. */
async function writeRelease(dir) {
  const files = {
    'config/final.yml': stringify({
      name: 'bench',
      blobstore: { provider: 'local', options: { blobstore_path: '.blobstore' } },
    }),
    'config/blobs.yml': '--- {}\n',
    'jobs/ticker/spec': stringify({
      name: 'ticker',
      templates: { 'ctl.erb': 'bin/ctl' },
      packages: [],
      properties: {},
    }),
    'jobs/ticker/monit':
      'check process ticker\n  with pidfile /var/vcap/sys/run/ticker/ticker.pid\n' +
      '  start program "/var/vcap/jobs/ticker/bin/ctl start"\n' +
      '  stop program "/var/vcap/jobs/ticker/bin/ctl stop"\n  group vcap\n',
    'jobs/ticker/templates/ctl.erb': TICKER_CTL,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await mkdir(join(dir, 'packages'), { recursive: true });
}

/** Runs `node <script> args`, resolving with its exit code, output and wall time (s); never rejects on exit code. */
function node(script, args, env, cwd) {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', fail);
    child.on('close', (code) =>
      done({
        code,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        wall: (performance.now() - start) / 1000,
      }),
    );
  });
}

function startDirector(dataDir, logPath) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [DIRECTOR, '--data-dir', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logPath);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        done({ child, url: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) =>
      fail(new Error(`the director exited (${code}) before listening; see ${logPath}`)),
    );
  });
}

/** The director's API as admin. */
function api(env, path) {
  return new Promise((done, fail) => {
    const auth = `Basic ${Buffer.from(`admin:${env.password}`).toString('base64')}`;
    const req = request(new URL(path, env.url), { ca: env.ca, headers: { authorization: auth } }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if ((res.statusCode ?? 0) >= 300) fail(new Error(`GET ${path}: ${res.statusCode} ${text}`));
        else done(text);
      });
    });
    req.on('error', fail);
    req.end();
  });
}

// ---- measuring: /proc, the task's event file ----

async function procStatus(pid) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds of a process: its own (utime + stime) and its reaped children's (cutime + cstime). */
async function processCpu(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    self: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
    children: (Number(fields[13]) + Number(fields[14])) / CLK_TCK,
    start: fields[19],
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
  };
}

/** The cids of the VMs the local CPI has now. */
async function vmCids(env) {
  const vmsDir = join(env.dataDir, 'cpi', 'vms');
  return (await readdir(vmsDir).catch(() => [])).filter((cid) =>
    existsSync(join(vmsDir, cid, '.cpi', 'vm.json')),
  );
}

/**
 * Every process's CPU seconds, by pid, with what it is: a node process by its script (bosh-agent.cjs, ...), else
 * its command; `vm` when it runs on one of the VMs `cids` (the local CPI's marker is in its environment).
 */
async function snapshot(cids) {
  const markers = cids.map((cid) => Buffer.from(`BOSH_LOCAL_CPI_VM_CID=${cid}\0`));
  const processes = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = await processCpu(entry);
    if (!Number.isFinite(cpu.self)) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const script =
      cpu.comm === 'node' || cpu.comm === 'MainThread' ? argv.slice(1).find((a) => !a.startsWith('-')) : '';
    const environ =
      markers.length > 0 ? await readFile(`/proc/${entry}/environ`).catch(() => undefined) : undefined;
    processes.set(Number(entry), {
      ...cpu,
      name: script ? script.slice(script.lastIndexOf('/') + 1) : cpu.comm,
      vm: environ !== undefined && markers.some((m) => environ.includes(m)),
    });
  }
  return processes;
}

/**
 * Where the host's CPU seconds between two snapshots went: the director (itself; its children: CPI calls or the
 * served CPI, the template renderer, tar), the VMs (agents, job processes), this bench with the CLI it ran, kernel
 * threads, and the rest of the host by name (other users of the machine, their own time only); `unaccounted`: processes that came
 * and went without being reaped by one of those (other users' short-lived commands), and interrupt time.
 */
function cpuBudget(before, after, host, directorPid) {
  const budget = {
    host,
    director: 0,
    cpiAndRenderer: 0,
    vms: 0,
    vmsByName: new Map(),
    benchAndCli: 0,
    kernel: 0,
    rest: new Map(),
  };
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const same = b !== undefined && b.start === a.start;
    const self = a.self - (same ? b.self : 0);
    const children = a.children - (same ? b.children : 0);
    if (pid === directorPid) {
      budget.director += self;
      budget.cpiAndRenderer += children;
    } else if (a.ppid === directorPid && !a.vm) {
      // A live child: the served CPI (cpi.serve), or a renderer still running.
      budget.cpiAndRenderer += self + children;
    } else if (a.vm) {
      budget.vms += self + children;
      // By name, with what each reaped: the launcher (sh) its mounts, the agent (node) the jobs' scripts.
      budget.vmsByName.set(a.name, (budget.vmsByName.get(a.name) ?? 0) + self + children);
    } else if (pid === process.pid) budget.benchAndCli += self + children;
    else if (pid === 2 || a.ppid === 2) budget.kernel += self;
    // Only their own time: what they reaped may have run long before (init reaps orphans' whole lives).
    else if (self > 0) budget.rest.set(a.name, (budget.rest.get(a.name) ?? 0) + self);
  }
  const rest = [...budget.rest.values()].reduce((x, y) => x + y, 0);
  budget.unaccounted =
    host - budget.director - budget.cpiAndRenderer - budget.vms - budget.benchAndCli - budget.kernel - rest;
  return budget;
}

/** The host's `cpu` line of /proc/stat: busy and total jiffies over all cores. */
async function hostCpu() {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * While a deploy runs: the director's resident set every SAMPLE_MS, and the new task's event file read from the
 * director's data dir as it grows, each line stamped with the time it was seen (the event log's own `time` is in
 * whole seconds, as BOSH's). Reading the file does not load the director.
 */
function watch(env, knownTasks) {
  let stopped = false;
  let peakRss = 0;
  let taskDir;
  let offset = 0;
  let partial = '';
  const lines = [];
  const tick = async () => {
    const { rss } = await procStatus(env.directorPid);
    if (rss > peakRss) peakRss = rss;
    if (taskDir === undefined) {
      const ids = (await readdir(env.tasksDir).catch(() => []))
        .filter((n) => /^\d+$/.test(n) && !knownTasks.has(n))
        .sort((a, b) => Number(a) - Number(b));
      if (ids[0] !== undefined) taskDir = join(env.tasksDir, ids[0]);
    }
    if (taskDir === undefined) return;
    const file = await open(join(taskDir, 'event'), 'r').catch(() => undefined);
    if (file === undefined) return;
    try {
      const buffer = Buffer.alloc(1 << 20);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        const text = partial + buffer.subarray(0, bytesRead).toString();
        const parts = text.split('\n');
        partial = parts.pop() ?? '';
        const seen = Date.now() / 1000;
        for (const p of parts) if (p !== '') lines.push({ seen, event: JSON.parse(p) });
      }
    } finally {
      await file.close();
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await tick();
      await delay(SAMPLE_MS);
    }
    await tick();
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { peakRss, lines };
    },
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};

/** Per stage (in order of appearance): first start, last end, and each task's duration, from the stamped lines. */
function stagesOf(lines) {
  const stages = new Map();
  for (const { seen, event } of lines) {
    if (event.stage === undefined) continue;
    const key = event.stage;
    let s = stages.get(key);
    if (s === undefined) stages.set(key, (s = { name: key, start: seen, end: seen, tasks: new Map() }));
    s.end = Math.max(s.end, seen);
    const taskKey = `${event.tags.join(',')}|${event.task}`;
    const t = s.tasks.get(taskKey) ?? { name: event.task, start: seen, end: seen, state: event.state };
    if (event.state === 'started') t.start = seen;
    if (event.state === 'finished' || event.state === 'failed') {
      t.end = seen;
      t.state = event.state;
    }
    s.tasks.set(taskKey, t);
  }
  return [...stages.values()];
}

const SHORT = {
  'Preparing deployment': 'prepare',
  'Compiling packages': 'compile',
  'Creating missing vms': 'create-vms',
  'Updating instance': 'update',
};

// ---- one deploy ----

async function deployOnce(env, n) {
  const name = `bench-${n}`;
  const manifest = join(env.dir, `${name}.yml`);
  await writeFile(
    manifest,
    stringify({
      name,
      releases: [{ name: 'bench', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: {
        canaries: CANARIES,
        max_in_flight: `${MAX_IN_FLIGHT_PERCENT}%`,
        canary_watch_time: WATCH,
        update_watch_time: WATCH,
      },
      instance_groups: [
        {
          name: 'ticker',
          instances: n,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: 'ticker', release: 'bench', properties: {} }],
        },
      ],
    }),
  );
  const knownTasks = new Set(await readdir(env.tasksDir).catch(() => []));
  const before = await snapshot([]);
  const hostBefore = await hostCpu();
  const watcher = watch(env, knownTasks);
  const run = await env.bosh(['-d', name, 'deploy', manifest]);
  const { peakRss, lines } = await watcher.stop();
  const hostAfter = await hostCpu();
  const after = await snapshot(await vmCids(env));
  const cpu = cpuBudget(before, after, (hostAfter.busy - hostBefore.busy) / CLK_TCK, env.directorPid);
  const taskId = /^Task (\d+)/m.exec(run.stdout)?.[1];
  if (run.code !== 0 || taskId === undefined)
    throw new Error(`deploy of ${n} instances failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  const task = JSON.parse(await api(env, `/tasks/${taskId}`));
  const events = (await api(env, `/tasks/${taskId}/output?type=event`))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  if (events.length !== lines.length)
    throw new Error(
      `task ${taskId}: read ${lines.length} event lines from its file, the API has ${events.length}`,
    );
  const debug = await api(env, `/tasks/${taskId}/output?type=debug`);
  const stamps = [...debug.matchAll(/^D, \[([^\]]+)\]/gm)].map((m) => Date.parse(m[1] ?? '') / 1000);
  const stages = stagesOf(lines);
  const ideal = batches(n) * (WATCH_MIN_MS / 1000);
  const taskWall = Number(task.timestamp) - Number(task.started_at);
  // `Performing task` to `Done` of the debug log, whose lines carry milliseconds.
  const wall = (stamps.at(-1) ?? NaN) - (stamps[0] ?? NaN);
  const deleted = await env.bosh(['-d', name, 'delete-deployment']);
  if (deleted.code !== 0)
    throw new Error(
      `delete-deployment ${name} failed (exit ${deleted.code}):\n${deleted.stdout}\n${deleted.stderr}`,
    );
  return {
    n,
    taskId,
    wall,
    taskWall,
    cliWall: run.wall,
    ideal,
    target: targetOver(n),
    stages,
    cpu,
    hostBusy: (hostAfter.busy - hostBefore.busy) / Math.max(1, hostAfter.total - hostBefore.total),
    peakRss,
    deleteWall: deleted.wall,
    lines,
  };
}

// ---- output ----

const fmt = (s, digits = 1) => (Number.isFinite(s) ? s.toFixed(digits) : '-');

function printResults(results, hwm) {
  const cores = availableParallelism();
  console.log(
    `deploy: N instances of a job that starts at once (canaries ${CANARIES}, max_in_flight ${MAX_IN_FLIGHT_PERCENT}%, ` +
      `watch ${WATCH} ms), embedded director + local CPI (mount-ns) + real agents, our CLI`,
  );
  console.log(
    '    N   wall(s)  ideal(s)  over(s)  target(s)  result   task(s)  cli(s)  | prepare  compile  create-vms   update  other' +
      '  | director-cpu(s)  host-cpu  director-rss(MB)',
  );
  for (const r of results) {
    const byShort = new Map(r.stages.map((s) => [SHORT[s.name] ?? s.name, s.end - s.start]));
    const staged = r.stages.reduce((a, s) => a + (s.end - s.start), 0);
    const over = r.wall - r.ideal;
    console.log(
      [
        String(r.n).padStart(5),
        fmt(r.wall, 2).padStart(8),
        fmt(r.ideal, 0).padStart(8),
        fmt(over, 2).padStart(7),
        `<= ${fmt(r.target, 1)}`.padStart(9),
        (over <= r.target ? 'pass' : 'FAIL').padStart(6),
        fmt(r.taskWall, 0).padStart(8),
        fmt(r.cliWall, 2).padStart(6),
        ' |',
        ...['prepare', 'compile', 'create-vms', 'update'].map((k, i) =>
          fmt(byShort.get(k), 2).padStart(i === 2 ? 10 : 7),
        ),
        fmt(r.wall - staged, 2).padStart(5),
        ' |',
        fmt(r.cpu.director, 1).padStart(15),
        `${fmt(r.hostBusy * 100, 0)}%`.padStart(8),
        fmt(r.peakRss / 1024, 0).padStart(16),
      ].join(' '),
    );
  }
  console.log(
    '  wall: the deploy task, `Performing task` to `Done` of its debug log (ms); task: timestamp - started_at of' +
      '\n  GET /tasks/:id (whole seconds); cli: the `bosh deploy` process; phases: first start to last end of each' +
      '\n  event-log stage, its lines stamped as the bench read them from the task dir (their `time` is whole seconds);' +
      '\n  ideal: batches x the minimum watch time (1 canary batch + ceil((N-1)/max_in_flight) batches, 1 s each);' +
      `\n  target: ideal + 3 s at N=6, + 20 s at N=100 (linear in between); director-rss: peak while deploying ` +
      `(lifetime peak VmHWM ${fmt(hwm / 1024, 0)} MB)`,
  );
  for (const r of results) {
    const parts = [];
    for (const s of r.stages) {
      const durations = [...s.tasks.values()].map((t) => t.end - t.start);
      if (durations.length <= 1) continue;
      if (s.name === 'Updating instance') {
        const canary = [...s.tasks.values()].filter((t) => /\(canary\)/.test(t.name));
        const rest = [...s.tasks.values()].filter((t) => !/\(canary\)/.test(t.name));
        const restStart = Math.min(...rest.map((t) => t.start));
        parts.push(
          `canary ${canary.map((t) => fmt(t.end - t.start, 2)).join('/')} s, ` +
            `then ${rest.length} in one batch: ${fmt(Math.max(...rest.map((t) => t.end)) - restStart, 2)} s ` +
            `(each ${fmt(Math.min(...rest.map((t) => t.end - t.start)), 2)}/${fmt(
              median(rest.map((t) => t.end - t.start)),
              2,
            )}/${fmt(Math.max(...rest.map((t) => t.end - t.start)), 2)} s min/median/max, ` +
            `last started ${fmt(Math.max(...rest.map((t) => t.start)) - restStart, 2)} s after the first)`,
        );
      } else
        parts.push(
          `${SHORT[s.name] ?? s.name} per task ${fmt(Math.min(...durations), 2)}/${fmt(median(durations), 2)}/${fmt(
            Math.max(...durations),
            2,
          )} s min/median/max`,
        );
    }
    const c = r.cpu;
    const rest = [...c.rest].sort((x, y) => y[1] - x[1]);
    const restText = rest
      .slice(0, 3)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    console.log(
      `  N=${r.n} (task ${r.taskId}): ${parts.join('; ')}; delete-deployment ${fmt(r.deleteWall, 1)} s`,
    );
    const vmText = [...c.vmsByName]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    console.log(
      `    CPU-s while deploying: host ${fmt(c.host)} (${fmt(c.host / r.cliWall, 2)} of ${cores} cores busy): ` +
        `director ${fmt(c.director)}, its children (CPI calls, renderer) ${fmt(c.cpiAndRenderer)}, ` +
        `VMs (agents, jobs) ${fmt(c.vms)}${vmText ? ` (${vmText})` : ''}, bench + CLI ${fmt(c.benchAndCli)}, kernel threads ${fmt(c.kernel)}, ` +
        `rest of the host ${fmt(rest.reduce((x, [, v]) => x + v, 0))}${restText ? ` (${restText})` : ''}, ` +
        `unaccounted ${fmt(c.unaccounted)}; per instance: CPI ${fmt(c.cpiAndRenderer / r.n, 2)}, VM ${fmt(c.vms / r.n, 2)}`,
    );
  }
}

// ---- setup and teardown ----

/** Pids of this process and those that started it (never killed, though their command lines may name the dir). */
async function ancestors() {
  const pids = new Set();
  for (let pid = process.pid; pid > 1 && !pids.has(pid);) {
    pids.add(pid);
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? 0);
  }
  return pids;
}

/**
 * Live processes of this bench: their command line names `dir`, or their environment carries the local CPI's
 * marker of one of `cids` (everything a VM runs inherits it).
 */
async function benchProcesses(dir, cids) {
  const markers = cids.map((cid) => Buffer.from(`BOSH_LOCAL_CPI_VM_CID=${cid}\0`));
  const skip = await ancestors();
  const found = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || skip.has(Number(entry))) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`${dir}/`)) found.push(Number(entry));
    else if (markers.length > 0) {
      const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
      if (environ !== undefined && markers.some((m) => environ.includes(m))) found.push(Number(entry));
    }
  }
  return found;
}

/** Every VM the CPI still has is deleted as the director would (delete_vm), then any survivor is killed by pid. */
async function cleanUp(env) {
  if (env.director !== undefined && env.director.exitCode === null && env.director.signalCode === null) {
    const exited = new Promise((r) => env.director.once('exit', r));
    env.director.kill('SIGTERM');
    if ((await Promise.race([exited.then(() => true), delay(15_000).then(() => false)])) === false) {
      env.director.kill('SIGKILL');
      await exited;
    }
  }
  const cids = await vmCids(env);
  const cpiEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), TMPDIR: tmpdir() };
  for (let i = 0; i < cids.length; i += 10) {
    await Promise.all(
      cids.slice(i, i + 10).map(
        (cid) =>
          new Promise((done) => {
            const child = spawn(process.execPath, [LOCAL_CPI, env.cpiConfig], {
              env: cpiEnv,
              stdio: ['pipe', 'ignore', 'ignore'],
            });
            child.on('error', done);
            child.on('close', done);
            child.stdin.end(
              JSON.stringify({
                method: 'delete_vm',
                arguments: [cid],
                context: { director_uuid: 'bench' },
                api_version: 2,
              }),
            );
          }),
      ),
    );
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const pids = await benchProcesses(env.dir, cids);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await delay(100);
  }
  if (process.env.BENCH_KEEP) console.log('kept', env.dir);
  else await rm(env.dir, { recursive: true, force: true });
}

export async function benchDeploy(options = {}) {
  const sizes = options.sizes === undefined ? DEFAULT_SIZES : parseSizes(options.sizes);
  const dir = await mkdtemp(join(tmpdir(), 'bosh-ts-bench-deploy-'));
  const dataDir = join(dir, 'director');
  const env = {
    dir,
    dataDir,
    tasksDir: join(dataDir, 'tasks'),
    cpiConfig: join(dataDir, 'cpi.json'),
    director: undefined,
  };
  // Ctrl-C or SIGTERM: the VMs outlive the director, so they are cleaned up before exiting, once.
  let interrupted = false;
  let cleaning;
  const cleanOnce = () => (cleaning ??= cleanUp(env));
  const onSignal = () => {
    interrupted = true;
    console.error('deploy bench: interrupted, cleaning up');
    void cleanOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { child, url } = await startDirector(dataDir, join(dir, 'director.log'));
    env.director = child;
    env.directorPid = child.pid;
    env.url = url;
    const creds = parse(await readFile(join(dataDir, 'creds.yml'), 'utf8'));
    env.password = creds.admin_password;
    env.ca = creds.director_ca;
    // A range of its own (the default 127.254.0.0/16 is shared by every director on this host): a /22, 1021 IPs,
    // the subnet's `range` cloud property of the local CPI.
    const range = `127.${randomInt(100, 250)}.${randomInt(0, 64) * 4}.0/22`;
    const boshEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(dir, 'home'),
      BOSH_ENVIRONMENT: url,
      BOSH_CA_CERT: env.ca,
      BOSH_CLIENT: 'admin',
      BOSH_CLIENT_SECRET: env.password,
      BOSH_NON_INTERACTIVE: 'true',
    };
    env.bosh = (args) => node(BOSH, args, boshEnv, dir);
    const must = async (what, args) => {
      const r = await env.bosh(args);
      if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
      return r;
    };

    const stemcell = join(dir, 'stemcell.tgz');
    const built = await node(
      LOCAL_CPI,
      ['build-stemcell', '--version', '1.0', '--output', stemcell],
      boshEnv,
      dir,
    );
    if (built.code !== 0) throw new Error(`build-stemcell failed:\n${built.stderr}`);
    await writeRelease(join(dir, 'release'));
    const tarball = join(dir, 'release.tgz');
    await must('create-release', [
      'create-release',
      '--force',
      '--dir',
      join(dir, 'release'),
      '--tarball',
      tarball,
    ]);
    await must('upload-stemcell', ['upload-stemcell', stemcell]);
    await must('upload-release', ['upload-release', tarball]);
    const cloud = join(dir, 'cloud.yml');
    await writeFile(
      cloud,
      stringify({
        azs: [{ name: 'z1' }],
        vm_types: [{ name: 'small' }],
        networks: [
          { name: 'default', type: 'dynamic', subnets: [{ az: 'z1', dns: [], cloud_properties: { range } }] },
        ],
        compilation: {
          workers: 1,
          az: 'z1',
          vm_type: 'small',
          network: 'default',
          reuse_compilation_vms: true,
        },
      }),
    );
    await must('update-cloud-config', ['update-cloud-config', cloud]);

    const results = [];
    for (const n of sizes) {
      if (interrupted) break;
      results.push(await deployOnce(env, n));
    }
    const { hwm } = await procStatus(env.directorPid);
    printResults(results, hwm);
    if (process.env.BENCH_KEEP) {
      for (const r of results) {
        for (const type of ['event', 'debug', 'cpi']) {
          await writeFile(
            join(dir, `task-${r.taskId}-N${r.n}.${type}`),
            await api(env, `/tasks/${r.taskId}/output?type=${type}`),
          );
        }
        const seen = r.lines.map(
          (l) => `${new Date(l.seen * 1000).toISOString()} ${JSON.stringify(l.event)}\n`,
        );
        await writeFile(join(dir, `task-${r.taskId}-N${r.n}.event-seen`), seen.join(''));
      }
    }
  } catch (e) {
    // Interrupted: the deploy fails as the director stops; the handler exits once everything is cleaned up.
    if (!interrupted) throw e;
  } finally {
    await cleanOnce();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupted) await new Promise(() => undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--sizes');
  await benchDeploy(i > 0 ? { sizes: process.argv[i + 1] } : {});
}
