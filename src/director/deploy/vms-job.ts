/** `Jobs::VmState`: one JSON line per instance (or VM) with its agent's `get_state full` processes. */
import { BoshError } from '../../core/errors.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { agentFor, firstIp } from './instance-vm.js';
import { stateValue } from '../orchestrator/starter.js';
import type { DeployDeps } from './types.js';
import type { StoredSpec } from './prepare.js';

const VM_STATE_TIMEOUT_SECONDS = 5;

const rubyTime = (seconds: number | null): string =>
  new Date((seconds ?? 0) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

export function vmsJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const p = payload as { deployment?: unknown; kind?: unknown } | null;
    const name = typeof p?.deployment === 'string' ? p.deployment : '';
    const state = await deps.store.deployments.state(name);
    if (state === undefined) throw new BoshError('DeploymentNotFound', `Deployment '${name}' doesn't exist`);
    for (const i of state.instances) {
      if (i.compilation || (p?.kind === 'vms' && i.activeVm === null)) continue;
      const vm = i.activeVm;
      let agentState: Record<string, unknown> = {};
      if (vm !== null) {
        // BOSH's VmState asks each agent with a 5 s timeout: an unresponsive one is reported, not waited for.
        const agent = agentFor(deps, ctx, vm, `${i.job}/${i.uuid}`, VM_STATE_TIMEOUT_SECONDS);
        agentState = await agent.getState(true).then(stateValue, () => ({ job_state: 'unresponsive agent' }));
      }
      const ip = vm === null ? undefined : firstIp(vm.networkSpec ?? {});
      ctx.writeResult(
        `${JSON.stringify({
          agent_id: vm?.agentId ?? null,
          job_name: i.job,
          index: i.index,
          id: i.uuid,
          bootstrap: i.bootstrap,
          ignore: i.ignore,
          az: i.availabilityZone,
          state: i.state,
          active: vm?.active ?? null,
          vm_cid: vm?.cid ?? null,
          vm_type: (i.spec as StoredSpec | null)?.vmType ?? '',
          ips: ip === undefined ? [] : [ip],
          job_state: vm === null ? null : (agentState.job_state ?? null),
          processes: Array.isArray(agentState.processes) ? agentState.processes : [],
          vitals: agentState.vitals ?? null,
          disk_cid: i.disks.find((d) => d.active && d.name === '')?.diskCid ?? null,
          disk_cids: i.disks.filter((d) => d.active).map((d) => d.diskCid),
          vm_created_at: rubyTime(vm?.createdAt ?? null),
          cloud_properties: vm?.cloudProperties ?? {},
          stemcell: { name: vm?.stemcellName ?? '', version: vm?.stemcellVersion ?? '' },
        })}\n`,
      );
    }
    return '';
  };
}
