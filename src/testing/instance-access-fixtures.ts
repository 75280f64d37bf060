/**
 * What tests of `bosh logs` and `bosh ssh` on the director run against: a deployment `demo` seeded in a real store
 * (instances of `web`, with or without VMs) and agents whose `fetch_logs` put a bundle in the blobstore and whose
 * `ssh` answers as bosh-agent does; calls are recorded, failures injected.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import type { AgentClient, AgentEndpoint } from '../ports/agent-client.js';
import type { DeployDeps } from '../director/deploy/types.js';
import { fakeDeployDeps, withJobHarness, type JobHarness } from './director-job-harness.js';

export interface SeededInstance {
  readonly id: number;
  readonly uuid: string;
  readonly index: number;
}

export interface SeedOptions {
  readonly count: number;
  readonly withoutVm?: readonly number[];
}

/** `demo` with `count` instances of `web` (uuids `00000000-…-00000000000<i>`); `withoutVm` get no VM. */
export async function seedDemo(h: JobHarness, o: SeedOptions): Promise<SeededInstance[]> {
  const d = await h.store.deployments.findOrCreate('demo');
  const set = await h.store.variables.createSet({ deploymentId: d.id, createdAt: 100 });
  const seeded: SeededInstance[] = [];
  for (let index = 0; index < o.count; index++) {
    const uuid = `00000000-0000-4000-8000-00000000000${String(index)}`;
    const instance = await h.store.instances.create({
      deploymentId: d.id,
      job: 'web',
      index,
      uuid,
      state: 'started',
      variableSetId: set.id,
    });
    if (!(o.withoutVm ?? []).includes(index)) {
      const vm = await h.store.vms.create({
        instanceId: instance.id,
        agentId: `agent-${String(index)}`,
        cid: `vm-${String(index)}`,
        networkSpec: { default: { ip: `10.0.0.${String(index + 2)}` } },
      });
      await h.store.vms.activate(vm.id);
    }
    seeded.push({ id: instance.id, uuid, index });
  }
  return seeded;
}

export class FakeAccessAgents {
  readonly calls: string[] = [];
  /** A `<method>` failure, by agent id. */
  readonly errors = new Map<string, { readonly method: string; readonly error: Error }>();
  /** What `fetch_logs` answers instead of a bundle, by agent id. */
  readonly fetchLogsAnswers = new Map<string, unknown>();

  constructor(private readonly h: JobHarness) {}

  readonly agents = (e: AgentEndpoint): AgentClient => {
    const fail = (method: string) => {
      const failure = this.errors.get(e.agentId);
      if (failure?.method === method) throw failure.error;
    };
    const agent: Partial<AgentClient> = {
      agentId: e.agentId,
      fetchLogs: async (type, filters) => {
        this.calls.push(`${e.agentId} fetch_logs ${JSON.stringify([type, filters])}`);
        fail('fetch_logs');
        if (this.fetchLogsAnswers.has(e.agentId)) return this.fetchLogsAnswers.get(e.agentId);
        const file = join(this.h.work, `bundle-${e.agentId}`);
        await writeFile(file, `logs of ${e.agentId}\n`);
        return { blobstore_id: await this.h.blobstore.put(file), sha1: 'sha1' };
      },
      ssh: async (command, params) => {
        this.calls.push(`${e.agentId} ssh ${JSON.stringify([command, params])}`);
        fail('ssh');
        const ip = /@(.*):6868$/.exec(e.mbusUrl ?? '')?.[1] ?? '';
        await Promise.resolve();
        return command === 'setup'
          ? { command, status: 'success', ip, host_public_key: `ssh-ed25519 KEY-${e.agentId}` }
          : { command, status: 'success' };
      },
    };
    return agent as AgentClient;
  };

  deps(): DeployDeps {
    return fakeDeployDeps(this.h, { agents: this.agents });
  }
}

export interface SeededDemo {
  readonly h: JobHarness;
  readonly agents: FakeAccessAgents;
  readonly web: SeededInstance[];
}

/** Before each test of the calling file: a fresh job harness (withJobHarness), `demo` seeded, agents over it. */
export function withSeededDemo(o: SeedOptions, use: (seeded: SeededDemo) => void): void {
  let h: JobHarness | undefined;
  withJobHarness((opened) => (h = opened));
  beforeEach(async () => {
    if (h === undefined) throw new Error('no job harness');
    use({ h, agents: new FakeAccessAgents(h), web: await seedDemo(h, o) });
  });
}
