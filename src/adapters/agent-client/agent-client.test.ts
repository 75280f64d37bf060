import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoshError } from '../../core/errors.js';
import type { AgentClientOptions } from '../../ports/agent-client.js';
import { DirectorAgentClient } from './agent-client.js';
import { FakeTransport, type Responder } from '../../testing/fake-agent-transport.js';

const running = (id: string) => ({ value: { agent_task_id: id, state: 'running' } });

function client(responder: Responder, options: Partial<AgentClientOptions> = {}) {
  const transport = new FakeTransport(responder);
  const c = new DirectorAgentClient(transport, {
    agentId: 'agent-1',
    instanceName: 'web/uuid-1',
    vmCid: 'vm-cid-1',
    pollIntervalMs: 1,
    ...options,
  });
  return { c, transport };
}

/** What `p` rejected with. */
const failure = (p: Promise<unknown>): Promise<BoshError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as BoshError,
  );

/** Runs `p` to its end while advancing the fake clock; returns what it rejected with. */
async function rejection(p: Promise<unknown>, advanceMs: number): Promise<BoshError> {
  const caught = p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as BoshError,
  );
  await vi.advanceTimersByTimeAsync(advanceMs);
  return caught;
}

describe('AgentClient requests and long-running tasks', () => {
  it('sends protocol 3 requests to the agent and returns a sync value as is', async () => {
    const { c, transport } = client(() => ({ value: 'pong' }));
    expect(await c.ping()).toBe('pong');
    expect(transport.sent[0]).toMatchObject({
      agentId: 'agent-1',
      message: { protocol: 3, method: 'ping', arguments: [] },
    });
  });

  it('polls get_task until the task no longer runs and returns its value', async () => {
    const { c, transport } = client((method, args, nth) => {
      if (method === 'apply') return running('t-1');
      expect(args).toEqual(['t-1']);
      return nth < 3 ? running('t-1') : { value: 'applied' };
    });
    expect(await c.apply({ deployment: 'd' })).toBe('applied');
    expect(transport.methods()).toEqual(['apply', 'get_task', 'get_task', 'get_task']);
    expect(transport.sent[0]?.message.arguments).toEqual([{ deployment: 'd' }]);
  });

  it('sends get_state with "full" only when asked', async () => {
    const { c, transport } = client(() => ({ value: { job_state: 'running' } }));
    expect(await c.getState()).toEqual({ job_state: 'running' });
    await c.getState(true);
    expect(transport.sent.map((s) => s.message.arguments)).toEqual([[], ['full']]);
  });

  it('converts legacy replies (a bare value, a hash without value) to a done task', async () => {
    const { c } = client((method) => ({ value: method === 'list_disk' ? ['disk-1'] : { result: 'x' } }));
    expect(await c.listDisk()).toEqual(['disk-1']);
    expect(await c.mountDisk('disk-1')).toEqual({ result: 'x' });
  });

  it('maps an agent exception to RpcRemoteException with its message and backtrace', async () => {
    const { c } = client(() => ({
      exception: { message: 'Action Failed apply: boom', backtrace: ['at a', 'at b'] },
    }));
    const e = await failure(c.apply({}));
    expect(e).toBeInstanceOf(BoshError);
    expect([e.kind, e.code, e.message]).toEqual([
      'RpcRemoteException',
      450001,
      'Action Failed apply: boom\nat a\nat b',
    ]);
  });

  it('fetches the blob a failed task points at when it is a UUID', async () => {
    const blobId = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    const fetched: string[] = [];
    const { c } = client(
      (method) =>
        method === 'compile_package'
          ? running('t-9')
          : {
              exception: {
                message: 'Action Failed get_task: Task t-9 result: compiling',
                blobstore_id: blobId,
              },
            },
      {
        downloadAndDeleteBlob: (id) => {
          fetched.push(id);
          return Promise.resolve('make: *** [all] Error 2');
        },
      },
    );
    await expect(c.compilePackage('b', 's', 'pkg', '1', {})).rejects.toThrow(
      'Action Failed get_task: Task t-9 result: compiling\nmake: *** [all] Error 2',
    );
    expect(fetched).toEqual([blobId]);
  });

  it('ignores "unknown message" for run_script, disks and update_settings; info says api_version 0', async () => {
    const { c } = client((method) => ({ exception: { message: `unknown message ${method}` } }));
    expect(await c.runScript('pre-start', { env: {} })).toBeUndefined();
    expect(await c.addPersistentDisk('d', 'hint')).toBeUndefined();
    expect(await c.removePersistentDisk('d')).toBeUndefined();
    expect(await c.updateSettings({})).toBeUndefined();
    expect(await c.info()).toEqual({ api_version: 0 });
    await expect(c.mountDisk('d')).rejects.toThrow('unknown message mount_disk');
  });

  it('maps upload_blob errors to BOSH agent errors', async () => {
    const { c } = client(() => ({ exception: { message: 'unknown message upload_blob' } }));
    const e = await failure(c.uploadBlob('b', 'sum', 'cGF5bG9hZA=='));
    expect([e.kind, e.code, e.message]).toEqual([
      'AgentUnsupportedAction',
      400012,
      'Unsupported action: upload_blob',
    ]);
    const windows = client(() => ({
      exception: {
        message:
          'Opening blob store file: open \\var\\vcap\\data\\blobs\\b: The system cannot find the path specified.',
      },
    }));
    await expect(windows.c.uploadBlob('b', 's', 'p')).rejects.toThrow(
      "'Upload blob' action: failed to open blob",
    );
  });

  it('ignores a stop that times out waiting for a service', async () => {
    const { c } = client((method) =>
      method === 'stop' ? running('t-2') : { exception: { message: 'Timed out waiting for service web' } },
    );
    expect(await c.stop()).toBeUndefined();
  });

  it('runs errand: on cancellation cancel_task, then the result the agent still gives', async () => {
    let cancelled = false;
    const { c, transport } = client(
      (method, _args, nth) => {
        if (method === 'run_errand') return running('e-1');
        if (method === 'cancel_task') return { value: 'canceled' };
        return nth < 3 || !transport.methods().includes('cancel_task')
          ? running('e-1')
          : { value: { stdout: 'out', stderr: '', exit_code: 143 } };
      },
      {
        checkpoint: () => {
          if (transport.methods().filter((m) => m === 'get_task').length >= 2) cancelled = true;
          return cancelled
            ? Promise.reject(new BoshError('TaskCancelled', 'Task 7 cancelled'))
            : Promise.resolve();
        },
      },
    );
    expect(await c.runErrand('smoke')).toEqual({
      result: { stdout: 'out', stderr: '', exit_code: 143 },
      cancelled: true,
    });
    expect(transport.sent.find((s) => s.message.method === 'cancel_task')?.message.arguments).toEqual([
      'e-1',
    ]);
    expect(transport.sent[0]?.message.arguments).toEqual(['smoke']);
  });
});

