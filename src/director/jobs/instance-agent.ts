/** `InstanceManager#agent_client_for`: the agent of an instance's active VM, refused as BOSH refuses it. */
import { BoshError } from '../../core/errors.js';
import type { AgentClient } from '../../ports/agent-client.js';
import type { InstanceSnapshot } from '../../ports/director-store.js';
import { agentFor } from '../deploy/instance-vm.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { instanceText } from './instance-lookup.js';

export function instanceAgent(deps: DeployDeps, ctx: TaskContext, instance: InstanceSnapshot): AgentClient {
  const vm = instance.activeVm;
  if (vm === null)
    throw new BoshError('InstanceVmMissing', `'${instanceText(instance)}' doesn't reference a VM`);
  if (vm.agentId === null || vm.agentId === '')
    throw new BoshError('VmAgentIdMissing', `Instance '${vm.cid ?? ''}' doesn't have an agent id`);
  return agentFor(deps, ctx, vm, `${instance.job}/${instance.uuid}`);
}
