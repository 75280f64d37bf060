import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseMonitFile } from '../../core/monit/monit-parser.js';
import type { JobMonitFiles } from '../../core/monit/service-plan.js';
import {
  alerts,
  dir,
  MARK,
  markedPids,
  pidOf,
  readIf,
  sup,
  track,
  useSupervisorDir,
  waitFor,
} from '../../testing/supervisor-harness.js';
import { JobSupervisor } from './job-supervisor.js';
import type { SupervisorOptions } from './types.js';

// ---- harness (src/testing/supervisor-harness.ts), plus a run dir for pidfiles ----
useSupervisorDir('supervisor-');
beforeEach(() => {
  mkdirSync(join(dir, 'run'));
});

const LOOP = 'while true; do sleep 0.1; done';

function supervisor(jobs: JobMonitFiles[], opts: SupervisorOptions = {}): Promise<JobSupervisor> {
  const s = new JobSupervisor({
    cycleMs: 100,
    pollMs: 20,
    backoffBaseMs: 200,
    killGraceMs: 1000,
    env: { ...process.env, [MARK]: dir },
    ...opts,
  });
  track(s);
  return s.reload(jobs).then(() => s);
}

/** A BOSH-style ctl script: `start` records itself and execs the daemon body, `stop` kills the pid. */
function ctl(name: string, body: string, startExtra = ''): string {
  const path = join(dir, `${name}_ctl`);
  const start = `${startExtra}\n echo "start ${name}" >> ${dir}/order.log; echo $$ > $PIDFILE; exec /bin/bash -c '${body}'`;
  writeFileSync(
    path,
    `#!/bin/bash\nPIDFILE=${dir}/run/${name}.pid\ncase $1 in\n start) ${start};;\n stop) kill $(cat $PIDFILE);;\nesac\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

function job(name: string, monit: string): JobMonitFiles {
  return { job: name, files: [parseMonitFile(monit, `${name}/monit`)] };
}

function stanza(name: string, extra = '', script = ctl(name, LOOP)): string {
  return [
    `check process ${name}`,
    `  with pidfile ${dir}/run/${name}.pid`,
    `  start program "${script} start" with timeout 10 seconds`,
    `  stop program "${script} stop"`,
    '  group vcap',
    extra,
    '',
  ].join('\n');
}

const alive = (pid: number): boolean => markedPids().includes(pid);

describe('JobSupervisor with monit ctl scripts', () => {
  it('starts in dependency order across jobs and reports running processes with vitals', async () => {
    const db = ctl('db', LOOP, 'sleep 0.5');
    const app = ctl('app', LOOP, `test -e ${dir}/run/db.pid && echo "db up" >> ${dir}/order.log`);
    const s = await supervisor([
      job('app', stanza('app', '  depends on db', app)),
      job('db', stanza('db', '', db)),
    ]);
    expect(s.jobState()).toBe('failing'); // loaded, not monitored yet
    await s.start();
    expect(readFileSync(join(dir, 'order.log'), 'utf8')).toBe('start db\ndb up\nstart app\n');
    expect(s.jobState()).toBe('running');
    const procs = await waitFor('vitals', () =>
      s.processes().every((p) => p.mem.kb !== undefined) ? s.processes() : undefined,
    );
    expect(procs.map((p) => [p.name, p.state])).toEqual([
      ['app', 'running'],
      ['db', 'running'],
    ]);
    expect(procs[1]?.mem.kb).toBeGreaterThan(1000); // bash's RSS
    expect(procs[1]?.mem.percent).toBeGreaterThanOrEqual(0);
    expect(procs[1]?.cpu.total).toBeGreaterThanOrEqual(0);
  });

  it('restarts a killed process, backing off when it keeps dying', async () => {
    // The start is attempt 1. The first restart (attempt 2) goes at the next check, as monit's does; attempt 3
    // is only allowed 800 ms after attempt 2.
    const s = await supervisor([job('web', stanza('web'))], { backoffBaseMs: 800, backoffMaxMs: 5000 });
    await s.start();
    const first = await waitFor('web pid', () => pidOf('web'));
    process.kill(first, 'SIGKILL');
    let t = Date.now();
    // No wait for 'failing': the first restart is immediate, so that state may not last one poll. The
    // 'does not exist' alerts below show the death was seen.
    const second = await waitFor('restart', () =>
      pidOf('web') !== first && s.jobState() === 'running' ? pidOf('web') : undefined,
    );
    const firstRestartMs = Date.now() - t;
    process.kill(second, 'SIGKILL');
    t = Date.now();
    await waitFor(
      'second restart',
      () => pidOf('web') !== undefined && pidOf('web') !== second && s.jobState() === 'running',
    );
    const secondRestartMs = Date.now() - t;
    expect(firstRestartMs).toBeLessThan(800);
    expect(secondRestartMs).toBeGreaterThanOrEqual(500);
    expect(secondRestartMs).toBeGreaterThan(firstRestartMs);
    expect(
      alerts.filter((a) => a.event === 'does not exist').map((a) => [a.service, a.job, a.action]),
    ).toEqual([
      ['web', 'web', 'restart'],
      ['web', 'web', 'restart'],
    ]);
    expect(s.status()[0]).toMatchObject({ restarts: 2, attempts: 3 });
  });

  it('stops dependants first, kills the whole process group and removes nothing else', async () => {
    // The daemon leaves a helper in its process group; the stop program kills only the main pid.
    const body = `sleep 1000 & echo $! > ${dir}/helper.pid; ${LOOP}`;
    const s = await supervisor([
      job('db', stanza('db', '', ctl('db', body))),
      job('app', stanza('app', '  depends on db')),
    ]);
    await s.start();
    const helper = Number(await waitFor('helper', () => readIf('helper.pid')));
    expect(alive(helper)).toBe(true);
    writeFileSync(join(dir, 'keep.txt'), 'data');
    const before = readdirSync(dir, { recursive: true }).sort();
    await s.stop();
    expect(markedPids()).toEqual([]);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'order.log'), 'utf8')).toBe('start db\nstart app\n');
    expect(s.jobState()).toBe('stopped');
    expect(s.processes().map((p) => [p.name, p.state, p.uptime, p.mem])).toEqual([
      ['db', 'unknown', {}, { percent: 0 }],
      ['app', 'unknown', {}, { percent: 0 }],
    ]);
  });

  it.runIf(process.getuid?.() === 0)('runs start programs as the given uid and gid', async () => {
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'run'), 0o777);
    const script = ctl('low', `echo $(id -u):$(id -g) > ${dir}/run/ids; ${LOOP}`);
    const monit = stanza('low', '', script).replace(
      ' start" with',
      ' start" as uid nobody and gid 65534 with',
    );
    const s = await supervisor([job('low', monit)]);
    await s.start();
    expect(await waitFor('ids', () => readIf('run/ids'))).toBe('65534:65534\n');
  });

  it('reports a start program that fails, or never writes its pidfile, as failing', async () => {
    const s = await supervisor([
      job('broken', stanza('broken', '', join(dir, 'missing_ctl'))),
      // Monit is free-format: one line is a whole stanza.
      job(
        'slow',
        `check process slow with pidfile ${dir}/run/slow.pid start program "/bin/sleep 30" timeout 1 s group vcap`,
      ),
    ]);
    await s.start();
    expect(s.processes().map((p) => [p.name, p.state])).toEqual([
      ['broken', 'failing'],
      ['slow', 'failing'],
    ]);
    expect(s.jobState()).toBe('failing');
    const seen = alerts.map((a) => [a.service, a.event, a.action, a.description]);
    expect(seen).toContainEqual(['broken', 'execution failed', 'alert', 'failed to start (exit status 127)']);
    expect(seen).toContainEqual([
      'slow',
      'execution failed',
      'alert',
      'failed to start (timed out after 1 s)',
    ]);
    // Cycles keep retrying the broken one, with backoff.
    await waitFor('a retry', () => (sup?.status()[0]?.attempts ?? 0) >= 2);
  });

  it('restarts a process whose totalmem stays over the limit', async () => {
    const hog = `/usr/bin/python3 -c "import time; x = b\\"x\\" * (80 * 1024 * 1024); time.sleep(1000)"`;
    const s = await supervisor([
      job('hog', stanza('hog', '  if totalmem > 40 MB for 2 cycles then restart', ctl('hog', hog))),
    ]);
    await s.start();
    const first = await waitFor('hog pid', () => pidOf('hog'));
    const alert = await waitFor('resource alert', () =>
      alerts.find((a) => a.event === 'resource limit matched'),
    );
    expect(alert).toMatchObject({ service: 'hog', action: 'restart' });
    expect(alert.description).toMatch(
      /^totalmem of \d+\.\d MB matches resource limit \[totalmem > 40\.0 MB\]$/,
    );
    await waitFor('new hog pid', () => pidOf('hog') !== undefined && pidOf('hog') !== first);
    expect(alive(first)).toBe(false);
  });

  it('restarts a process whose port fails and leaves a healthy one alone', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => {
          resolve(p);
        });
      });
    });
    const http = `exec /usr/bin/python3 -m http.server ${port} --bind 127.0.0.1 --directory ${dir}`;
    const goodRule = `  if failed host 127.0.0.1 port ${port} protocol http request "/" for 10 cycles then restart`;
    const deafRule = `  if failed port ${port === 65535 ? 1 : port + 1} with timeout 1 seconds for 2 cycles then restart`;
    const s = await supervisor([
      job('good', stanza('good', goodRule, ctl('good', http))),
      job('deaf', stanza('deaf', deafRule)),
    ]);
    await s.start();
    const good = await waitFor('good pid', () => pidOf('good'));
    const deaf = await waitFor('deaf pid', () => pidOf('deaf'));
    await waitFor('deaf restarted', () => pidOf('deaf') !== undefined && pidOf('deaf') !== deaf);
    await waitFor('good serving', () =>
      fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    const cycles = s.cycleCount;
    await waitFor('more cycles', () => s.cycleCount >= cycles + 12);
    expect(pidOf('good')).toBe(good);
    const failed = alerts.filter((a) => a.event === 'connection failed').map((a) => [a.service, a.action]);
    expect(failed).toContainEqual(['deaf', 'restart']);
    expect(failed.filter(([service]) => service === 'good')).toEqual([]);
  });

  it('unmonitors on request: processes keep running, states read unknown/failing, start monitors again', async () => {
    const s = await supervisor([job('web', stanza('web'))]);
    await s.start();
    const pid = await waitFor('pid', () => pidOf('web'));
    await s.unmonitor();
    expect(s.processes()[0]?.state).toBe('unknown');
    expect(s.jobState()).toBe('failing');
    process.kill(pid, 'SIGKILL');
    const cycles = s.cycleCount;
    await waitFor('three more cycles', () => s.cycleCount >= cycles + 3);
    expect(alerts).toEqual([]); // nothing restarts an unmonitored process
    await s.start();
    expect(s.jobState()).toBe('running');
    expect(pidOf('web')).not.toBe(pid);
  });
});
