/**
 * `Jobs::UpdateDeployment`: prepare and plan (Preparing deployment, Rendering templates), compile packages, create
 * the missing VMs, update the changed instances group by group (canaries, max_in_flight, AZ order), run the
 * post-deploy scripts, and record the manifest.
 */
import { validateCountOption } from '../../core/update/numbers.js';
import type { VariableSetRecord } from '../../ports/director-store.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { compileForDeploy } from '../orchestrator/compile-stage.js';
import { deployOptions, type DeployQuery } from '../orchestrator/deploy-options.js';
import { DeploymentRun } from '../orchestrator/deployment-run.js';
import { updateInstance } from '../orchestrator/instance-updater.js';
import { renderInstanceSpecs } from '../orchestrator/instance-specs.js';
import { resolveDeploymentLinks } from '../orchestrator/render-links.js';
import { staleLinkRenders } from '../orchestrator/link-digests.js';
import { storeLinkProviders } from '../orchestrator/link-providers.js';
import { runPostDeploys } from '../orchestrator/post-deploy.js';
import { MAX_THREADS, runPool } from '../orchestrator/thread-pool.js';
import { runUpdateStages } from '../orchestrator/update-stage.js';
import { deleteUnneeded } from '../orchestrator/unneeded-instances.js';
import { checkJobStates } from '../../core/planner/instance-state.js';
import { desiredDeployment } from './plan.js';
import { planWithLinks } from './plan-with-links.js';
import { currentInstances, resolveDeployment } from './prepare.js';
import { requireCpi } from './require-cpi.js';
import type { DeployDeps } from './types.js';
import { probeAgents } from '../orchestrator/probe-agents.js';
import { foreignReservations, releaseUnplannedIps, reservePlannedIps } from './ip-reservations.js';
import {
  createDuplicateVm,
  deleteLeftoverVms,
  duplicateVmPlans,
} from '../orchestrator/create-swap-delete.js';
import { withPropertiesDigests } from '../orchestrator/render-properties.js';
import { finishVariableSet, lockVariableSet, openVariableSet } from './variable-sets.js';
import { dryRunDeployment, dryRunDeps, reportDryRun } from './dry-run.js';

interface Payload {
  readonly manifestText?: unknown;
  readonly options?: DeployQuery;
  /** `job_states` of a converging `bosh start/stop/restart/recreate` (instance-state-routes.ts). */
  readonly jobStates?: unknown;
}

