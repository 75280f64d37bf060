import { describe, expect, it } from 'vitest';
import type { AgentClient } from '../../ports/agent-client.js';
import { preStopEnv, stopInstance } from './stopper.js';

function recordingAgent(calls: string[]): AgentClient {
  const agent: Partial<AgentClient> = {
    agentId: 'a',
    runScript: (name, o) => {
      calls.push(`run_script ${name} ${JSON.stringify(o.env)}`);
      return Promise.resolve(undefined);
    },
    drainAndWait: (type) => {
      calls.push(`drain ${type}`);
      return Promise.resolve();
    },
    stop: () => {
      calls.push('stop');
      return Promise.resolve(undefined);
    },
  };
  return agent as AgentClient;
}

describe('stopInstance', () => {
  it('runs pre-stop, drain, stop and post-stop with BOSH progress ticks', async () => {
    const calls: string[] = [];
    const ticks: string[] = [];
    await stopInstance(recordingAgent(calls), {
      skipDrain: false,
      drainType: 'shutdown',
      intent: 'delete_vm',
      drainSpec: {},
      progress: { advance: (d, s) => ticks.push(`${String(d)} ${s}`) },
    });
    expect(calls).toEqual([
      'run_script pre-stop {"BOSH_VM_NEXT_STATE":"delete","BOSH_INSTANCE_NEXT_STATE":"keep","BOSH_DEPLOYMENT_NEXT_STATE":"keep"}',
      'drain shutdown',
      'stop',
      'run_script post-stop {}',
    ]);
    expect(ticks).toEqual([
      '5 executing pre-stop',
      '5 executing drain',
      '20 stopping jobs',
      '10 executing post-stop',
    ]);
  });

  it('skips pre-stop and drain with skip_drain', async () => {
    const calls: string[] = [];
    const ticks: string[] = [];
    await stopInstance(recordingAgent(calls), {
      skipDrain: true,
      drainType: 'update',
      intent: 'keep_vm',
      drainSpec: {},
      progress: { advance: (d, s) => ticks.push(`${String(d)} ${s}`) },
    });
    expect(calls).toEqual(['stop', 'run_script post-stop {}']);
    expect(ticks).toEqual(['10 skipped pre-stop & drain', '20 stopping jobs', '10 executing post-stop']);
  });
});

describe('preStopEnv', () => {
  it('says keep or delete for the VM, the instance and the deployment', () => {
    expect(preStopEnv('keep_vm')).toEqual({
      BOSH_VM_NEXT_STATE: 'keep',
      BOSH_INSTANCE_NEXT_STATE: 'keep',
      BOSH_DEPLOYMENT_NEXT_STATE: 'keep',
    });
    expect(preStopEnv('delete_instance')).toEqual({
      BOSH_VM_NEXT_STATE: 'delete',
      BOSH_INSTANCE_NEXT_STATE: 'delete',
      BOSH_DEPLOYMENT_NEXT_STATE: 'keep',
    });
    expect(preStopEnv('delete_deployment')).toEqual({
      BOSH_VM_NEXT_STATE: 'delete',
      BOSH_INSTANCE_NEXT_STATE: 'delete',
      BOSH_DEPLOYMENT_NEXT_STATE: 'delete',
    });
  });
});
