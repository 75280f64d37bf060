import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GoJson } from '../../base/go-json.js';
import type { Vitals } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import { buildHeartbeat, encodeVitals, Heartbeats, heartbeatIntervalMs } from './heartbeat.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const vitals: Vitals = {
  cpu: { sys: '1.0', user: '2.5', wait: '0.0' },
  disk: { system: { inode_percent: '3', percent: '40' }, ephemeral: { percent: '5' } },
  load: ['0.10', '0.20', '0.30'],
  mem: { kb: '1024', percent: '12' },
  swap: { kb: '', percent: '0' },
  uptime: { secs: 77 },
};

describe('encodeVitals', () => {
  it('keeps the Go struct order, sorts disks and leaves out empty fields', () => {
    const encoded = encodeVitals(vitals);
    expect(JSON.stringify(encoded)).toBe(
      '{"cpu":{"sys":"1.0","user":"2.5","wait":"0.0"},' +
        '"disk":{"ephemeral":{"percent":"5"},"system":{"inode_percent":"3","percent":"40"}},' +
        '"load":["0.10","0.20","0.30"],"mem":{"kb":"1024","percent":"12"},"swap":{"percent":"0"},"uptime":{"secs":77}}',
    );
    expect(encodeVitals({ cpu: {}, mem: {}, swap: {}, uptime: {}, disk: {}, load: [] })).toEqual({
      cpu: {},
      mem: {},
      swap: {},
      uptime: {},
    });
  });
});

describe('buildHeartbeat', () => {
  it('reports nulls for job and index without a spec', () => {
    const hb = buildHeartbeat(decodeApplySpec({}), 'running', vitals, 0);
    expect(Object.keys(hb as object)).toEqual([
      'deployment',
      'job',
      'index',
      'job_state',
      'vitals',
      'node_id',
      'number_of_processes',
    ]);
    expect(hb).toMatchObject({ deployment: '', job: null, index: null, node_id: '', number_of_processes: 0 });
  });

  it('takes deployment, job name, index and instance id from the applied spec', () => {
    const spec = decodeApplySpec({ deployment: 'cf', job: { name: 'router' }, index: 2, id: 'uuid-1' });
    expect(buildHeartbeat(spec, 'failing', vitals, null)).toMatchObject({
      deployment: 'cf',
      job: 'router',
      index: 2,
      job_state: 'failing',
      node_id: 'uuid-1',
      number_of_processes: null,
    });
  });
});

describe('heartbeatIntervalMs', () => {
  it('is 30 s unless BOSH_AGENT_HEARTBEAT_INTERVAL_MS says otherwise', () => {
    expect(heartbeatIntervalMs({})).toBe(30_000);
    expect(heartbeatIntervalMs({ BOSH_AGENT_HEARTBEAT_INTERVAL_MS: '250' })).toBe(250);
    expect(() => heartbeatIntervalMs({ BOSH_AGENT_HEARTBEAT_INTERVAL_MS: '0' })).toThrow('positive integer');
    expect(() => heartbeatIntervalMs({ BOSH_AGENT_HEARTBEAT_INTERVAL_MS: '1s' })).toThrow('positive integer');
  });
});

describe('Heartbeats', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function heartbeats(
    send: (hb: GoJson) => void,
    build: () => Promise<GoJson> = () => Promise.resolve({ n: 1 }),
  ) {
    const fatal: Error[] = [];
    const h = new Heartbeats({
      intervalMs: 1000,
      build,
      send,
      onFatal: (e) => fatal.push(e),
      logger: quiet,
      maxAttempts: 3,
      retryIntervalMs: 100,
    });
    return { h, fatal };
  }

  it('sends one at once and one per interval until stopped', async () => {
    const sent: GoJson[] = [];
    const { h } = heartbeats((hb) => sent.push(hb));
    h.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(sent).toHaveLength(3);
    h.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(3);
  });

  it('tries the first heartbeat once: a failure is fatal', async () => {
    const { h, fatal } = heartbeats(() => {
      throw new Error('connection closed');
    });
    h.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fatal.map((e) => e.message)).toEqual(['Sending Heartbeat']);
    h.stop();
  });

  it('retries a periodic heartbeat, and reports it fatal when every attempt failed', async () => {
    let calls = 0;
    let failing = false;
    const { h, fatal } = heartbeats(() => {
      calls++;
      if (failing) throw new Error('connection closed');
    });
    h.start();
    await vi.advanceTimersByTimeAsync(0);
    failing = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(3);
    expect(fatal).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(4);
    expect(fatal).toHaveLength(1);
    h.stop();
  });

  it('reports a heartbeat that cannot be built as fatal', async () => {
    const { h, fatal } = heartbeats(
      () => undefined,
      () => Promise.reject(new Error('no /proc')),
    );
    h.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fatal.map((e) => e.message)).toEqual(['Building heartbeat']);
    h.stop();
  });
});