export function updateDeploymentJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const p = (payload ?? {}) as Payload;
    const manifestText = typeof p.manifestText === 'string' ? p.manifestText : '';
    const options = deployOptions(p.options ?? {}, p.jobStates);
    validateCountOption(options.canaries, 'canaries');
    validateCountOption(options.maxInFlight, 'max_in_flight');
    const cpi = requireCpi(deps, ctx);
    const { store } = deps;
    const dryRun = options.dryRun === true;
    // A dry run reads the store but every variable write stays in memory (dry-run.ts).
    const d = dryRun ? dryRunDeps(deps) : deps;
    const r = await resolveDeployment(store, manifestText);
    checkJobStates(r.manifest, options);
    const name = r.manifest.name;
    // BOSH's `deploy_action?`: a manifest deployed, not a start/stop/restart/recreate of what is deployed.
    const deployAction = p.jobStates === undefined;
    // The set this deploy opened: locked before the deployment's lock is released, whatever the outcome.
    let opened: VariableSetRecord | undefined;
    const deploy = async () => {
      // BOSH resolves links while it builds the plan, before any stage: a broken link fails the task first.
      const links = await resolveDeploymentLinks(store, r);
      const prep = ctx.events.beginStage('Preparing deployment', 1);
      const { run, plan } = await prep.advanceAndTrack('Preparing deployment', async () => {
        const deployment = dryRun
          ? await dryRunDeployment(deps, name)
          : await store.deployments.findOrCreate(name);
        const varSet = await openVariableSet(d, r, deployment, {
          deploy: deployAction,
          forceLatestVariables: p.options?.force_latest_variables === 'true',
          now: ctx.now(),
        });
        if (deployAction && !dryRun) opened = varSet;
        const resolved = await withPropertiesDigests(d, r, deployment, varSet);
        const run = new DeploymentRun(d, ctx, cpi, resolved, deployment, varSet);
        run.links = links;
        const state = await store.deployments.state(name);
        run.load(state?.instances ?? []);
        const current = currentInstances(state);
        if (options.fix === true) await probeAgents(run, current);
        const plan = await planWithLinks(run, {
          desired: {
            ...desiredDeployment(run.r),
            foreignReservations: await foreignReservations(store, deployment.id),
          },
          current: {
            deployed: deployment.manifestText !== '',
            instances: current.map((i) =>
              run.unresponsive.has(i.uuid) && i.vm ? { ...i, vm: { ...i.vm, unresponsive: true } } : i,
            ),
          },
          now: new Date(ctx.now() * 1000).toISOString(),
          newId: deps.newId,
          options,
        });
        if (!dryRun)
          await reservePlannedIps(
            store,
            plan.groups.flatMap((g) => g.instances),
            (p) => run.ensureInstance(p),
            {
              taskId: ctx.taskId,
              now: ctx.now(),
            },
          );
        return { run, plan };
      });
      for (const w of plan.warnings) ctx.events.warning(w);
      const changing = plan.batches.flatMap((b) => b.instances);
      await prep.advanceAndTrack('Rendering templates', () =>
        renderInstanceSpecs(
          run,
          changing.filter((c) => c.state === 'started'),
          // Instances without a VM yet are only checked here: they are rendered with their address once it exists.
          (c) => !dryRun && run.vms.has(c.uuid),
        ),
      );
      if (dryRun) return reportDryRun(ctx, plan);
      run.compiled = await compileForDeploy(deps, ctx, cpi, r, plan.reservations);
      await deleteUnneeded(run, plan.obsoleteGroups);
      const missing = changing.filter((c) => c.vmCid === null && c.state === 'started');
      await deleteLeftoverVms(run);
      const duplicates = duplicateVmPlans(run, changing);
      if (missing.length + duplicates.length > 0) {
        const stage = ctx.events.beginStage('Creating missing vms', missing.length + duplicates.length);
        const held = [...plan.reservations];
        // VmCreator's thread pool: at most max_threads VMs at a time; after a failure none starts, those in
        // flight finish, then the first error fails the deploy.
        const creations = [
          ...missing.map((c) => () => stage.advanceAndTrack(c.name, () => run.createVm(c))),
          ...duplicates.map(
            (c) => () => stage.advanceAndTrack(c.name, () => createDuplicateVm(run, c, held)),
          ),
        ];
        await runPool(creations, MAX_THREADS, async (create) => {
          await create();
        });
        // Consumers rendered before their providers' new VMs existed are rendered again with those VMs' addresses.
        const rendered = changing.filter((c) => !missing.includes(c));
        await renderInstanceSpecs(run, [...missing, ...(await staleLinkRenders(run, rendered))]);
      }
      await runUpdateStages(
        ctx,
        plan.stages,
        (c, canary, progress) => updateInstance(run, c, canary, progress),
        (group) => {
          const g = run.groupOf({ group });
          const obsolete = plan.groups.find((x) => x.name === group)?.obsolete ?? [];
          return deleteUnneeded(run, obsolete, {
            name: group,
            maxInFlight: options.maxInFlight ?? g.update.maxInFlight,
          });
        },
      );
      const deleted = plan.obsoleteGroups.length + plan.groups.reduce((n, g) => n + g.obsolete.length, 0);
      if (changing.length > 0 || deleted > 0) await runPostDeploys(run);
      await releaseUnplannedIps(
        store,
        changing.map((c) => ({ ...c, ips: run.duplicateIps.get(c.uuid) ?? c.ips })),
        (c) => run.instanceIds.get(c.uuid),
      );
      await storeLinkProviders(run, links);
      await store.deployments.update(run.deployment.id, {
        manifestText,
        releaseVersionIds: [...r.releases.values()].map((v) => v.id),
        stemcellIds: [...new Set(r.stemcells.values())].map((s) => s.id),
        configIds: r.cloudConfigIds,
      });
      const kept = plan.groups.flatMap((g) => g.instances);
      if (deployAction) await finishVariableSet(deps, run.varSet, kept, run.instanceIds);
      return `/deployments/${name}`;
    };
    return ctx.withLock(`lock:deployment:${name}`, 10, async () => {
      try {
        return await deploy();
      } finally {
        if (opened !== undefined) await lockVariableSet(deps, opened);
      }
    });
  };
}
