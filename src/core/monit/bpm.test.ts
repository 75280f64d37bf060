import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { bpmBytes, parseBpmCommand, parseBpmConfig } from './bpm.js';

describe('parseBpmCommand', () => {
  it.each([
    ['/var/vcap/jobs/bpm/bin/bpm start nats', 'start', { job: 'nats', process: 'nats' }],
    ['/var/vcap/jobs/bpm/bin/bpm start server -p worker', 'start', { job: 'server', process: 'worker' }],
    ['/var/vcap/jobs/bpm/bin/bpm start -p worker server', 'start', { job: 'server', process: 'worker' }],
    [
      '  /var/vcap/jobs/bpm/bin/bpm   start server --process=worker ',
      'start',
      { job: 'server', process: 'worker' },
    ],
    ['/var/vcap/jobs/bpm/bin/bpm stop server -p worker', 'stop', { job: 'server', process: 'worker' }],
    ['/var/vcap/jobs/bpm/bin/bpm stop server', 'start', undefined],
    ['/var/vcap/jobs/nats/bin/nats_ctl start', 'start', undefined],
    ['/var/vcap/jobs/bpm/bin/bpm start', 'start', undefined],
    ['/var/vcap/jobs/bpm/bin/bpm start a b', 'start', undefined],
    ['/var/vcap/jobs/bpm/bin/bpm start a --debug', 'start', undefined],
  ] as const)('%s (%s)', (command, verb, expected) => {
    expect(parseBpmCommand(command, verb)).toEqual(expected);
  });
});

describe('parseBpmConfig', () => {
  it('decodes processes with args, env, workdir, hooks, limits and shutdown signal', () => {
    const doc = parseYaml(
      [
        'processes:',
        '- name: server',
        '  executable: /var/vcap/packages/server/bin/serve',
        '  args: [--port, 2424, --verbose]',
        '  env: {FOO: BAR, COUNT: 3}',
        '  workdir: /var/vcap/data/server',
        '  hooks: {pre_start: /var/vcap/jobs/server/bin/bpm-pre-start}',
        '  limits: {memory: 256M, open_files: 100, processes: 10}',
        '  shutdown_signal: INT',
        '- name: worker',
        '  executable: /var/vcap/packages/server/bin/work',
      ].join('\n'),
    );
    expect(parseBpmConfig(doc)).toEqual([
      {
        name: 'server',
        executable: '/var/vcap/packages/server/bin/serve',
        args: ['--port', '2424', '--verbose'],
        env: [
          ['FOO', 'BAR'],
          ['COUNT', '3'],
        ],
        workdir: '/var/vcap/data/server',
        preStart: '/var/vcap/jobs/server/bin/bpm-pre-start',
        limits: { memoryBytes: 256 * 1024 * 1024, openFiles: 100, processes: 10 },
        shutdownSignal: 'INT',
      },
      {
        name: 'worker',
        executable: '/var/vcap/packages/server/bin/work',
        args: [],
        env: [],
        limits: {},
        shutdownSignal: 'TERM',
      },
    ]);
  });

  it.each([
    ['processes: [{executable: /x}]', 'invalid config: name'],
    ['processes: [{name: a}]', 'invalid config: executable'],
    [
      'processes: [{name: a, executable: /x, shutdown_signal: KILL}]',
      "shutdown signal should either be 'TERM' or 'INT' (or left unspecified), but got 'KILL'",
    ],
    [
      'processes: [{name: a, executable: /x, limits: {memory: lots}}]',
      'byte quantity must be a positive integer with a unit of measurement like M, MB, MiB, G, GiB, or GB',
    ],
    ['processes: [{name: a, executable: /x, args: {a: b}}]', 'processes[0].args must be a list'],
    ['processes: {a: b}', '`processes` must be a list'],
  ])('%s → %s', (yaml, message) => {
    expect(() => parseBpmConfig(parseYaml(yaml))).toThrow(message);
  });

  it('converts bpm memory sizes like bytefmt', () => {
    expect(['1G', '1.5g', '256MB', '64MiB', '10K', '100B'].map(bpmBytes)).toEqual([
      2 ** 30,
      1.5 * 2 ** 30,
      256 * 2 ** 20,
      64 * 2 ** 20,
      10240,
      100,
    ]);
  });
});
