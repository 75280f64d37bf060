import { describe, expect, it } from 'vitest';
import { parseMonitFile } from './monit-parser.js';
import type { MonitFile } from './monit-types.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';

// Rendered (ERB-free) monit files modelled on real releases.
const NATS_BPM = lines(
  'check process nats',
  '  with pidfile /var/vcap/sys/run/bpm/nats/nats.pid',
  '  start program "/var/vcap/jobs/bpm/bin/bpm start nats"',
  '  stop program "/var/vcap/jobs/bpm/bin/bpm stop nats"',
  '  group vcap',
  '  if totalmem > 500 Mb for 2 cycles then alert',
  '  if totalmem > 3000 Mb then restart',
  '  if failed host 10.0.16.5 port 4222 type tcp then alert',
);

const POSTGRES = lines(
  'check process postgres',
  '  with pidfile /var/vcap/sys/run/postgres/postgres.pid',
  '  start program "/var/vcap/jobs/postgres/bin/postgres_ctl start"',
  '    as uid vcap and gid vcap timeout 90 seconds',
  '  stop program "/var/vcap/jobs/postgres/bin/postgres_ctl stop"',
  '  group vcap',
  'check process pg_janitor',
  '  with pidfile /var/vcap/sys/run/postgres/pg_janitor.pid',
  '  start program "/var/vcap/jobs/postgres/bin/pg_janitor_ctl start"',
  '    as uid vcap and gid vcap timeout 90 seconds',
  '  stop program "/var/vcap/jobs/postgres/bin/pg_janitor_ctl stop"',
  '  depends on postgres',
  '  group vcap',
);

const BPM_TWO_PROCESSES = lines(
  'check process server',
  '  with pidfile /var/vcap/sys/run/bpm/server/server.pid',
  '  start program "/var/vcap/jobs/bpm/bin/bpm start server"',
  '  stop program "/var/vcap/jobs/bpm/bin/bpm stop server"',
  '  group vcap',
  '',
  'check process worker',
  '  with pidfile /var/vcap/sys/run/bpm/server/worker.pid',
  '  start program "/var/vcap/jobs/bpm/bin/bpm start server -p worker"',
  '  stop program "/var/vcap/jobs/bpm/bin/bpm stop server -p worker"',
  '  group vcap',
);

const DIRECTOR = lines(
  'check process director',
  '  with pidfile /var/vcap/sys/run/director/director.pid',
  '  start program "/var/vcap/jobs/director/bin/director_ctl start" with timeout 75 seconds',
  '  stop program "/var/vcap/jobs/director/bin/director_ctl stop"',
  '  group vcap',
  '  ',
  '  depends on postgres,nats',
  '  ',
  '',
  'check process worker_1',
  '  with pidfile /var/vcap/sys/run/director/worker_1.pid',
  '  start program "/var/vcap/jobs/director/bin/worker_ctl start 1"',
  '  stop program "/var/vcap/jobs/director/bin/worker_ctl stop 1"',
  '  group vcap',
  '  depends on director',
);

const ROUTER = lines(
  '# gorouter, rendered from an older cf-release template',
  'CHECK PROCESS gorouter',
  '  WITH PIDFILE "/var/vcap/sys/run/gorouter/gorouter.pid"',
  '  START PROGRAM = "/var/vcap/jobs/gorouter/bin/gorouter_ctl start" \\',
  '      WITH TIMEOUT 2 MINUTES',
  "  stop program = '/var/vcap/jobs/gorouter/bin/gorouter_ctl stop'",
  '  group vcap',
  '  group routing # a second group',
  '  mode manual',
  '  if failed port 8080 protocol http request "/health" status = 200',
  '     with timeout 10 seconds for 3 times within 5 cycles then restart',
  '  if totalmem > 80% then alert else if succeeded then alert',
  '  if cpu > 90% for 5 cycles then exec "/var/vcap/jobs/gorouter/bin/dump" as uid vcap',
  '  if 5 restarts within 5 cycles then timeout',
  '  if cpu usage (user) > 70% for 2 cycles then alert',
  '  alert ops@example.com not on { instance, action } with reminder on 10 cycles',
  '  every 2 cycles',
  'check file gorouter_config with path /var/vcap/jobs/gorouter/config/gorouter.yml',
  '  if changed checksum then alert',
);

