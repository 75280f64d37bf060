/**
 * `Jobs::UpdateDeployment` (happy path: dynamic networks, no disks, no links): prepare and plan, compile packages,
 * create the missing VMs, render templates, update the changed instances batch by batch, record the manifest.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BoshError } from '../../core/errors.js';
import { desiredGroupOf, type Batch, type InstancePlan, planDeployment } from './plan.js';
import { instanceTaskName } from '../../core/update/plan.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { compilePackages } from '../compile/compile-packages.js';
import type { CompiledPackageUse } from '../compile/types.js';
import { groupPackages, jobBlock, networkSettings, plain } from './apply-spec.js';
import { agentFor, createInstanceVm, firstIp, type InstanceVm } from './instance-vm.js';
import { currentInstances, resolveDeployment, type StoredSpec } from './prepare.js';
import { persistRendered, readJobSources, renderInput, type JobSources } from './render.js';
import { startInstance } from './start-instance.js';
import type { DeployDeps } from './types.js';

export function updateDeploymentJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const text = (payload as { manifestText?: unknown } | null)?.manifestText;
    const manifestText = typeof text === 'string' ? text : '';
    const cpi = deps.cpiFor((text) => {
      deps.cpiLog(ctx.taskId, text);
    });
    if (cpi === undefined) throw new BoshError('DirectorError', 'No CPI is configured for this director');
    const { store } = deps;
    const r = await resolveDeployment(store, manifestText);
    const { manifest, cloudConfig } = r;
    const name = manifest.name;
    return ctx.withLock(`lock:deployment:${name}`, 10, async () => {
      const prep = ctx.events.beginStage('Preparing deployment', 1);
      const { deployment, plan, varSet } = await prep.advanceAndTrack('Preparing deployment', async () => {
        const deployment = await store.deployments.findOrCreate(name);
        const state = await store.deployments.state(name);
        const varSet =
          (await store.variables.sets(deployment.id))[0] ??
          (await store.variables.createSet({ deploymentId: deployment.id, createdAt: ctx.now() }));
        const plan = planDeployment({
          desired: {
            manifest,
            cloudConfig,
            stemcells: Object.fromEntries(
              [...r.stemcells].map(([k, s]) => [k, { name: s.name, version: s.version }]),
            ),
            releases: Object.fromEntries([...r.releases].map(([k, v]) => [k, v.version])),
          },
          current: { deployed: deployment.manifestText !== '', instances: currentInstances(state) },
          now: new Date(ctx.now() * 1000).toISOString(),
          newId: deps.newId,
        });
        return { deployment, plan, varSet };
      });
      const changing = plan.batches.flatMap((b) => b.instances);
      const compiled: CompiledPackageUse[] = [];
      const comp = cloudConfig.compilation;
      for (const stemcell of new Set(r.stemcells.values())) {
        const result = await compilePackages({
          releases: [...r.releases.values()].map((version) => ({
            version,
            packages: version.jobs.flatMap((j) => j.packageNames),
          })),
          stemcell,
          compilation: {
            workers: comp.workers,
            reuseCompilationVms: comp.reuseCompilationVms,
            cloudProperties: plain(
              cloudConfig.vmTypes.find((v) => v.name === comp.vmType)?.cloudProperties ??
                comp.cloudProperties,
            ),
            network: {
              name: comp.network,
              settings:
                networkSettings(
                  { name: 'compilation', networks: [{ name: comp.network, staticIps: null, default: [] }] },
                  cloudConfig,
                )[comp.network] ?? {},
            },
            env: plain(comp.env),
          },
          ctx,
          store: store.releases,
          cpi,
          agents: (vm) =>
            agentFor(
              deps,
              ctx,
              { agentId: vm.agentId, cid: vm.cid, networkSpec: vm.networks } as never,
              vm.cid,
            ),
          newId: deps.newId,
          ...(deps.agentWaitTimeoutSeconds === undefined
            ? {}
            : { agentWaitTimeoutSeconds: deps.agentWaitTimeoutSeconds }),
        });
        compiled.push(...result.packages);
      }
      const groupOf = (p: InstancePlan) => {
        const g = manifest.instanceGroups.find((x) => x.name === p.group);
        if (g === undefined) throw new BoshError('DirectorError', `Unknown instance group '${p.group}'`);
        return g;
      };
      const vms = new Map<string, InstanceVm>();
      const instanceIds = new Map<string, number>();
      const state = await store.deployments.state(name);
      for (const i of state?.instances ?? []) instanceIds.set(i.uuid, i.id);
      const missing = changing.filter((p) => p.vmCid === null);
      if (missing.length > 0) {
        const stage = ctx.events.beginStage('Creating missing vms', missing.length);
        await Promise.all(
          missing.map((p) =>
            stage.advanceAndTrack(p.name, async () => {
              const g = groupOf(p);
              const stemcell = r.stemcells.get(g.stemcell);
              if (stemcell === undefined)
                throw new BoshError('DirectorError', `Stemcell '${g.stemcell}' not found`);
              let id = instanceIds.get(p.uuid);
              if (id === undefined) {
                const created = await store.instances.create({
                  deploymentId: deployment.id,
                  job: p.group,
                  index: p.index,
                  uuid: p.uuid,
                  state: 'started',
                  variableSetId: varSet.id,
                  availabilityZone: p.az,
                  bootstrap: p.bootstrap,
                });
                id = created.id;
                instanceIds.set(p.uuid, id);
              }
              const instance = await store.instances.get(id);
              if (instance === undefined)
                throw new BoshError('DirectorError', `Instance '${p.name}' vanished`);
              const desired = desiredGroupOf(g, r, manifest, cloudConfig);
              vms.set(
                p.uuid,
                await createInstanceVm(deps, ctx, cpi, {
                  instance,
                  name: p.name,
                  stemcell,
                  cloudProperties: plain(desired.cloudProperties(p.az)),
                  networks: networkSettings(g, cloudConfig),
                  env: plain(g.env),
                }),
              );
            }),
          ),
        );
      }
      for (const i of state?.instances ?? []) {
        if (vms.has(i.uuid) || i.activeVm === null) continue;
        vms.set(i.uuid, {
          vm: i.activeVm,
          networks: (i.activeVm.networkSpec ?? {}) as InstanceVm['networks'],
          agent: agentFor(deps, ctx, i.activeVm, `${i.job}/${i.uuid} (${String(i.index)})`),
        });
      }
      const sources = new Map<number, JobSources>();
      const renderer = deps.renderer();
      const specs = new Map<string, StoredSpec>();
      try {
        for (const p of changing) {
          const g = groupOf(p);
          const vm = vms.get(p.uuid);
          if (vm === undefined) throw new BoshError('DirectorError', `Instance '${p.name}' has no VM`);
          const jobs = [];
          for (const j of g.jobs) {
            const release = r.releases.get(j.release);
            const record = release?.jobs.find((x) => x.name === j.name);
            if (release === undefined || record === undefined)
              throw new BoshError('DirectorError', `Job '${j.name}' not found in release '${j.release}'`);
            let s = sources.get(record.id);
            if (s === undefined)
              sources.set(record.id, (s = await readJobSources(deps.blobstore, deps.tmpDir, record)));
            const props = j.properties ?? desiredProps(manifest.properties, g.properties);
            jobs.push({
              name: j.name,
              release: { name: release.releaseName, version: release.version },
              sources: s,
              properties: plain(props),
            });
          }
          const ip = firstIp(vm.networks);
          const base = {
            deployment: name,
            name: g.name,
            id: p.uuid,
            index: p.index,
            az: p.az,
            bootstrap: p.bootstrap,
            address: ip ?? null,
            networks: vm.networks,
          };
          const [rendered] = await renderer.render([renderInput(base, jobs)]);
          if (rendered === undefined || !rendered.ok)
            throw new BoshError(
              'DirectorError',
              rendered?.ok === false ? rendered.error : 'rendering failed',
            );
          const archive = await persistRendered(deps.blobstore, deps.tmpDir, rendered.jobs);
          const instanceId = instanceIds.get(p.uuid) ?? 0;
          await store.instances.addRenderedTemplates({ instanceId, ...archive, createdAt: ctx.now() });
          const desired = desiredGroupOf(g, r, manifest, cloudConfig);
          const job = jobBlock(g, r.releases);
          specs.set(p.uuid, {
            apply: {
              deployment: name,
              name: g.name,
              index: p.index,
              id: p.uuid,
              az: p.az,
              bootstrap: p.bootstrap,
              job: { name: g.name, template: job.templates[0]?.name, version: '', templates: job.templates },
              packages: groupPackages(g, r.releases, compiled),
              networks: vm.networks,
              configuration_hash: archive.contentSha1,
              rendered_templates_archive: { blobstore_id: archive.blobstoreId, sha1: archive.sha1 },
              template_hashes: {},
              persistent_disk: 0,
              dns_domain_name: 'bosh',
              properties: {},
            },
            applied: {
              packages: {},
              jobs: desired.jobs,
              configurationHash: null,
              properties: desired.properties,
              tags: desired.tags,
            },
            stemcell: desired.stemcell,
            cloudPropertiesJson: plain(desired.cloudProperties(p.az)),
            envJson: plain(g.env),
          });
        }
      } finally {
        await renderer.close();
      }
      await runBatches(ctx, plan.batches, async (p) => {
        const spec = specs.get(p.uuid);
        const vm = vms.get(p.uuid);
        if (spec === undefined || vm === undefined)
          throw new BoshError('DirectorError', `Instance '${p.name}' not prepared`);
        const g = groupOf(p);
        await startInstance(vm.agent, p.name, spec.apply, g.update.updateWatchTime, (ms) => sleep(ms));
        await store.instances.update(instanceIds.get(p.uuid) ?? 0, {
          spec: spec as never,
          updateCompleted: true,
        });
      });
      await store.deployments.update(deployment.id, {
        manifestText,
        releaseVersionIds: [...r.releases.values()].map((v) => v.id),
        stemcellIds: [...new Set(r.stemcells.values())].map((s) => s.id),
        configIds: r.cloudConfigIds,
      });
      return `/deployments/${name}`;
    });
  };
}

const desiredProps = (
  global: import('../../base/yaml/value.js').YamlMap,
  group: import('../../base/yaml/value.js').YamlMap,
) => new Map([...global, ...group]);

async function runBatches(
  ctx: TaskContext,
  batches: readonly Batch<InstancePlan>[],
  work: (p: InstancePlan) => Promise<void>,
) {
  const stages = new Map<string, ReturnType<TaskContext['events']['beginStage']>>();
  for (const batch of batches) {
    let stage = stages.get(batch.group);
    if (stage === undefined) {
      const total = batches
        .filter((b) => b.group === batch.group)
        .reduce((n, b) => n + b.instances.length, 0);
      stage = ctx.events.beginStage(`Updating instance ${batch.group}`, total);
      stages.set(batch.group, stage);
    }
    const s = stage;
    await ctx.checkpoint();
    await Promise.all(
      batch.instances.map((p) => s.advanceAndTrack(instanceTaskName(p.name, batch.canary), () => work(p))),
    );
  }
}
