/** `VmCreator` for a deployment instance: create_vm, the instance's VM row, wait for its agent. */
import type { AgentClient } from '../../ports/agent-client.js';
import type { InstanceRecord, VmRecord } from '../../ports/director-deploy-store.js';
import type { StemcellRecord } from '../../ports/director-release-store.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { CompileCpi } from '../compile/types.js';
import type { DeployDeps } from './types.js';

export interface VmRequest {
  readonly instance: InstanceRecord;
  readonly name: string;
  readonly stemcell: StemcellRecord;
  readonly cloudProperties: Record<string, unknown>;
  readonly networks: Record<string, Record<string, unknown>>;
  readonly env: Record<string, unknown>;
  /** The env create_vm gets when it differs from `env` (variables resolved); the VM row keeps `env` as written. */
  readonly cpiEnv?: Record<string, unknown>;
  /** The instance's persistent disks, as create_vm's disk locality hint (the IaaS may place the VM near them). */
  readonly diskCids?: readonly string[];
  /** false: the VM row stays inactive (create-swap-delete makes it active when it swaps it in). */
  readonly activate?: boolean;
}

export interface InstanceVm {
  readonly vm: VmRecord;
  readonly networks: Record<string, Record<string, unknown>>;
  readonly agent: AgentClient;
}

/** The agent client of a VM; `timeoutSeconds` per request (BOSH: 45, the vms job 5). */
export function agentFor(
  deps: DeployDeps,
  ctx: TaskContext,
  vm: VmRecord,
  name: string,
  timeoutSeconds?: number,
): AgentClient {
  const ip = firstIp(vm.networkSpec ?? {});
  const mbusUrl = ip === undefined ? undefined : deps.mbusFor(ip);
  return deps.agents({
    agentId: vm.agentId ?? '',
    instanceName: name,
    ...(vm.cid === null ? {} : { vmCid: vm.cid }),
    ...(mbusUrl === undefined ? {} : { mbusUrl }),
    pollIntervalMs: 200,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    checkpoint: () => ctx.checkpoint(),
  });
}

export function firstIp(networks: Readonly<Record<string, unknown>>): string | undefined {
  for (const n of Object.values(networks)) {
    const ip = (n as { ip?: unknown } | null)?.ip;
    if (typeof ip === 'string' && ip !== '') return ip;
  }
  return undefined;
}

export async function createInstanceVm(
  deps: DeployDeps,
  ctx: TaskContext,
  cpi: CompileCpi,
  r: VmRequest,
): Promise<InstanceVm> {
  const agentId = deps.newId();
  const created = await cpi.call('create_vm', [
    agentId,
    r.stemcell.cid,
    r.cloudProperties,
    r.networks,
    [...(r.diskCids ?? [])],
    r.cpiEnv ?? r.env,
  ]);
  const [cid, answered]: readonly unknown[] = Array.isArray(created) ? (created as unknown[]) : [created];
  const networks =
    typeof answered === 'object' && answered !== null
      ? (answered as Record<string, Record<string, unknown>>)
      : r.networks;
  const { vms } = deps.store;
  const row = await vms.create({
    instanceId: r.instance.id,
    agentId,
    cid: String(cid),
    createdAt: ctx.now(),
    networkSpec: networks,
    stemcellName: r.stemcell.name,
    stemcellVersion: r.stemcell.version,
    stemcellApiVersion: r.stemcell.apiVersion,
    env: r.env,
    cloudProperties: r.cloudProperties,
    cpi: '',
  });
  if (r.activate !== false) await vms.activate(row.id);
  const vm = (await vms.get(row.id)) ?? row;
  const agent = agentFor(deps, ctx, vm, r.name);
  await agent.waitUntilReady(deps.agentWaitTimeoutSeconds ?? 600);
  return { vm, networks, agent };
}
