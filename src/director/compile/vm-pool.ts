/**
 * `CompilationInstancePool`: compilation VMs for one stemcell. A single-use VM is deleted once its package is
 * compiled (or failed); with `reuse_compilation_vms` an idle VM is handed to the next package and all of them are
 * deleted at the end (`delete_instances`), a VM whose compilation failed at once.
 */
import type { AgentClient } from '../../ports/agent-client.js';
import type { CompilePackagesInput, CompilationVm } from './types.js';

interface PooledVm {
  readonly vm: CompilationVm;
  readonly agent: AgentClient;
}

type PoolInput = Pick<
  CompilePackagesInput,
  'stemcell' | 'compilation' | 'ctx' | 'cpi' | 'agents' | 'newId' | 'agentWaitTimeoutSeconds'
>;

export class CompilationVmPool {
  private readonly idle: PooledVm[] = [];

  constructor(private readonly o: PoolInput) {}

  /** Runs `work` with the agent of a compilation VM (`with_reused_vm` / `with_single_use_vm`). */
  async withVm<T>(work: (agent: AgentClient, vm: CompilationVm) => Promise<T>): Promise<T> {
    const reuse = this.o.compilation.reuseCompilationVms;
    const pooled = (reuse ? this.idle.pop() : undefined) ?? (await this.create());
    if (reuse) this.o.ctx.debug(`Using compilation VM '${pooled.vm.cid}'`);
    let failed = true;
    try {
      const result = await work(pooled.agent, pooled.vm);
      failed = false;
      return result;
    } finally {
      if (reuse && !failed) this.idle.push(pooled);
      else await this.destroy(pooled.vm);
    }
  }

  /** Deletes the reused VMs left idle, `workers` at a time (call once no compilation runs any more). */
  async deleteAll(): Promise<void> {
    const left = this.idle.splice(0);
    const workers = Math.max(1, this.o.compilation.workers);
    const errors: unknown[] = [];
    for (let i = 0; i < left.length; i += workers) {
      const batch = left.slice(i, i + workers).map((p) => this.destroy(p.vm));
      for (const r of await Promise.allSettled(batch)) if (r.status === 'rejected') errors.push(r.reason);
    }
    if (errors.length > 0) throw errors[0];
  }

  /** `VmCreator`: create_vm, then wait for the agent; a VM whose agent never answers is deleted. */
  private async create(): Promise<PooledVm> {
    const { stemcell, compilation, cpi, ctx } = this.o;
    const agentId = this.o.newId();
    const { addresses } = compilation.network;
    const settings = addresses === undefined ? compilation.network.settings : await addresses.reserve();
    const networks = { [compilation.network.name]: settings };
    ctx.debug(`Creating new compilation VM for stemcell '${stemcell.name}/${stemcell.version}'`);
    let created: unknown;
    try {
      created = await cpi.call('create_vm', [
        agentId,
        stemcell.cid,
        compilation.cloudProperties,
        networks,
        [],
        compilation.env ?? {},
      ]);
    } catch (e) {
      await addresses?.release(settings);
      throw e;
    }
    const [cid, answered]: readonly unknown[] = Array.isArray(created) ? (created as unknown[]) : [created];
    const vm: CompilationVm = {
      agentId,
      cid: String(cid),
      requested: settings,
      networks:
        typeof answered === 'object' && answered !== null ? (answered as Record<string, unknown>) : networks,
    };
    try {
      const agent = this.o.agents(vm);
      await agent.waitUntilReady(this.o.agentWaitTimeoutSeconds ?? 600);
      return { vm, agent };
    } catch (e) {
      await this.destroy(vm).catch(() => undefined);
      throw e;
    }
  }

  private async destroy(vm: CompilationVm): Promise<void> {
    this.o.ctx.debug(`Deleting compilation VM '${vm.cid}'`);
    await this.o.cpi.call('delete_vm', [vm.cid]);
    if (vm.requested !== undefined) await this.o.compilation.network.addresses?.release(vm.requested);
  }
}
