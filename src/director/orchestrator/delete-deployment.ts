/**
 * The `delete_deployment` task (`delete deployment <name>`, bosh-director `Jobs::DeleteDeployment` with its
 * DeploymentDeleter), under `lock:deployment:<name>` (10 s). A deployment with ignored instances is refused, even
 * with `force`. Stages as BOSH names and counts them: `Deleting instances` (one task per instance, up to 32 at
 * once), `Removing deployment artifacts` (total 3, tasks `Detaching stemcells`, `Detaching releases`), then
 * `Deleting properties` (total: the deployment properties, which this director has none of) whose tasks
 * `Deleting dynamic disks` and `Destroying deployment` end it. Destroying the deployment deletes its variable sets
 * and variables, as BOSH's cascade does; the config server's values stay (BOSH leaves CredHub's too), so a
 * redeploy under the same name gets the same credentials. Orphaned disks stay. Result `/deployments/<name>`.
 */
import { BoshError, boshError } from '../../core/errors.js';
import { agentFor } from '../deploy/instance-vm.js';
import { requireCpi } from '../deploy/require-cpi.js';
import type { DeployDeps } from '../deploy/types.js';
import type { CompileCpi } from '../compile/types.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { deleteInstances } from './instance-deleter.js';
import { recordTaskEvent } from './task-events.js';

/** What the API stores with the task (`DELETE /deployments/:name?force=&keep_snapshots=`). */
export interface DeleteDeploymentPayload {
  readonly name: string;
  readonly force: boolean;
  /** Accepted and stored as BOSH does; BOSH's job never reads it (snapshots go with their orphaned disks). */
  readonly keepSnapshots: boolean;
}

export function decodeDeleteDeploymentPayload(raw: unknown): DeleteDeploymentPayload {
  const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Readonly<Record<string, unknown>>;
  if (typeof f.name !== 'string' || f.name === '')
    throw new BoshError('DirectorError', "Invalid delete_deployment task payload: 'name' is missing");
  return { name: f.name, force: f.force === true, keepSnapshots: f.keepSnapshots === true };
}

export function deleteDeploymentJob(deps: DeployDeps): TaskJob {
  return async (ctx, raw) => {
    const { name, force } = decodeDeleteDeploymentPayload(raw);
    ctx.debug(`Deleting: ${name}`);
    const event = { action: 'delete', objectType: 'deployment', objectName: name, deployment: name };
    // Not withTaskEvents: as in BOSH's job, a success's end event is recorded while the lock is still held.
    const parentId = await recordTaskEvent(deps.store.events, ctx, event);
    try {
      return await ctx.withLock(`lock:deployment:${name}`, 10, async () => {
        await deleteDeployment(deps, ctx, name, force);
        await recordTaskEvent(deps.store.events, ctx, { ...event, parentId });
        return `/deployments/${name}`;
      });
    } catch (error) {
      await recordTaskEvent(deps.store.events, ctx, { ...event, parentId, error });
      throw error;
    }
  };
}

async function deleteDeployment(deps: DeployDeps, ctx: TaskContext, name: string, force: boolean) {
  const { store } = deps;
  const state = await store.deployments.state(name);
  if (state === undefined) throw boshError('DeploymentNotFound', `Deployment '${name}' doesn't exist`);
  if (state.instances.some((i) => i.ignore)) {
    throw boshError(
      'DeploymentIgnoredInstancesDeletion',
      `You are trying to delete deployment '${name}', which contains ignored instance(s). Operation not allowed.`,
    );
  }
  let cpi: CompileCpi | undefined;
  const instances = ctx.events.beginStage('Deleting instances', state.instances.length);
  await deleteInstances(
    {
      store,
      blobstore: deps.blobstore,
      cpi: () => (cpi ??= requireCpi(deps, ctx)),
      agentFor: (vm, instance) => agentFor(deps, ctx, vm, instance),
    },
    ctx,
    instances,
    state.instances,
    { deployment: name, force, intent: 'delete_deployment' },
  );

  const artifacts = ctx.events.beginStage('Removing deployment artifacts', 3);
  await artifacts.advanceAndTrack('Detaching stemcells', async () => {
    ctx.debug('Detaching stemcells');
    await store.deployments.detachStemcells(state.id);
  });
  await artifacts.advanceAndTrack('Detaching releases', async () => {
    ctx.debug('Detaching releases');
    await store.deployments.detachReleaseVersions(state.id);
  });

  // BOSH tracks the last two steps in the properties stage (one task per deployment property before them).
  const properties = ctx.events.beginStage('Deleting properties', 0);
  ctx.debug('Deleting deployment properties');
  await properties.advanceAndTrack('Deleting dynamic disks', async () => {
    ctx.debug('Deleting dynamic disks');
    await Promise.resolve(); // This director has no dynamic disks.
  });
  await properties.advanceAndTrack('Destroying deployment', async () => {
    ctx.debug('Destroying deployment');
    await store.deployments.delete(name);
  });
}
