/** `PackageCompileStage` for a deploy: every stemcell's packages compiled (or found compiled) for the releases. */
import { compilePackages } from '../compile/compile-packages.js';
import type { CompileCpi, CompiledPackageUse } from '../compile/types.js';
import { networkSettings, plain } from '../deploy/apply-spec.js';
import { agentFor } from '../deploy/instance-vm.js';
import type { Resolved } from '../deploy/prepare.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext } from '../tasks/task-context.js';

export async function compileForDeploy(
  deps: DeployDeps,
  ctx: TaskContext,
  cpi: CompileCpi,
  r: Resolved,
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
