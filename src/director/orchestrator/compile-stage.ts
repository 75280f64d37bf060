/**
 * `PackageCompileStage` for a deploy: for each stemcell the instance groups use, the packages of the jobs on those
 * groups (with their dependencies) compiled or found compiled; a release's other jobs are not compiled.
 */
import { compilePackages } from '../compile/compile-packages.js';
import type { CompileCpi, StemcellPackageUse } from '../compile/types.js';
import { releaseJob } from '../deploy/apply-spec.js';
import { plain } from '../deploy/apply-spec.js';
import type { IpReservation } from '../../core/network/allocate.js';
import { compilationNetwork } from './compilation-network.js';
import { agentFor } from '../deploy/instance-vm.js';
import type { Resolved } from '../deploy/prepare.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext } from '../tasks/task-context.js';

export async function compileForDeploy(
  deps: DeployDeps,
  ctx: TaskContext,
  cpi: CompileCpi,
  r: Resolved,
  /** Every address held (the plan's), so compilation VMs on a manual network take free ones. */
  reservations: readonly IpReservation[],
): Promise<StemcellPackageUse[]> {
  const { cloudConfig } = r;
  const comp = cloudConfig.compilation;
  const compiled: StemcellPackageUse[] = [];
  for (const stemcell of new Set(r.stemcells.values())) {
    const groups = r.manifest.instanceGroups.filter((g) => r.stemcells.get(g.stemcell) === stemcell);
    if (groups.length === 0) continue;
    const needed = new Map<string, Set<string>>();
    for (const g of groups)
      for (const j of g.jobs) {
        const names = needed.get(j.release) ?? new Set<string>();
        for (const name of releaseJob(r.releases, j).record.packageNames) names.add(name);
        needed.set(j.release, names);
      }
    const result = await compilePackages({
      releases: [...r.releases]
        .filter(([name]) => needed.has(name))
        .map(([name, version]) => ({ version, packages: [...(needed.get(name) ?? [])] })),
      stemcell,
      compilation: {
        workers: comp.workers,
        reuseCompilationVms: comp.reuseCompilationVms,
        cloudProperties: plain(
          cloudConfig.vmTypes.find((v) => v.name === comp.vmType)?.cloudProperties ?? comp.cloudProperties,
        ),
        network: compilationNetwork(cloudConfig, r.manifest.name, reservations, {
          claim: (network, address) =>
            deps.store.ips.claim({
              networkName: network,
              address,
              createdAt: ctx.now(),
              taskId: String(ctx.taskId),
            }),
          release: async (address) => {
            await deps.store.ips.release([address]);
          },
        }),
        env: plain(comp.env),
      },
      ctx,
      store: deps.store.releases,
      cpi,
      agents: (vm) =>
        agentFor(deps, ctx, { agentId: vm.agentId, cid: vm.cid, networkSpec: vm.networks } as never, vm.cid),
      newId: deps.newId,
      ...(deps.agentWaitTimeoutSeconds === undefined
        ? {}
        : { agentWaitTimeoutSeconds: deps.agentWaitTimeoutSeconds }),
    });
    compiled.push(...result.packages.map((p) => ({ ...p, stemcellId: stemcell.id })));
  }
  return compiled;
}
