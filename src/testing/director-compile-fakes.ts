/** Fakes of the compilation stage's ports for its unit tests: an in-memory store, a CPI and agents. */
import type { AgentClient } from '../ports/agent-client.js';
import type {
  CompiledPackageRecord,
  PackageRecord,
  ReleaseVersionRecord,
} from '../ports/director-release-store.js';
import type { TaskContext } from '../director/tasks/task-context.js';
import type { CompilePackagesInput, CompilationVm } from '../director/compile/types.js';

export const pkg = (id: number, name: string, dependencies: string[] = []): PackageRecord => ({
  id,
  name,
  version: `fp-${name}`,
  blobstoreId: `src-${name}`,
  sha1: `sha-${name}`,
  fingerprint: `fp-${name}`,
  dependencies,
});

export const release = (packages: PackageRecord[]): ReleaseVersionRecord => ({
  id: 1,
  releaseName: 'rel',
  version: '1',
  commitHash: 'abc',
  uncommittedChanges: false,
  updateCompleted: true,
  packages,
  jobs: [],
});

export class FakeStore {
  readonly rows: CompiledPackageRecord[] = [];
  compiledPackages(packageId: number): Promise<CompiledPackageRecord[]> {
    return Promise.resolve(this.rows.filter((r) => r.packageId === packageId));
  }
  createCompiledPackage(c: Omit<CompiledPackageRecord, 'id'>): Promise<CompiledPackageRecord> {
    const row = { ...c, id: this.rows.length + 1 };
    this.rows.push(row);
    return Promise.resolve(row);
  }
}

export interface CompileCall {
  readonly vm: string;
  readonly args: readonly unknown[];
}

/** A CPI handing out `vm-<n>` and agents whose compile_package answers a UUID blob (or what `compile` says). */
export class FakeCloud {
  readonly cpiCalls: Array<[string, readonly unknown[]]> = [];
  readonly compiles: CompileCall[] = [];
  readonly alive = new Set<string>();
  private n = 0;
  running = 0;
  maxRunning = 0;
  compile: (name: string) => Promise<unknown> = (name) =>
    Promise.resolve({ result: { blobstore_id: uuid(name), sha1: `csha-${name}` } });
  ready: () => Promise<void> = () => Promise.resolve();

  readonly cpi = {
    call: (method: string, args: readonly unknown[]): Promise<unknown> => {
      this.cpiCalls.push([method, args]);
      if (method === 'create_vm') {
        const cid = `vm-${String(++this.n)}`;
        this.alive.add(cid);
        return Promise.resolve([cid, args[3]]);
      }
      if (method === 'delete_vm') this.alive.delete(String(args[0]));
      return Promise.resolve(null);
    },
  };

  readonly agents = (vm: CompilationVm): AgentClient => {
    const agent: Partial<AgentClient> = {
      agentId: vm.agentId,
      waitUntilReady: () => this.ready(),
      compilePackage: async (...args: unknown[]) => {
        this.compiles.push({ vm: vm.cid, args });
        this.running += 1;
        this.maxRunning = Math.max(this.maxRunning, this.running);
        try {
          return await this.compile(String(args[2]));
        } finally {
          this.running -= 1;
        }
      },
    };
    return agent as AgentClient;
  };

  methods(): string[] {
    return this.cpiCalls.map(([m, a]) => `${m} ${m === 'create_vm' ? String(a[1]) : String(a[0])}`);
  }
}

/** A deterministic UUID per name. */
export function uuid(name: string): string {
  const hex = Buffer.from(name).toString('hex').padEnd(12, '0').slice(0, 12);
  return `00000000-0000-4000-8000-${hex}`;
}

/** The stage's input over the fakes; `ctx` is the test's recording task context. */
export function input<C extends TaskContext>(
  ctx: C,
  cloud: FakeCloud,
  store: FakeStore,
  packages: PackageRecord[],
  overrides: Partial<CompilePackagesInput['compilation']> = {},
): CompilePackagesInput & { ctx: C } {
  let ids = 0;
  return {
    releases: [{ version: release(packages) }],
    stemcell: { name: 'bosh-stemcell', version: '621.5', operatingSystem: 'ubuntu-jammy', cid: 'sc-1' },
    compilation: {
      workers: 1,
      reuseCompilationVms: false,
      cloudProperties: { cpu: 2 },
      network: { name: 'private', settings: { type: 'dynamic', default: ['dns', 'gateway'] } },
      ...overrides,
    },
    ctx,
    store,
    cpi: cloud.cpi,
    agents: cloud.agents,
    newId: () => `agent-${String(++ids)}`,
  };
}
