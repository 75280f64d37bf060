import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentClientFactory } from '../../src/adapters/agent-client/factory.js';
import type { AgentClient } from '../../src/ports/agent-client.js';
import { applySpec, LocalCloud, pidfilePid, readText, waitFor, type Vm } from '../vm/support.js';

// The director's agent client driving a real VM of the local CPI over its HTTPS mbus, as a create-env / director
// brings an instance up and takes it down: wait_until_ready, ping, get_state, apply, pre-start, start, drain, stop.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

const mbusUrl = (vm: Vm): string => `https://mbus:${cloud.password}@${vm.ip}:6868`;

/** A client trusting the CA the agent generated (known once it has booted). */
async function trustedClient(vm: Vm): Promise<AgentClient> {
  const ca = await waitFor('the agent mbus CA', () => readText(vm.path('bosh/mbus/ca.pem')));
  return agentClientFactory({ httpsTrust: { ca } })({
    agentId: vm.agentId,
    mbusUrl: mbusUrl(vm),
    instanceName: 'web/0',
    vmCid: vm.cid,
    pollIntervalMs: 200,
  });
}

describe('agent client over HTTPS to a local-CPI VM', { timeout: 180_000 }, () => {
  it('waits until ready, applies, runs pre-start, starts, drains dynamically and stops', async () => {
    const vm = await cloud.createVm('agent-client-https');
    // Before the agent has its certificate nobody knows its CA: the local-CPI case of no verification.
    const unverified = agentClientFactory({ httpsTrust: { insecureSkipVerify: true } })({
      agentId: vm.agentId,
      mbusUrl: mbusUrl(vm),
      vmCid: vm.cid,
    });
    await unverified.waitUntilReady(60);
    const agent = await trustedClient(vm);
    expect(await agent.ping()).toBe('pong');
    expect(await agent.getState()).toMatchObject({ agent_id: vm.agentId, job_state: 'running' });
    const full = (await agent.getState(true)) as { vitals?: object };
    expect(Object.keys(full.vitals ?? {})).toContain('cpu');

    const spec = await applySpec(vm);
    expect(await agent.apply(spec)).toBe('applied');
    expect(await agent.runScript('pre-start', { env: {} })).toEqual({});
    expect(await readText(vm.path('data/web/pre-start.out'))).toContain('greeter says hello');
    expect(await agent.start()).toBe('started');
    await waitFor(
      'running',
      async () => ((await agent.getState()) as { job_state?: string }).job_state === 'running',
    );
    const loop = await waitFor('the loop pidfile', () => pidfilePid(vm, 'sys/run/web/loop.pid'));

    // The fixture drain answers -1 until `data/web/drained` exists: the client polls `drain status`.
    const sleeps: number[] = [];
    const draining = agentClientFactory({
      httpsTrust: { ca: await readFile(vm.path('bosh/mbus/ca.pem'), 'utf8') },
    })({
      agentId: vm.agentId,
      mbusUrl: mbusUrl(vm),
      pollIntervalMs: 200,
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 2) await writeFile(vm.path('data/web/drained'), '');
      },
    });
    await draining.drainAndWait('shutdown', spec);
    expect(sleeps).toEqual([1000, 1000]);
    expect((await readText(vm.path('data/web/drain-calls')))?.trim().split('\n')).toEqual([
      'job_shutdown hash_unchanged',
      'job_check_status hash_unchanged',
      'job_check_status hash_unchanged',
    ]);
    expect(await readText(`/proc/${String(loop)}/cmdline`)).toContain('while true');

    expect(await agent.stop()).toBe('stopped');
    expect(((await agent.getState()) as { job_state?: string }).job_state).toBe('stopped');
  });

  it("reports an agent error in the agent's words, and a wrong mbus password as BOSH's timeout", async () => {
    const vm = await cloud.createVm('agent-client-https-errors');
    const agent = await trustedClient(vm);
    await agent.waitUntilReady(60);
    await expect(agent.mountDisk('no-such-disk')).rejects.toMatchObject({
      kind: 'RpcRemoteException',
      message: expect.stringContaining('no-such-disk') as unknown,
    });
    const ca = await readFile(vm.path('bosh/mbus/ca.pem'), 'utf8');
    const wrong = agentClientFactory({ httpsTrust: { ca } })({
      agentId: vm.agentId,
      mbusUrl: `https://mbus:wrong@${vm.ip}:6868`,
      instanceName: 'web/0',
      timeoutSeconds: 1,
    });
    await expect(wrong.ping()).rejects.toThrow(
      `Timed out sending 'ping' to instance: 'web/0', agent-id: '${vm.agentId}' after 1 seconds`,
    );
  });
});
