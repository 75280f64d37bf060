/**
 * `JobRenderer` for the instances a deploy changes: every job of an instance rendered (one batched renderer for
 * all of them), the archive persisted, and the apply spec the agent will get, with what the planner compares next
 * time. The addresses are the VM's: an instance whose VM is created later is rendered again then.
 */
import type { YamlMap } from '../../base/yaml/value.js';
import { BoshError } from '../../core/errors.js';
import type { InstancePlan } from '../../core/planner/index.js';
import { jobBlock, networkSettings, plain } from '../deploy/apply-spec.js';
import { firstIp } from '../deploy/instance-vm.js';
import { persistRendered, readJobSources, renderInput, type JobSources } from '../deploy/render.js';
import type { DeploymentRun } from './deployment-run.js';
import { persistentDiskSpec } from './disk-manager-pairs.js';

const mergedProps = (global: YamlMap, group: YamlMap): YamlMap => new Map([...global, ...group]);

/** Renders `plans` and records their specs in `run.specs`. */
export async function renderInstanceSpecs(run: DeploymentRun, plans: readonly InstancePlan[]): Promise<void> {
  if (plans.length === 0) return;
  const { deps, r } = run;
  const { manifest } = r;
  const sources = new Map<number, JobSources>();
  const renderer = deps.renderer();
  try {
    for (const p of plans) {
      const g = run.groupOf(p);
      const desired = run.desiredOf(g);
      const disk = persistentDiskSpec(desired.disks);
      // Before its VM exists an instance is rendered with the planned network settings (its errors show early).
      const networks = run.vms.get(p.uuid)?.networks ?? networkSettings(g, r.cloudConfig);
      const jobs = [];
      for (const j of g.jobs) {
        const release = r.releases.get(j.release);
        const record = release?.jobs.find((x) => x.name === j.name);
        if (release === undefined || record === undefined)
          throw new BoshError('DirectorError', `Job '${j.name}' not found in release '${j.release}'`);
        let s = sources.get(record.id);
        if (s === undefined)
          sources.set(record.id, (s = await readJobSources(deps.blobstore, deps.tmpDir, record)));
        jobs.push({
          name: j.name,
          release: { name: release.releaseName, version: release.version },
          sources: s,
          properties: plain(j.properties ?? mergedProps(manifest.properties, g.properties)),
        });
      }
      const base = {
        deployment: run.name,
        name: g.name,
        id: p.uuid,
        index: p.index,
        az: p.az,
        bootstrap: p.bootstrap,
        address: firstIp(networks) ?? null,
        networks,
        ...(disk.persistent_disk === undefined ? {} : { persistentDisk: disk.persistent_disk }),
      };
      const [rendered] = await renderer.render([renderInput(base, jobs)]);
      if (rendered === undefined || !rendered.ok)
        throw new BoshError('DirectorError', rendered?.ok === false ? rendered.error : 'rendering failed');
      const archive = await persistRendered(deps.blobstore, deps.tmpDir, rendered.jobs);
      await deps.store.instances.addRenderedTemplates({
        instanceId: await run.ensureInstance(p),
        ...archive,
        createdAt: run.ctx.now(),
      });
      const job = jobBlock(g, r.releases);
      run.specs.set(p.uuid, {
        apply: {
          deployment: run.name,
          name: g.name,
          index: p.index,
          id: p.uuid,
          az: p.az,
          bootstrap: p.bootstrap,
          job: { name: g.name, template: job.templates[0]?.name, version: '', templates: job.templates },
          // Filled in by the update, once the packages are compiled (templates render before compilation).
          packages: {},
          networks,
          configuration_hash: archive.contentSha1,
          rendered_templates_archive: { blobstore_id: archive.blobstoreId, sha1: archive.sha1 },
          template_hashes: {},
          ...disk,
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
}
