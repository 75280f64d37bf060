/** `PackageCompileStage` for a deploy: every stemcell's packages compiled (or found compiled) for the releases. */
import { compilePackages } from '../compile/compile-packages.js';
import type { CompileCpi, CompiledPackageUse } from '../compile/types.js';
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
  reservations: readonly IpReservation[] = [],
): Promise<CompiledPackageUse[]> {
  const { cloudConfig } = r;
  const comp = cloudConfig.compilation;
  const compiled: CompiledPackageUse[] = [];
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
          cloudConfig.vmTypes.find((v) => v.name === comp.vmType)?.cloudProperties ?? comp.cloudProperties,
        ),
        network: compilationNetwork(cloudConfig, r.manifest.name, reservations),
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
    compiled.push(...result.packages);
  }
  return compiled;
}