const GARDEN = lines(
  'check process garden',
  '  matching "gdn server"',
  '  start program "/var/vcap/jobs/garden/bin/garden_start"',
  '  stop program "/var/vcap/jobs/garden/bin/garden_stop" with timeout 120 seconds',
  '  group vcap',
  '  if failed unixsocket /var/vcap/data/garden/garden.sock with timeout 3 seconds then restart',
  '  if children > 250 then alert',
  '  depends on garden_config',
  'check file garden_config with path /var/vcap/jobs/garden/config/config.ini',
);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly check: (f: MonitFile) => void;
}

const cases: Case[] = [
  {
    name: 'nats (bpm shim, totalmem alert and restart, tcp port test)',
    text: NATS_BPM,
    check: (f) => {
      expect(f.processes).toHaveLength(1);
      expect(f.processes[0]).toMatchObject({
        name: 'nats',
        line: 1,
        pidfile: '/var/vcap/sys/run/bpm/nats/nats.pid',
        start: { command: '/var/vcap/jobs/bpm/bin/bpm start nats', line: 3 },
        stop: { command: '/var/vcap/jobs/bpm/bin/bpm stop nats' },
        groups: ['vcap'],
        dependsOn: [],
        mode: 'active',
      });
      expect(f.processes[0]?.rules).toEqual([
        expect.objectContaining({
          kind: 'resource',
          resource: 'totalmem',
          operator: '>',
          limit: 500 * 1024 * 1024,
          unit: 'bytes',
          cycles: { times: 2, within: 2 },
          action: { kind: 'alert' },
          line: 6,
          text: 'if totalmem > 500 Mb for 2 cycles then alert',
        }),
        expect.objectContaining({ kind: 'resource', limit: 3000 * 1024 * 1024, action: { kind: 'restart' } }),
        expect.objectContaining({
          kind: 'port',
          host: '10.0.16.5',
          port: 4222,
          type: 'tcp',
          timeoutSeconds: 5,
          cycles: { times: 1, within: 1 },
          action: { kind: 'alert' },
        }),
      ]);
      expect(f.warnings).toEqual([]);
    },
  },
  {
    name: 'postgres (uid/gid, timeout without "with", depends on)',
    text: POSTGRES,
    check: (f) => {
      expect(f.processes.map((p) => p.name)).toEqual(['postgres', 'pg_janitor']);
      expect(f.processes[0]?.start).toEqual({
        command: '/var/vcap/jobs/postgres/bin/postgres_ctl start',
        uid: 'vcap',
        gid: 'vcap',
        timeoutSeconds: 90,
        line: 3,
      });
      expect(f.processes[0]?.stop?.timeoutSeconds).toBeUndefined();
      expect(f.processes[1]?.dependsOn).toEqual(['postgres']);
      expect(f.processes[1]?.line).toBe(7);
    },
  },
  {
    name: 'bpm job with two processes',
    text: BPM_TWO_PROCESSES,
    check: (f) => {
      expect(f.processes.map((p) => [p.name, p.pidfile, p.start?.command])).toEqual([
        ['server', '/var/vcap/sys/run/bpm/server/server.pid', '/var/vcap/jobs/bpm/bin/bpm start server'],
        [
          'worker',
          '/var/vcap/sys/run/bpm/server/worker.pid',
          '/var/vcap/jobs/bpm/bin/bpm start server -p worker',
        ],
      ]);
    },
  },
  {
    name: 'director (comma list without spaces, blank lines left by ERB)',
    text: DIRECTOR,
    check: (f) => {
      expect(f.processes[0]?.dependsOn).toEqual(['postgres', 'nats']);
      expect(f.processes[0]?.start?.timeoutSeconds).toBe(75);
      expect(f.processes[1]).toMatchObject({ name: 'worker_1', dependsOn: ['director'], line: 10 });
    },
  },
  {
    name: 'router (upper case, =, quotes, continuation, http test, % limits, exec, restarts, alert, every)',
    text: ROUTER,
    check: (f) => {
      const p = f.processes[0];
      expect(p).toMatchObject({
        name: 'gorouter',
        line: 2,
        pidfile: '/var/vcap/sys/run/gorouter/gorouter.pid',
        start: { command: '/var/vcap/jobs/gorouter/bin/gorouter_ctl start', timeoutSeconds: 120 },
        stop: { command: '/var/vcap/jobs/gorouter/bin/gorouter_ctl stop' },
        groups: ['vcap', 'routing'],
        mode: 'manual',
        everyCycles: 2,
      });
      expect(p?.rules.map((r) => r.kind)).toEqual([
        'port',
        'resource',
        'resource',
        'restarts',
        'unsupported',
      ]);
      expect(p?.rules[0]).toMatchObject({
        host: 'localhost',
        port: 8080,
        protocol: 'http',
        request: '/health',
        extraOptions: ['status', '=', '200'],
        timeoutSeconds: 10,
        cycles: { times: 3, within: 5 },
        line: 10,
      });
      expect(p?.rules[1]).toMatchObject({ limit: 80, unit: 'percent', recovery: { kind: 'alert' } });
      expect(p?.rules[2]).toMatchObject({
        resource: 'cpu',
        cycles: { times: 5, within: 5 },
        action: { kind: 'exec', program: { command: '/var/vcap/jobs/gorouter/bin/dump', uid: 'vcap' } },
      });
      expect(p?.rules[3]).toMatchObject({
        count: 5,
        cycles: { times: 5, within: 5 },
        action: { kind: 'timeout' },
      });
      expect(f.ignored).toEqual([{ type: 'file', name: 'gorouter_config', line: 18 }]);
      expect(f.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
        "15: unsupported test 'if cpu usage ( user ) > 70% for 2 cycles then alert' is ignored",
        "18: 'check file gorouter_config' is not supervised (only 'check process' is)",
      ]);
    },
  },
  {
    name: 'garden (matching, unixsocket, children, dependency on a check file)',
    text: GARDEN,
    check: (f) => {
      expect(f.processes[0]).toMatchObject({
        name: 'garden',
        matching: 'gdn server',
        dependsOn: ['garden_config'],
      });
      expect(f.processes[0]?.pidfile).toBeUndefined();
      expect(f.processes[0]?.rules).toEqual([
        expect.objectContaining({
          kind: 'unixsocket',
          path: '/var/vcap/data/garden/garden.sock',
          timeoutSeconds: 3,
        }),
        expect.objectContaining({ kind: 'resource', resource: 'children', limit: 250, unit: 'count' }),
      ]);
      expect(f.ignored.map((s) => s.name)).toEqual(['garden_config']);
    },
  },
  {
    name: 'an empty file and a comment-only file',
    text: '# nothing supervised here\n\n',
    check: (f) => {
      expect(f).toEqual({ file: 'jobs/x/monit', processes: [], ignored: [], warnings: [] });
    },
  },
  {
    name: 'memory units and word operators',
    text: lines(
      'check process m with pidfile /p',
      '  if mem greater than 2 GB then restart',
      '  if totalmem usage > 512kb then alert',
      '  if totalmemory >= 1.5 megabytes then alert',
      '  if mem < 100 then alert',
    ),
    check: (f) => {
      expect(
        f.processes[0]?.rules.map((r) => (r.kind === 'resource' ? [r.resource, r.operator, r.limit] : [])),
      ).toEqual([
        ['mem', '>', 2 * 1024 ** 3],
        ['totalmem', '>', 512 * 1024],
        ['totalmem', '>=', 1.5 * 1024 * 1024],
        ['mem', '<', 100],
      ]);
    },
  },
];

describe('parseMonitFile', () => {
  it.each(cases)('$name', ({ text, check }) => {
    check(parseMonitFile(text, 'jobs/x/monit'));
  });
});
