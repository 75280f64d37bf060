/**
 * `JobRenderer` for the instances a deploy changes: every job of an instance rendered (one batched renderer for
 * all of them), the archive persisted, and the apply spec the agent will get, with what the planner compares next
 * time. The addresses are the VM's: an instance whose VM is created later is rendered again then.
 */
import { memoPromise } from '../../base/memo-promise.js';
import type { InstancePlan } from '../../core/planner/index.js';
import type { JobRecord } from '../../ports/director-release-store.js';
import type { LinkSpec } from '../../ports/template-renderer.js';
import { jobBlock, plain, releaseJob } from '../deploy/apply-spec.js';
import { networkSettings } from '../deploy/network-settings.js';
import { firstIp } from '../deploy/instance-vm.js';
import {
  persistRendered,
  readJobSources,
  renderFailure,
  renderInput,
  type JobSources,
} from '../deploy/render.js';
import type { StoredSpec } from '../deploy/prepare.js';
import type { DeploymentRun } from './deployment-run.js';
import { persistentDiskSpec } from './disk-manager-pairs.js';
import { linksDigest, withLinksDigest } from './link-digests.js';
import { jobLinks } from './render-links.js';
import { renderProperties } from './render-properties.js';
import { runPool } from './thread-pool.js';

/** Archives are packed and stored this many at a time. */
const PERSIST_THREADS = 8;

/** A job's sources, its archive fetched and extracted once per deploy (every render of the run shares them). */
// A failed read is not kept: a later render tries again, as each render did before the cache.
const sourcesOf = (run: DeploymentRun, record: JobRecord): Promise<JobSources> =>
  memoPromise(run.jobSources, record.id, () => readJobSources(run.deps.blobstore, run.deps.tmpDir, record), {
    forgetFailure: true,
  });

/**
 * The instance rendered again when its (new) VM's networks are not the ones its spec was rendered with: a new VM
 * may have other addresses than the planned ones. The new spec; undefined when nothing had to be rendered.
 */
export async function rerenderOnNewNetworks(
  run: DeploymentRun,
  p: InstancePlan,
  renderedWith: unknown,
  networks: unknown,
): Promise<StoredSpec | undefined> {
  const json = (n: unknown): string => JSON.stringify(n ?? {});
  if (json(renderedWith) === json(networks)) return undefined;
  await renderInstanceSpecs(run, [p]);
  return run.specs.get(p.uuid);
}

/**
 * The links of one render. A job's links are the same for every instance of its group: each is made once, asked
 * for where the first instance asks (so the first failure is the same one), and each group's digest is made once.
 */
function linksPerGroup(run: DeploymentRun): {
  of: (group: string, job: string) => Promise<Record<string, LinkSpec>>;
  digest: (group: string, jobs: Parameters<typeof linksDigest>[0]) => string | undefined;
} {
  const made = new Map<string, Promise<Record<string, LinkSpec>>>();
  const digests = new Map<string, string | undefined>();
  return {
    of: (group, job) => {
      const key = JSON.stringify([group, job]);
      let found = made.get(key);
      if (found === undefined) made.set(key, (found = jobLinks(run, group, job)));
      return found;
    },
    digest: (group, jobs) => {
      if (!digests.has(group)) digests.set(group, linksDigest(jobs));
      return digests.get(group);
    },
  };
}

/**
 * Renders `plans` in one batch (one renderer round trip), then packs and stores the archives of those `persist`
 * accepts and records their specs in `run.specs`; the others are only checked (their VM, and so their address,
 * comes later: they are rendered again then).
 */
export async function renderInstanceSpecs(
  run: DeploymentRun,
  plans: readonly InstancePlan[],
  persist: (p: InstancePlan) => boolean = () => true,
): Promise<void> {
  if (plans.length === 0) return;
  const { deps, r } = run;
  const links = linksPerGroup(run);
  const inputs = [];
  for (const p of plans) {
    const g = run.groupOf(p);
    const disk = persistentDiskSpec(run.desiredOf(g).disks);
    // Before its VM exists an instance is rendered with the planned network settings (its errors show early).
    const networks = run.vms.get(p.uuid)?.networks ?? networkSettings(g, r.cloudConfig, p.ips);
    const jobs = [];
    for (const j of g.jobs) {
      const { release, record } = releaseJob(r.releases, j);
      jobs.push({
        name: j.name,
        release: { name: release.releaseName, version: release.version },
        sources: await sourcesOf(run, record),
        properties: plain(await renderProperties(run, g, j)),
        links: await links.of(g.name, j.name),
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
    inputs.push({ p, networks, disk, links: links.digest(g.name, jobs), input: renderInput(base, jobs) });
  }
  const renderer = deps.renderer();
  let rendered;
  try {
    rendered = await renderer.render(inputs.map((i) => i.input));
  } finally {
    await renderer.close();
  }
  // Every group's failure at once, in BOSH's layout.
  const failure = renderFailure(
    inputs.map((i) => i.input),
    rendered,
  );
  if (failure !== undefined) throw failure;
  // Without a failure every instance has its jobs: the filter only narrows the type.
  const results = inputs.flatMap((i, n) => {
    const out = rendered[n];
    return out?.ok === true ? [{ ...i, jobs: out.jobs }] : [];
  });
  await runPool(
    results.filter((x) => persist(x.p)),
    PERSIST_THREADS,
    async ({ p, networks, disk, links, jobs }) => {
      const g = run.groupOf(p);
      const desired = run.desiredOf(g);
      const archive = await persistRendered(deps.blobstore, deps.tmpDir, jobs);
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
          // The links it was rendered with count too: the planner compares this with the next deploy's links.
          properties: withLinksDigest(desired.properties, links),
          tags: desired.tags,
        },
        stemcell: desired.stemcell,
        cloudPropertiesJson: plain(desired.cloudProperties(p.az)),
        envJson: plain(g.env),
        vmType: g.vmType,
      });
    },
  );
}
