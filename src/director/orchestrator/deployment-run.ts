/**
 * One deploy's working state, shared by its stages: the resolved manifest, the deployment's instance rows, each
 * instance's VM and agent client, and the spec each changed instance will be given. Creating and deleting an
 * instance's VM (`VmCreator`, `DeleteVmStep`) live here because every stage needs them.
 */
import { BoshError } from '../../core/errors.js';
import type { InstanceGroup } from '../../core/manifest/types.js';
import type { DeploymentLinks } from '../../core/links/index.js';
import type { DesiredGroup } from '../../core/planner/desired.js';
import {
  instanceName,
  type DeploymentPlan,
  type InstancePlan,
  type PlannedIp,
} from '../../core/planner/index.js';
import type { VariableSetRecord, VmRecord } from '../../ports/director-deploy-store.js';
import type { DeploymentRecord, InstanceSnapshot } from '../../ports/director-store.js';
import type { CompileCpi, StemcellPackageUse } from '../compile/types.js';
import { plain } from '../deploy/apply-spec.js';
import { networkSettings } from '../deploy/network-settings.js';
import { agentFor, createInstanceVm, type InstanceVm } from '../deploy/instance-vm.js';
import { desiredGroupOf } from '../deploy/plan.js';
import type { Resolved, StoredSpec } from '../deploy/prepare.js';
import type { JobSources } from '../deploy/render.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { interpolatedEnv } from './render-properties.js';
import { deleteVm as deleteVmStep } from './vm-deleter.js';
import { attachInstanceDisks, detachInstanceDisks, type DiskTarget } from './disk-manager-steps.js';

export class DeploymentRun {
  /** Instance uuid → its VM and agent client (existing VMs, then created ones). */
  readonly vms = new Map<string, InstanceVm>();
  /** Instance uuid → instance row id. */
  readonly instanceIds = new Map<string, number>();
  /** Instance uuid → the spec its update applies. */
  readonly specs = new Map<string, StoredSpec>();
  /** Instances whose agent did not answer (`--fix` probes them): they are recreated without being stopped. */
  readonly unresponsive = new Set<string>();
  /** Instances whose VM this deploy created: nothing runs on them yet, so there is nothing to stop. */
  readonly fresh = new Set<string>();
  /** create-swap-delete: instance uuid → its new VM, created inactive ahead of the update. */
  readonly duplicates = new Map<string, InstanceVm>();
  /** VMs a failed create-swap-delete left inactive: deleted before new ones are made. */
  readonly inactive: Array<{ readonly vm: VmRecord; readonly instance: string }> = [];
  /** create-swap-delete: the addresses the new VM got where the old one kept its own until orphaned. */
  readonly duplicateIps = new Map<string, readonly PlannedIp[]>();
  /** Job record id → its sources (instance-specs.ts): each job archive is fetched and extracted once per run. */
  readonly jobSources = new Map<number, Promise<JobSources>>();
  /** The planner's desired side of each group, made once: `r` does not change during a run. */
  private readonly desired = new Map<InstanceGroup, DesiredGroup>();

  constructor(
    readonly deps: DeployDeps,
    readonly ctx: TaskContext,
    readonly cpi: CompileCpi,
    readonly r: Resolved,
    readonly deployment: DeploymentRecord,
    readonly varSet: VariableSetRecord,
  ) {}

  /** The packages the instances get, once compiled. */
  compiled: readonly StemcellPackageUse[] = [];

  /** The deploy's plan, once made: a link's instances are its provider group's desired instances. */
  plan: DeploymentPlan | undefined = undefined;

  /** The deployment's resolved links (render-links.ts): a deploy sets them before preparing, others on first use. */
  links: DeploymentLinks | undefined = undefined;

  get name(): string {
    return this.r.manifest.name;
  }

  groupOf(p: Pick<InstancePlan, 'group'>): InstanceGroup {
    const g = this.r.manifest.instanceGroups.find((x) => x.name === p.group);
    if (g === undefined) throw new BoshError('DirectorError', `Unknown instance group '${p.group}'`);
    return g;
  }

  desiredOf(g: InstanceGroup): DesiredGroup {
    let found = this.desired.get(g);
    if (found === undefined) this.desired.set(g, (found = desiredGroupOf(g, this.r)));
    return found;
  }

  /** Takes in the deployment's instances (as the store has them) and their active VMs' agent clients. */
  load(instances: readonly InstanceSnapshot[]): void {
    for (const i of instances) {
      this.instanceIds.set(i.uuid, i.id);
      for (const vm of i.vms) if (!vm.active) this.inactive.push({ vm, instance: `${i.job}/${i.uuid}` });
      if (i.activeVm === null || i.activeVm.cid === null) continue;
      this.vms.set(i.uuid, {
        vm: i.activeVm,
        networks: (i.activeVm.networkSpec ?? {}) as InstanceVm['networks'],
        agent: agentFor(this.deps, this.ctx, i.activeVm, `${i.job}/${i.uuid}`),
      });
    }
  }

