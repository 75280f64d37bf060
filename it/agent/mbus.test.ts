import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentProcess } from './harness.js';

let root: string;
let agent: AgentProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-mbus-'));
});
afterEach(async () => {
  await agent?.kill();
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('bosh-agent over HTTPS mbus', () => {
  it('answers ping, info and unknown methods with the agent envelopes', async () => {
    agent = await AgentProcess.start({ root });
    expect(await agent.send('ping')).toEqual({ value: 'pong' });
    expect(await agent.send('info')).toEqual({ value: { api_version: 1 } });
    expect(await agent.send('configure_networks')).toEqual({
      exception: { message: 'unknown message configure_networks' },
    });
  });

  it('refuses requests without the mbus credentials', async () => {
    agent = await AgentProcess.start({ root });
    const none = await agent.call('ping', [], null);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm=""');
    expect((await agent.call('ping', [], 'mbus:wrong-password')).status).toBe(401);
  });

  it('reports state: the empty spec, agent id, job state and vm; vitals only with "full"', async () => {
    agent = await AgentProcess.start({ root });
    const plain = (await agent.send('get_state')) as { value: Record<string, unknown> };
    expect(plain.value).toMatchObject({
      deployment: '',
      index: null,
      networks: {},
      packages: {},
      agent_id: 'agent-it-1',
      job_state: 'running', // monit with no processes, as on a fresh VM
      vm: { name: 'vm-it-1' },
    });
    expect(plain.value).not.toHaveProperty('vitals');
    expect(plain.value).not.toHaveProperty('processes');
    const full = (await agent.send('get_state', 'full')) as { value: { vitals: Record<string, unknown> } };
    expect(Object.keys(full.value.vitals).sort()).toEqual(['cpu', 'disk', 'load', 'mem', 'swap', 'uptime']);
    const twoDecimals: unknown = expect.stringMatching(/^\d+\.\d\d$/);
    expect(full.value.vitals['load']).toEqual([twoDecimals, twoDecimals, twoDecimals]);
    const wholePercent: unknown = expect.stringMatching(/^\d+$/);
    expect(full.value.vitals['disk']).toMatchObject({ system: { percent: wholePercent } });
  });

  it('stores blobs PUT under /blobs/ and serves them back', async () => {
    agent = await AgentProcess.start({ root });
    const auth = `mbus:${agent.password}`;
    expect((await agent.http('PUT', '/blobs/abc/blob-1', 'blob content', auth)).status).toBe(201);
    expect(await agent.http('GET', '/blobs/blob-1', undefined, auth)).toMatchObject({
      status: 200,
      body: 'blob content',
    });
    expect((await agent.http('GET', '/blobs/missing', undefined, auth)).status).toBe(404);
  });

  it('keeps upload_blob payloads in data/sensitive_blobs after checking them', async () => {
    agent = await AgentProcess.start({ root });
    const payload = Buffer.from('rendered templates').toString('base64');
    const checksum = createHash('sha1').update('rendered templates').digest('hex');
    expect(await agent.runTask('upload_blob', { blob_id: 'b-1', checksum, payload })).toEqual({
      value: 'b-1',
    });
    expect(await readFile(join(agent.base, 'data/sensitive_blobs/b-1'), 'utf8')).toBe('rendered templates');
    const bad = (await agent.runTask('upload_blob', {
      blob_id: 'b-2',
      checksum: '0'.repeat(40),
      payload,
    })) as {
      exception: { message: string };
    };
    expect(bad.exception.message).toMatch(
      new RegExp(
        `result: Payload corrupted\\. Checksum mismatch\\. Expected '0{40}': Expected stream to have digest '0{40}' but was '${checksum}'$`,
      ),
    );
  });

  it('lists no mounted persistent disk on a VM without one', async () => {
    agent = await AgentProcess.start({ root });
    expect(await agent.send('list_disk')).toEqual({ value: [] });
  });

  it('reports argument errors as the Go runner does', async () => {
    agent = await AgentProcess.start({ root });
    expect(await agent.send('get_task')).toEqual({
      exception: {
        message:
          'Action Failed get_task: Extracting method arguments from payload: Not enough arguments, expected 1, got 0',
      },
    });
    expect(await agent.send('get_task', 'no-such-task')).toEqual({
      exception: { message: 'Action Failed get_task: Task with id no-such-task could not be found' },
    });
  });
});
