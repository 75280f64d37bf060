import { describe, expect, it } from 'vitest';
import { cpiVmCids, vmProcesses } from '../../test/support/vm-processes.js';
import { taskId, taskLines } from './query-support.js';
import { cpiDir, perTestDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// `bosh delete-deployment` end to end: the director stops every instance's jobs, deletes its VM through the local
// CPI (which ends every process of the VM), and forgets the deployment; the name can be deployed again.
const deployEnv = perTestDeployEnv();

interface VmRow {
  readonly cid: string;
  readonly id: string;
  readonly index: number;
}

describe('bosh delete-deployment on the embedded director', { timeout: 400_000 }, () => {
  it('stops and deletes every VM, forgets the deployment, ignores a second delete, and deploys again', async () => {
    const e = await deployEnv('it-delete-deployment-');
    const manifest = await writeWebManifest(e.dir, 'demo', { instances: 2, watch: '1000-30000' });
    expect((await e.bosh(['-d', 'demo', 'deploy', manifest])).code).toBe(0);
    const vms = (await e.director.json('GET', '/deployments/demo/vms')) as VmRow[];
    expect(vms).toHaveLength(2);
    for (const vm of vms) expect(await vmProcesses({ cids: [vm.cid] })).not.toEqual([]);

    const del = await e.bosh(['-d', 'demo', 'delete-deployment']);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    for (const vm of vms) {
      expect(del.stdout).toContain(`Deleting instances: web/${vm.id} (${String(vm.index)})`);
    }
    const stages = taskLines(del.stdout, { finished: true }).filter((l) =>
      /^[A-Z][a-z]+(?: [a-z]+)*: [A-Z][a-z]+(?: [a-z]+)*$/.test(l),
    );
    expect(stages).toEqual([
      'Removing deployment artifacts: Detaching stemcells',
      'Removing deployment artifacts: Detaching releases',
      'Deleting properties: Deleting dynamic disks',
      'Deleting properties: Destroying deployment',
    ]);
    const task = taskId(del.stdout, { done: true });
    expect(task).toBeDefined();
    // The audit trail, oldest first: the deployment's events around the instances', VMs' and locks'.
    const events = (await e.director.json('GET', `/events?task=${String(task)}`)) as Array<{
      action: string;
      object_type: string;
      object_name?: string;
    }>;
    const trail = events.reverse().map((ev) => `${ev.action} ${ev.object_type} ${ev.object_name ?? ''}`);
    expect(trail[0]).toBe('delete deployment demo');
    expect(trail.at(-1)).toBe('release lock lock:deployment:demo');
    for (const vm of vms) {
      for (const event of [
        `delete instance web/${vm.id}`,
        `delete vm ${vm.cid}`,
        `acquire lock lock:vm:${vm.cid}`,
      ])
        expect(trail.filter((t) => t === event)).toHaveLength(event.includes('lock') ? 1 : 2);
    }

    // The VMs are gone: no process of theirs is left, nor their directories.
    for (const vm of vms) expect(await vmProcesses({ cids: [vm.cid] })).toEqual([]);
    const left = await cpiVmCids(cpiDir(e, 'vms'));
    for (const vm of vms) expect(left).not.toContain(vm.cid);

    const deployments = await e.bosh(['deployments']);
    expect(deployments.code).toBe(0);
    expect(deployments.stdout).not.toContain('demo');
    expect(await e.director.json('GET', '/deployments')).toEqual([]);

    // The director refuses a deployment it does not have; bosh-cli then finds it gone and succeeds, as it does
    // against BOSH (integration spec "can idempotently delete a non-existent deployment").
    const missing = await e.director.request('DELETE', '/deployments/demo');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString())).toEqual({
      code: 70000,
      description: "Deployment 'demo' doesn't exist",
    });
    const again = await e.bosh(['-d', 'demo', 'delete-deployment']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);

    const redeploy = await e.bosh(['-d', 'demo', 'deploy', manifest]);
    expect(redeploy.stderr).toBe('');
    expect(redeploy.code).toBe(0);
    expect(redeploy.stdout).toContain('Creating missing vms');
    const fresh = (await e.director.json('GET', '/deployments/demo/vms')) as VmRow[];
    expect(fresh).toHaveLength(2);
    expect(fresh.map((v) => v.cid)).not.toContain(vms[0]?.cid);
  });
});
