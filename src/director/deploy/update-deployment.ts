/**
 * `Jobs::UpdateDeployment`: prepare and plan (Preparing deployment, Rendering templates), compile packages, create
 * the missing VMs, update the changed instances group by group (canaries, max_in_flight, AZ order), run the
 * post-deploy scripts, and record the manifest.
 */
import { BoshError } from '../../core/errors.js';
import { validateCountOption } from '../../core/update/numbers.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { compileForDeploy } from '../orchestrator/compile-stage.js';
import { deployOptions, type DeployQuery } from '../orchestrator/deploy-options.js';
import { DeploymentRun } from '../orchestrator/deployment-run.js';
import { updateInstance } from '../orchestrator/instance-updater.js';
import { renderInstanceSpecs } from '../orchestrator/instance-specs.js';
import { runPostDeploys } from '../orchestrator/post-deploy.js';
import { runUpdateStages } from '../orchestrator/update-stage.js';
import { deleteUnneeded } from '../orchestrator/unneeded-instances.js';
import { desiredDeployment, planDeployment } from './plan.js';
import { currentInstances, resolveDeployment } from './prepare.js';
import type { DeployDeps } from './types.js';
import { probeAgents } from '../orchestrator/probe-agents.js';

interface Payload {
  readonly manifestText?: unknown;
  readonly options?: DeployQuery;
}

export function updateDeploymentJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const p = (payload ?? {}) as Payload;
    const manifestText = typeof p.manifestText === 'string' ? p.manifestText : '';
    const options = deployOptions(p.options ?? {});
    validateCountOption(options.canaries, 'canaries');
    validateCountOption(options.maxInFlight, 'max_in_flight');
    const cpi = deps.cpiFor((text) => {
      deps.cpiLog(ctx.taskId, text);
    });
    if (cpi === undefined) throw new BoshError('DirectorError', 'No CPI is configured for this director');
    const { store } = deps;
    const r = await resolveDeployment(store, manifestText);
    const name = r.manifest.name;
    return ctx.withLock(`lock:deployment:${name}`, 10, async () => {
      const prep = ctx.events.beginStage('Preparing deployment', 1);
      const { run, plan } = await prep.advanceAndTrack('Preparing deployment', async () => {
        const deployment = await store.deployments.findOrCreate(name);
        const varSet =
          (await store.variables.sets(deployment.id))[0] ??
          (await store.variables.createSet({ deploymentId: deployment.id, createdAt: ctx.now() }));
        const run = new DeploymentRun(deps, ctx, cpi, r, deployment, varSet);
        const state = await store.deployments.state(name);
        run.load(state?.instances ?? []);
        const current = currentInstances(state);
        if (options.fix === true) await probeAgents(run, current);
        const plan = planDeployment({
          desired: desiredDeployment(r),
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
        return { run, plan };
      });
      for (const w of plan.warnings) ctx.events.warning(w);
      const changing = plan.batches.flatMap((b) => b.instances);
      await prep.advanceAndTrack('Rendering templates', () =>
        renderInstanceSpecs(
          run,
          changing.filter((c) => c.state === 'started'),
          // Instances without a VM yet are only checked here: they are rendered with their address once it exists.
          (c) => run.vms.has(c.uuid),
        ),
      );
      run.compiled = await compileForDeploy(deps, ctx, cpi, r);
      await deleteUnneeded(run, plan.obsoleteGroups);
      const missing = changing.filter((c) => c.vmCid === null && c.state === 'started');
      if (missing.length > 0) {
        const stage = ctx.events.beginStage('Creating missing vms', missing.length);
        await Promise.all(missing.map((c) => stage.advanceAndTrack(c.name, () => run.createVm(c))));
        await renderInstanceSpecs(run, missing);
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
      await store.deployments.update(run.deployment.id, {
        manifestText,
        releaseVersionIds: [...r.releases.values()].map((v) => v.id),
        stemcellIds: [...new Set(r.stemcells.values())].map((s) => s.id),
        configIds: r.cloudConfigIds,
      });
      return `/deployments/${name}`;
    });
  };
}
