import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySpecWith } from '../agent/fixtures.js';
import { AgentProcess, Director, NatsServer, root, running, useNatsRoot, waitFor } from './harness.js';

const AGENT_ID = 'agent-nats-1';
const HEARTBEAT_SUBJECT = `hm.agent.heartbeat.${AGENT_ID}`;

useNatsRoot('it-agent-nats-');

/** nats-server, the test director connected to it, and a ready agent whose mbus is `nats://user:pass@…`. */
async function setUp(heartbeatMs = 30_000): Promise<{ s: NatsServer; d: Director; a: AgentProcess }> {
  const s = await NatsServer.start(join(root, 'nats'));
  running.server = s;
  const d = await Director.connect(s.port);
  running.director = d;
  const a = await AgentProcess.start({ root, agentId: AGENT_ID, mbus: s.url, heartbeatMs });
  running.agent = a;
  await d.waitUntilReady(AGENT_ID, a);
  return { s, d, a };
}

describe('bosh-agent over NATS', () => {
  it('answers ping, get_state and unknown methods on agent.<agent_id>, replying to reply_to', async () => {
    const { d, a } = await setUp();
    expect(await d.request(AGENT_ID, 'ping', [])).toEqual({ value: 'pong' });
    expect(await d.request(AGENT_ID, 'info', [])).toEqual({ value: { api_version: 1 } });
    const state = (await d.request(AGENT_ID, 'get_state', [])) as { value: Record<string, unknown> };
    expect(state.value).toMatchObject({
      deployment: '',
      index: null,
      agent_id: AGENT_ID,
      job_state: 'running',
      vm: { name: `vm-${AGENT_ID}` },
    });
    const full = (await d.request(AGENT_ID, 'get_state', ['full'])) as { value: { vitals: object } };
    expect(Object.keys(full.value.vitals).sort()).toEqual(['cpu', 'disk', 'load', 'mem', 'swap', 'uptime']);
    expect(await d.request(AGENT_ID, 'configure_networks', [])).toEqual({
      exception: { message: 'unknown message configure_networks' },
    });
    expect(a.log).toContain('Subscribing to agent.agent-nats-1');
  });

  it('does not answer a request that is not JSON, and keeps serving', async () => {
    const { d, a } = await setUp();
    d.publishRaw(`agent.${AGENT_ID}`, 'not json');
    await waitFor('the decoding error in the log', () =>
      a.log.includes('Running handler: Unmarshalling JSON payload') ? true : undefined,
    );
    expect(await d.request(AGENT_ID, 'ping', [])).toEqual({ value: 'pong' });
  });

  it('runs a long task: get_task answers running until the script ends, then its result', async () => {
    const { d, a } = await setUp(300);
    const release = join(root, 'release');
    const spec = await applySpecWith(
      root,
      join(root, 'blobstore'),
      [
        {
          name: 'web',
          files: {
            monit: '',
            'bin/pre-start': `#!/bin/sh\nwhile [ ! -e ${release} ]; do sleep 0.05; done\necho released\n`,
          },
        },
      ],
      '127.0.0.1',
    );
    expect(await d.runTask(AGENT_ID, 'apply', spec)).toEqual({ value: 'applied' });
    const started = (await d.request(AGENT_ID, 'run_script', ['pre-start', { env: {} }])) as {
      value: { agent_task_id: string; state: string };
    };
    expect(started.value.state).toBe('running');
    const id = started.value.agent_task_id;
    for (let i = 0; i < 3; i++) {
      expect(await d.request(AGENT_ID, 'get_task', [id])).toEqual({
        value: { agent_task_id: id, state: 'running' },
      });
    }
    await writeFile(release, '');
    expect(await d.waitTask(AGENT_ID, id)).toEqual({ value: {} });
    expect(await d.request(AGENT_ID, 'get_task', ['no-such-task'])).toMatchObject({
      exception: { message: expect.stringContaining('no-such-task') as unknown },
    });
    // Heartbeats now carry the applied spec.
    const hb = await waitFor('a heartbeat with the spec', () =>
      d.received(HEARTBEAT_SUBJECT).find((m) => (m.payload as { deployment: string }).deployment === 'dep'),
    );
    expect(hb.payload).toMatchObject({
      deployment: 'dep',
      job: 'web-group',
      index: 0,
      node_id: 'instance-uuid-1',
      number_of_processes: 0,
    });
    expect(a.exitCode).toBeUndefined();
  });

  it('heartbeats at once, then every interval, on hm.agent.heartbeat.<agent_id>', async () => {
    const interval = 500;
    const { d } = await setUp(interval);
    const beats = await waitFor('three heartbeats', () => {
      const got = d.received(HEARTBEAT_SUBJECT);
      return got.length >= 3 ? got : undefined;
    });
    const [first, second, third] = beats;
    if (!first || !second || !third) throw new Error('unreachable');
    expect(Object.keys(first.payload as object)).toEqual([
      'deployment',
      'job',
      'index',
      'job_state',
      'vitals',
      'node_id',
      'number_of_processes',
    ]);
    expect(first.payload).toMatchObject({
      deployment: '',
      job: null,
      index: null,
      job_state: 'running',
      node_id: '',
      number_of_processes: 0,
    });
    const vitals = (first.payload as { vitals: Record<string, unknown> }).vitals;
    expect(Object.keys(vitals)).toEqual(['cpu', 'disk', 'load', 'mem', 'swap', 'uptime']);
    expect(vitals['disk']).toMatchObject({ system: { percent: expect.stringMatching(/^\d+$/) as unknown } });
    for (const [a, b] of [
      [first, second],
      [second, third],
    ] as const) {
      expect(b.at - a.at).toBeGreaterThanOrEqual(interval * 0.8);
      expect(b.at - a.at).toBeLessThan(interval * 6);
    }
  });

  it('forwards supervisor alerts to hm.agent.alert.<agent_id> and reports the failing job in heartbeats', async () => {
    const { d } = await setUp(300);
    const missing = join(root, 'missing_ctl');
    const monit = [
      'check process web',
      `  with pidfile ${join(root, 'web.pid')}`,
      `  start program "${missing} start"`,
      `  stop program "${missing} stop"`,
      '  group vcap',
      '',
    ].join('\n');
    const spec = await applySpecWith(
      root,
      join(root, 'blobstore'),
      [{ name: 'web', files: { monit } }],
      '127.0.0.1',
    );
    expect(await d.runTask(AGENT_ID, 'apply', spec)).toEqual({ value: 'applied' });
    expect(await d.request(AGENT_ID, 'start', [])).toEqual({ value: 'started' });
    const alert = await waitFor('the alert', () => d.received(`hm.agent.alert.${AGENT_ID}`)[0]);
    expect(Object.keys(alert.payload as object)).toEqual([
      'id',
      'severity',
      'title',
      'summary',
      'created_at',
    ]);
    expect(alert.payload).toMatchObject({
      severity: 1,
      title: 'web (127.0.0.1) - execution failed - alert',
      summary: expect.stringContaining('failed to start') as unknown,
    });
    const createdAt = (alert.payload as { created_at: number }).created_at;
    expect(Math.abs(createdAt - Date.now() / 1000)).toBeLessThan(60);
    const failing = await waitFor('a failing heartbeat', () =>
      d.received(HEARTBEAT_SUBJECT).find((m) => (m.payload as { job_state: string }).job_state === 'failing'),
    );
    expect(failing.payload).toMatchObject({ job: 'web-group', number_of_processes: 1 });
  });

  it('reconnects and serves again after the NATS server restarts', async () => {
    const { s, d, a } = await setUp(300);
    await s.restart();
    const restartedAt = Date.now();
    await d.waitUntilReady(AGENT_ID, a);
    expect(await d.request(AGENT_ID, 'ping', [])).toEqual({ value: 'pong' });
    await waitFor('a heartbeat after the restart', () =>
      d.received(HEARTBEAT_SUBJECT).find((m) => m.at > restartedAt),
    );
    expect(a.exitCode).toBeUndefined();
  });

  it('uses the credentials of the mbus URL: wrong ones are refused by the server', async () => {
    const s = await NatsServer.start(join(root, 'nats'));
    running.server = s;
    const a = await AgentProcess.start({
      root,
      agentId: AGENT_ID,
      mbus: `nats://nats:wrong-password@127.0.0.1:${String(s.port)}`,
    });
    running.agent = a;
    await waitFor('the refusal in the agent log', () =>
      /Connecting to NATS at nats:\/\/nats:\*\*\*\*\*@127\.0\.0\.1:\d+: .*Authorization Violation/i.test(
        a.log,
      )
        ? true
        : undefined,
    );
    expect(a.log).not.toContain('wrong-password');
    expect(a.exitCode).toBeUndefined();
  });

  it('ends cleanly: shutdown answers "" then the agent exits 0; so does SIGTERM', async () => {
    const { d, a } = await setUp();
    expect(await d.request(AGENT_ID, 'shutdown', [])).toEqual({ value: '' });
    expect(await a.exited).toBe(0);
    const b = await AgentProcess.start({ root, agentId: AGENT_ID, mbus: running.server?.url ?? '' });
    running.agent = b;
    await d.waitUntilReady(AGENT_ID, b);
    await b.terminate();
    expect(b.exitCode).toBe(0);
    expect(b.log).toContain('Stopping (signal)');
  });
});
