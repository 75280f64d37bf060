/**
 * `InstanceDeleter`: deletes an instance and what it holds, as a tracked task `<ig>/<uuid> (<index>)` of the
 * caller's stage ("Deleting instances" of delete-deployment, "Deleting unneeded instances" of a deploy): stop its
 * jobs (pre-stop told the VM, instance and maybe deployment go), delete its VMs, orphan its persistent disks (their
 * data is kept: `bosh disks --orphaned`), delete its rendered templates, then its row with its IP reservations.
 * `force` ignores failures of every step but the last, as BOSH's ErrorIgnorer does.
 */
import type { AgentClient } from '../../ports/agent-client.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { DirectorStore, InstanceSnapshot, VmRecord } from '../../ports/director-store.js';
import type { EventStage, TaskContext } from '../tasks/task-context.js';
import { orphanDisk } from './disk-manager-steps.js';
import { stopInstance } from './stopper.js';
import { withTaskEvents } from './task-events.js';
import { MAX_THREADS, runPool } from './thread-pool.js';
import { deleteVm, forceCheck, type VmDeleterDeps } from './vm-deleter.js';

export interface InstanceDeleterDeps extends VmDeleterDeps {
  readonly store: Pick<DirectorStore, 'instances' | 'vms' | 'disks' | 'events'>;
  readonly blobstore: Pick<Blobstore, 'delete'>;
  /** The agent client of the instance's VM (`name` is `<ig>/<uuid>`, as BOSH names agents in errors). */
  readonly agentFor: (vm: VmRecord, name: string) => AgentClient;
}

export interface DeleteInstanceOptions {
  readonly deployment: string;
  readonly force: boolean;
  /** What pre-stop scripts are told (`BOSH_DEPLOYMENT_NEXT_STATE=delete` only for a deployment). */
  readonly intent: 'delete_instance' | 'delete_deployment';
  readonly skipDrain?: boolean;
  /** The agent is known not to answer (BOSH's `unresponsive_agent?`): the instance is not stopped. */
  readonly unresponsiveAgent?: boolean;
}

/** `delete_instance_plan`: one instance, between a `delete instance` event and its end event. */
export async function deleteInstance(
  deps: InstanceDeleterDeps,
  ctx: TaskContext,
  stage: EventStage,
  instance: InstanceSnapshot,
  o: DeleteInstanceOptions,
): Promise<void> {
  const name = `${instance.job}/${instance.uuid}`;
  const event = {
    action: 'delete',
    objectType: 'instance',
    objectName: name,
    deployment: o.deployment,
    instance: name,
  };
  await withTaskEvents(deps.store.events, ctx, event, () =>
    stage.advanceAndTrack(`${name} (${String(instance.index)})`, async () => {
      const ignoring = forceCheck(ctx, o.force);
      const vm = instance.activeVm;
      // Stopper.stop: compilation VMs run no jobs; a VM that is gone or does not answer cannot be stopped.
      if (!instance.compilation && vm !== null && o.unresponsiveAgent !== true) {
        await ignoring(() => stop(deps.agentFor(vm, name), o));
      }
      for (const each of instance.vms) {
        await deleteVm(deps, ctx, each, { deployment: o.deployment, instance: name }, o.force);
      }
      if (!instance.compilation) {
        await ignoring(() => orphanDisks(deps, ctx, instance, o.deployment, name));
        await ignoring(() => deleteRenderedTemplates(deps, instance));
      }
      await deps.store.instances.delete(instance.id);
    }),
  );
}

/**
 * `delete_instance_plans`: BOSH's ThreadPool — after the first failure no further instance is started; the ones
 * under way finish, then that first failure is thrown.
 */
export async function deleteInstances(
  deps: InstanceDeleterDeps,
  ctx: TaskContext,
  stage: EventStage,
  instances: readonly InstanceSnapshot[],
  o: DeleteInstanceOptions & { readonly maxThreads?: number },
): Promise<void> {
  await runPool(instances, o.maxThreads ?? MAX_THREADS, (i) => deleteInstance(deps, ctx, stage, i, o));
}

/** The stop before deletion: a shutdown drain with an empty apply spec (BOSH's EmptyInstanceSpec), no ticks. */
async function stop(agent: AgentClient, o: DeleteInstanceOptions): Promise<void> {
  await stopInstance(agent, {
    skipDrain: o.skipDrain ?? false,
    drainType: 'shutdown',
    intent: o.intent,
    drainSpec: {},
  });
}

/**
 * `DiskManager#delete_persistent_disks`: every disk is orphaned, never deleted. They are not detached first: as in
 * BOSH's delete-create VmDeleter, the VM is deleted with them attached and the IaaS lets them go.
 */
async function orphanDisks(
  deps: InstanceDeleterDeps,
  ctx: TaskContext,
  instance: InstanceSnapshot,
  deployment: string,
  name: string,
): Promise<void> {
  for (const disk of instance.disks) await orphanDisk({ store: deps.store, ctx, deployment, name }, disk);
}

/** `RenderedJobTemplatesCleaner#clean_all`: the blobs of every archive of the instance (rows go with it). */
async function deleteRenderedTemplates(deps: InstanceDeleterDeps, instance: InstanceSnapshot): Promise<void> {
  const older = await deps.store.instances.pruneRenderedTemplates(instance.id);
  const newest = instance.renderedTemplates?.blobstoreId;
  for (const id of newest === undefined ? older : [...older, newest]) await deps.blobstore.delete(id);
}
