import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseMonitFile } from '../../core/monit/monit-parser.js';
import {
  alerts,
  dir as base,
  MARK,
  markedPids,
  pidOf,
  readIf as read,
  track,
  useSupervisorDir,
  waitFor,
} from '../../testing/supervisor-harness.js';
import { JobSupervisor } from './job-supervisor.js';

// A VM's /var/vcap in a temp dir: jobs/web/{monit,config/bpm.yml}, packages/web/bin/*; every process we start
// carries MARK=<base> in its environment (set through bpm.yml env) so afterEach can prove there are no orphans.
useSupervisorDir('vcap-');

function write(rel: string, text: string, mode = 0o644): void {
  const path = join(base, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

const SERVE = [
  '#!/bin/bash',
  // The traps come first: once the script has printed anything, a stop signal is reported in its log.
  "trap 'echo got TERM; exit 0' TERM",
  "trap 'echo got INT; exit 0' INT",
  'echo "args: $*"',
  'echo "FOO=$FOO TMPDIR=$TMPDIR HOME=$HOME LANG=$LANG"',
  'echo "PATH=$PATH"',
  'echo "pwd=$(pwd) nofile=$(ulimit -n)"',
  'echo "to stderr" >&2',
  'while true; do sleep 0.05; done',
  '',
].join('\n');

const MONIT = [
  'check process web',
  '  with pidfile /var/vcap/sys/run/bpm/web/web.pid',
  '  start program "/var/vcap/jobs/bpm/bin/bpm start web"',
  '  stop program "/var/vcap/jobs/bpm/bin/bpm stop web"',
  '  group vcap',
  '',
  'check process worker',
  '  with pidfile /var/vcap/sys/run/bpm/web/worker.pid',
  '  start program "/var/vcap/jobs/bpm/bin/bpm start web -p worker"',
  '  stop program "/var/vcap/jobs/bpm/bin/bpm stop web -p worker"',
  '  group vcap',
  '',
].join('\n');

function bpmYml(extraWorker = ''): string {
  return [
    'processes:',
    '- name: web',
    '  executable: /var/vcap/packages/web/bin/serve',
    '  args: [--port, 8080, "two words"]',
    `  env: {FOO: bar baz, ${MARK}: ${base}}`,
    '  limits: {open_files: 512}',
    '- name: worker',
    '  executable: /var/vcap/packages/web/bin/serve',
    '  args: [worker]',
    `  env: {${MARK}: ${base}}`,
    '  workdir: /var/vcap/data/web',
    '  shutdown_signal: INT',
    '  hooks: {pre_start: /var/vcap/packages/web/bin/pre}',
    extraWorker,
    '',
  ].join('\n');
}

async function startWeb(yml = bpmYml()): Promise<JobSupervisor> {
  write('jobs/web/config/bpm.yml', yml);
  const s = new JobSupervisor({
    baseDir: base,
    cycleMs: 100,
    pollMs: 20,
    bpmStopTimeoutMs: 2000,
    backoffBaseMs: 200,
  });
  track(s);
  await s.reload([{ job: 'web', files: [parseMonitFile(MONIT, 'web/monit')] }]);
  await s.start();
  return s;
}

beforeEach(() => {
  write('packages/web/bin/serve', SERVE, 0o755);
  write('packages/web/bin/pre', `#!/bin/bash\necho "pre-start ran in $(pwd)"\n`, 0o755);
  write('jobs/web/monit', MONIT);
});

describe('JobSupervisor runs bpm jobs natively', () => {
  it('runs bpm.yml processes with args, env, workdir, limits, pre-start hook, logs and pidfiles', async () => {
    const s = await startWeb();
    expect(s.processes().map((p) => [p.name, p.state])).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
    ]);
    expect(s.status().map((x) => x.native)).toEqual(['bpm', 'bpm']);
    expect(read('sys/run/bpm/web/web.pid').trim()).toBe(String(pidOf('web')));
    expect(read('sys/run/bpm/web/worker.pid').trim()).toBe(String(pidOf('worker')));
    await waitFor('web output', () => read('sys/log/web/web.stdout.log').includes('nofile='));
    const web = read('sys/log/web/web.stdout.log');
    expect(web).toContain('args: --port 8080 two words\n');
    expect(web).toContain(`FOO=bar baz TMPDIR=${base}/data/web/tmp HOME=${base}/data/web LANG=en_US.UTF-8\n`);
    expect(web).toContain(
      `PATH=${base}/jobs/web/bin:/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.\n`,
    );
    expect(web).toContain(`pwd=${base}/jobs/web nofile=512\n`);
    expect(read('sys/log/web/web.stderr.log')).toBe('to stderr\n');
    await waitFor('worker output', () => read('sys/log/web/worker.stdout.log').includes('nofile='));
    expect(read('sys/log/web/worker.stdout.log')).toMatch(
      new RegExp(`^pre-start ran in ${base}/data/web\\nargs: worker\\n`),
    );
    // Uptime comes from the process's start time once a cycle has seen it.
    const uptime = await waitFor('uptime', () => s.processes()[0]?.uptime.secs);
    expect(uptime).toBeGreaterThanOrEqual(1);
  });

  it('stops with the shutdown signal, removes the pidfiles and keeps the logs', async () => {
    const s = await startWeb();
    // Both have set their traps once they print (a signal before that would end them without output).
    await waitFor('ready', () => read('sys/log/web/worker.stdout.log').includes('nofile='));
    await waitFor('web ready', () => read('sys/log/web/web.stdout.log').includes('nofile='));
    await s.stop();
    expect(markedPids()).toEqual([]);
    expect(read('sys/log/web/web.stdout.log')).toMatch(/got TERM\n$/);
    expect(read('sys/log/web/worker.stdout.log')).toMatch(/got INT\n$/);
    expect(existsSync(join(base, 'sys/run/bpm/web/web.pid'))).toBe(false);
    expect(existsSync(join(base, 'sys/run/bpm/web/worker.pid'))).toBe(false);
    expect(s.jobState()).toBe('stopped');
  });

  it('restarts a bpm process that dies, appending to its logs', async () => {
    const s = await startWeb();
    const first = await waitFor('web pid', () => pidOf('web'));
    process.kill(first, 'SIGKILL');
    await waitFor(
      'restart',
      () => pidOf('web') !== undefined && pidOf('web') !== first && s.jobState() === 'running',
    );
    await waitFor('second run output', () => read('sys/log/web/web.stdout.log').split('args:').length === 3);
    expect(alerts.filter((a) => a.event === 'does not exist').map((a) => a.service)).toEqual(['web']);
  });

  it('kills a process over its bpm memory limit, as the cgroup would, and restarts it', async () => {
    write(
      'packages/web/bin/hog',
      `#!/bin/bash\nexec /usr/bin/python3 -c "import time; x = b'x' * (64 * 1024 * 1024); time.sleep(1000)"\n`,
      0o755,
    );
    const s = await startWeb(
      bpmYml().replace(
        'executable: /var/vcap/packages/web/bin/serve\n  args: [worker]',
        'executable: /var/vcap/packages/web/bin/hog',
      ) + '  limits: {memory: 32M}\n',
    );
    const first = await waitFor('worker pid', () => pidOf('worker'));
    await waitFor('worker restarted', () => pidOf('worker') !== undefined && pidOf('worker') !== first);
    expect(alerts.some((a) => a.service === 'worker' && a.event === 'does not exist')).toBe(true);
    expect(s.processes()[0]?.state).toBe('running'); // web is untouched
  });

  it('reports a bpm configuration error as a failing start with bpm’s message', async () => {
    const s = await startWeb(bpmYml().replace('- name: worker', '- name: other'));
    expect(s.processes().map((p) => [p.name, p.state])).toEqual([
      ['web', 'running'],
      ['worker', 'failing'],
    ]);
    expect(alerts.find((a) => a.service === 'worker')?.description).toBe(
      `failed to start (process "worker" not present in job configuration (${base}/jobs/web/config/bpm.yml))`,
    );
  });
});