  instanceId(p: Pick<InstancePlan, 'uuid' | 'name'>): number {
    const id = this.instanceIds.get(p.uuid);
    if (id === undefined) throw new BoshError('DirectorError', `Instance '${p.name}' has no record`);
    return id;
  }

  /** The instance row of a new instance (created once). */
  async ensureInstance(p: InstancePlan): Promise<number> {
    const known = this.instanceIds.get(p.uuid);
    if (known !== undefined) return known;
    const created = await this.deps.store.instances.create({
      deploymentId: this.deployment.id,
      job: p.group,
      index: p.index,
      uuid: p.uuid,
      state: p.state,
      variableSetId: this.varSet.id,
      availabilityZone: p.az,
      bootstrap: p.bootstrap,
    });
    this.instanceIds.set(p.uuid, created.id);
    return created.id;
  }

  /**
   * create_vm for the instance (near its disks), its VM row made active, its agent waited for; then its active disks
   * attached and mounted when the group still has disks (`VmCreator`'s AttachInstanceDisks and MountInstanceDisks).
   */
  async createVm(p: InstancePlan, duplicate?: { readonly ips: readonly PlannedIp[] }): Promise<InstanceVm> {
    const g = this.groupOf(p);
    const stemcell = this.r.stemcells.get(g.stemcell);
    if (stemcell === undefined) throw new BoshError('DirectorError', `Stemcell '${g.stemcell}' not found`);
    const instance = await this.deps.store.instances.get(await this.ensureInstance(p));
    if (instance === undefined) throw new BoshError('DirectorError', `Instance '${p.name}' vanished`);
    const disks = (await this.deps.store.disks.list(instance.id)).filter((d) => d.active);
    const desired = this.desiredOf(g);
    const vm = await createInstanceVm(this.deps, this.ctx, this.cpi, {
      instance,
      name: `${p.group}/${p.uuid}`,
      stemcell,
      cloudProperties: plain(desired.cloudProperties(p.az)),
      networks: networkSettings(g, this.r.cloudConfig, duplicate?.ips ?? p.ips),
      env: plain(g.env),
      cpiEnv: plain(await interpolatedEnv(this, g)),
      diskCids: disks.map((d) => d.diskCid),
      ...(duplicate === undefined ? {} : { activate: false }),
    });
    await this.deps.store.ips.bindToVm(instance.id, vm.vm.id);
    if (duplicate !== undefined) {
      // create-swap-delete: the VM waits, inactive, for the update to swap it in (swapInDuplicateVm).
      this.duplicates.set(p.uuid, vm);
      return vm;
    }
    this.vms.set(p.uuid, vm);
    this.fresh.add(p.uuid);
    if (disks.length > 0 && desired.disks.length > 0) await attachInstanceDisks(this.diskTarget(p));
    return vm;
  }

  /** The instance's disks as the DiskManager works on them, with its VM as it is now. */
  diskTarget(p: Pick<InstancePlan, 'uuid' | 'name' | 'group' | 'index'>): DiskTarget {
    const current = this.vms.get(p.uuid);
    const cid = current?.vm.cid ?? null;
    return {
      store: this.deps.store,
      cpi: this.cpi,
      ctx: this.ctx,
      deployment: this.name,
      instanceId: this.instanceId(p),
      name: `${p.group}/${p.uuid}`,
      label: instanceName(p.group, p.uuid, p.index),
      vm: current === undefined || cid === null ? undefined : { cid, agent: current.agent },
    };
  }

  /**
   * The instance's VM deleted, its disks detached first when its agent answers (`RecreateHandler`); an unresponsive
   * agent's VM goes with them attached and the IaaS detaches them.
   */
  async removeVm(
    p: Pick<InstancePlan, 'uuid' | 'name' | 'group' | 'index'>,
    o: { detach: boolean },
  ): Promise<void> {
    if (o.detach) await detachInstanceDisks(this.diskTarget(p));
    await this.deleteVm(p);
  }

  /**
   * `DeleteVmStep` for a VM of this deployment's instance `<ig>/<uuid>`: delete_vm under the VM's lock (a VM the IaaS
   * no longer has is fine), its row, its events. Unforced: a CPI failure fails the deploy.
   */
  async deleteVmRecord(vm: VmRecord, instance: string): Promise<void> {
    const owner = { deployment: this.name, instance };
    await deleteVmStep({ store: this.deps.store, cpi: () => this.cpi }, this.ctx, vm, owner, false);
  }

  /** The instance's active VM deleted (deleteVmRecord) and forgotten by this run. */
  private async deleteVm(p: Pick<InstancePlan, 'uuid' | 'group'>): Promise<void> {
    const current = this.vms.get(p.uuid);
    if (current === undefined) return;
    await this.deleteVmRecord(current.vm, `${p.group}/${p.uuid}`);
    this.vms.delete(p.uuid);
  }
}