describe('AgentClient drain', () => {
  it('cancels the agent drain task when the director task is cancelled, and rethrows', async () => {
    let polls = 0;
    const { c, transport } = client(
      (method) => {
        if (method === 'drain') return running('d-1');
        if (method === 'cancel_task') return { value: 'canceled' };
        polls++;
        return running('d-1');
      },
      {
        checkpoint: () =>
          polls >= 2 ? Promise.reject(new BoshError('TaskCancelled', 'Task 7 cancelled')) : Promise.resolve(),
      },
    );
    await expect(c.drain('shutdown', { spec: 1 })).rejects.toThrow('Task 7 cancelled');
    expect(transport.methods()).toEqual(['drain', 'get_task', 'get_task', 'cancel_task']);
    expect(transport.sent[0]?.message.arguments).toEqual(['shutdown', { spec: 1 }]);
    expect(transport.sent[3]?.message.arguments).toEqual(['d-1']);
  });

  it('sleeps a static drain time; polls drain status for a dynamic drain until it is not negative', async () => {
    const answers = [-1, -2, 3];
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    const { c, transport } = client(
      (method) => (method === 'drain' ? running('d') : { value: answers.shift() }),
      {
        sleep,
      },
    );
    await c.drainAndWait('update', { s: 1 });
    expect(sleeps).toEqual([1000, 2000, 3000]);
    const drains = transport.sent.filter((s) => s.message.method === 'drain').map((s) => s.message.arguments);
    expect(drains).toEqual([['update', { s: 1 }], ['status'], ['status']]);

    answers.push(5);
    sleeps.length = 0;
    await c.drainAndWait('shutdown', {});
    expect(sleeps).toEqual([5000]);
  });
});

