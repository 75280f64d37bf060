/**
 * What tests of deleting instances and deployments run against: a deployment seeded in a real store (instances
 * with VMs, a disk, rendered templates in the blobstore, an IP, a variable set, a stemcell and a release used), a
 * recording CPI and agents whose calls and failures the test controls.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentClient, AgentEndpoint } from '../ports/agent-client.js';
import type { DeployDeps } from '../director/deploy/types.js';
import { fakeDeployDeps, type JobHarness } from './director-job-harness.js';
import { cpiError, FakeDeleteCpi } from './fake-delete-cpi.js';

export const vmNotFound = (cid: string): Error =>
  cpiError('Bosh::Clouds::VMNotFound', `VM '${cid}' not found`);

/** The CPI and the agents of the seeded VMs: calls recorded, failures injected by method or agent id. */
export class FakeDeleteCloud {
  /** Only `delete_vm` fails (with `deleteVmErrors`), by cid. */
  readonly cpi = new FakeDeleteCpi('delete_vm');
  readonly cpiCalls = this.cpi.calls;
  readonly agentCalls = new Map<string, string[]>();
  /** `delete_vm`'s answer by cid: an error to throw. */
  readonly deleteVmErrors = this.cpi.errors;
  /** An agent's `<method>` failure, by agent id. */
  readonly agentErrors = new Map<string, { readonly method: string; readonly error: Error }>();

  readonly agents = (e: AgentEndpoint): AgentClient => {
    const calls = this.agentCalls.get(e.agentId) ?? [];
    this.agentCalls.set(e.agentId, calls);
    const call = (line: string, method: string): Promise<undefined> => {
      calls.push(line);
      const failure = this.agentErrors.get(e.agentId);
      return failure?.method === method ? Promise.reject(failure.error) : Promise.resolve(undefined);
    };
    const agent: Partial<AgentClient> = {
      agentId: e.agentId,
      runScript: (name, o) => call(`run_script ${name} ${JSON.stringify(o.env)}`, `run_script ${name}`),
      drainAndWait: (type, spec) => call(`drain ${type} ${JSON.stringify(spec)}`, 'drain'),
      stop: () => call('stop', 'stop'),
    };
    return agent as AgentClient;
  };

  /** DeployDeps over the harness and these fakes (no CPI when `cpi` is false). */
  deps(h: JobHarness, o: { readonly cpi?: boolean } = {}): DeployDeps {
    return fakeDeployDeps(h, { agents: this.agents, ...(o.cpi === false ? {} : { cpi: this.cpi }) });
  }
}

export interface SeededInstance {
  readonly id: number;
  readonly uuid: string;
  /** `web/<uuid> (<index>)`, the stage task. */
  readonly task: string;
}

export interface SeedOptions {
  readonly instances?: number;
  /** Instances that get no VM. */
  readonly withoutVm?: readonly number[];
  readonly compilation?: readonly number[];
}

/**
 * Deployment `demo`: instances `web/uuid-<i>` with VM `vm-<i>` (agent `agent-<i>`), instance 0 with disk
 * `disk-0` and a reserved IP, every instance with 2 rendered templates archives in the blobstore.
 */
export async function seedDeployment(h: JobHarness, o: SeedOptions = {}): Promise<SeededInstance[]> {
  const { store } = h;
  const d = await store.deployments.findOrCreate('demo');
  const stemcell = await store.stemcells.create({
    name: 'ubuntu',
    version: '1',
    operatingSystem: 'ubuntu-jammy',
    cid: 'sc-1',
    sha1: 'x',
    cpi: '',
    apiVersion: 2,
  });
  const release = await store.releases.createVersion({
    name: 'site',
    version: '1',
    commitHash: 'c',
    uncommittedChanges: false,
    packages: [],
    jobs: [],
    compiledPackages: [],
  });
  await store.deployments.update(d.id, {
    manifestText: 'name: demo\n',
    releaseVersionIds: [release.id],
    stemcellIds: [stemcell.id],
    configIds: [],
  });
  const set = await store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const seeded: SeededInstance[] = [];
  for (let i = 0; i < (o.instances ?? 2); i += 1) {
    const uuid = `uuid-${String(i)}`;
    const instance = await store.instances.create({
      deploymentId: d.id,
      job: 'web',
      index: i,
      uuid,
      state: 'started',
      variableSetId: set.id,
      compilation: o.compilation?.includes(i) ?? false,
    });
    if (!(o.withoutVm?.includes(i) ?? false)) {
      const vm = await store.vms.create({
        instanceId: instance.id,
        agentId: `agent-${String(i)}`,
        cid: `vm-${String(i)}`,
        networkSpec: { default: { ip: `10.0.0.${String(10 + i)}` } },
      });
      await store.vms.activate(vm.id);
    }
    for (const n of [1, 2]) {
      const file = join(h.work, `templates-${String(i)}-${String(n)}`);
      await writeFile(file, `templates ${String(n)}`);
      const blobstoreId = await h.blobstore.put(file);
      await store.instances.addRenderedTemplates({
        instanceId: instance.id,
        blobstoreId,
        sha1: 's',
        contentSha1: 'c',
        createdAt: n,
      });
    }
    if (i === 0) {
      await store.disks.create({ instanceId: instance.id, diskCid: 'disk-0', size: 1024, active: true });
      await store.ips.reserve([
        { networkName: 'default', address: '10.0.0.10', static: true, instanceId: instance.id, createdAt: 1 },
      ]);
    }
    seeded.push({ id: instance.id, uuid, task: `web/${uuid} (${String(i)})` });
  }
  return seeded;
}