describe('AgentClient timeouts and retries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("times out after 45 s in BOSH's words, retrying get_state twice", async () => {
    const { c, transport } = client(() => undefined);
    const e = await rejection(c.getState(), 3 * 45_000);
    expect([e.kind, e.code, e.message]).toEqual([
      'RpcTimeout',
      450002,
      "Timed out sending 'get_state' to instance: 'web/uuid-1', agent-id: 'agent-1' after 45 seconds",
    ]);
    expect(transport.methods()).toEqual(['get_state', 'get_state', 'get_state']);
    expect(transport.cancelled).toEqual(['req-1', 'req-2', 'req-3']);
  });

  it('does not retry other methods; names an unknown instance "unknown"', async () => {
    const { c, transport } = client(() => undefined, {
      instanceName: undefined as never,
      timeoutSeconds: 10,
    });
    const e = await rejection(c.start(), 10_000);
    expect(e.message).toBe(
      "Timed out sending 'start' to instance: 'unknown', agent-id: 'agent-1' after 10 seconds",
    );
    expect(transport.methods()).toEqual(['start']);
  });

  it('retries get_task 4 times, upload_blob 3 times', async () => {
    const lost = (method: string, nth: number) => (method === 'get_task' ? nth <= 4 : nth <= 3);
    const { c, transport } = client((method, _a, nth) => {
      if (method === 'apply' || (method === 'upload_blob' && !lost(method, nth))) return running('t');
      if (lost(method, nth)) return undefined;
      return { value: 'done' };
    });
    const applied = c.apply({});
    await vi.advanceTimersByTimeAsync(4 * 45_000);
    expect(await applied).toBe('done');
    expect(transport.methods().filter((m) => m === 'get_task')).toHaveLength(5);
    const uploaded = c.uploadBlob('b', 's', 'p');
    await vi.advanceTimersByTimeAsync(3 * 45_000 + 10);
    expect(await uploaded).toBe('done');
    expect(transport.methods().filter((m) => m === 'upload_blob')).toHaveLength(4);
  });

  it('waitUntilReady pings every second until the agent answers, retrying "restarting agent"', async () => {
    const { c, transport } = client((method, _a, nth) => {
      if (nth <= 3) return undefined;
      return nth === 4 ? { exception: { message: 'restarting agent' } } : { value: 'pong' };
    });
    const ready = c.waitUntilReady(600);
    await vi.advanceTimersByTimeAsync(3000);
    await ready;
    expect(transport.methods()).toEqual(['ping', 'ping', 'ping', 'ping', 'ping']);
    // The 45 s timeout is back afterwards.
    const e = await rejection(c.start(), 45_000);
    expect(e.message).toContain('after 45 seconds');
  });

  it("waitUntilReady fails after the deadline with BOSH's text", async () => {
    const { c } = client(() => undefined);
    const e = await rejection(c.waitUntilReady(3), 5000);
    expect([e.kind, e.message]).toEqual([
      'RpcTimeout',
      "Timed out pinging VM 'vm-cid-1' with agent 'agent-1' after 3 seconds",
    ]);
  });

  it('shutdown is sent quietly and not waited for; sync_dns gives up after its timeout', async () => {
    const { c, transport } = client(() => undefined);
    c.shutdown();
    expect(transport.sent[0]).toMatchObject({ quiet: true, message: { method: 'shutdown', arguments: [] } });
    expect(transport.cancelled).toEqual(['req-1']);
    const synced = c.syncDns('blob', 'sha', 3, 10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await synced).toBeUndefined();
    expect(transport.sent[1]).toMatchObject({ quiet: true, message: { arguments: ['blob', 'sha', 3] } });
    expect(transport.cancelled).toEqual(['req-1', 'req-2']);
  });
});
