import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClientFactory } from '../../src/adapters/agent-client/factory.js';
import { openDirectorStore } from '../../src/adapters/db/director-store.js';
import { ExternalCpi } from '../../src/adapters/external-cpi.js';
import { compilePackages } from '../../src/director/compile/compile-packages.js';
import type { CompilePackagesInput } from '../../src/director/compile/types.js';
import type { DirectorStore, ReleaseVersionRecord } from '../../src/ports/director-store.js';
import { RecordingTaskContext } from '../../src/testing/recording-task-context.js';
import { putBlob, sha1 } from '../agent/fixtures.js';
import { LocalCloud } from '../vm/support.js';

// The compilation stage on real local-CPI VMs with real agents: the director's ExternalCpi creates the compilation
// VMs, its agent client drives compile_package over the HTTPS mbus, the agents fetch sources and compiled
// dependencies from the local blobstore and upload the results there, and the director DB keeps the builds.
const CPI_BIN = resolve(import.meta.dirname, '../../bin/bosh-local-cpi.cjs');

let cloud: LocalCloud;
let store: DirectorStore;
beforeAll(async () => {
  cloud = await LocalCloud.create();
  store = await openDirectorStore({ adapter: 'sqlite', path: join(cloud.dir, 'director.db') });
});
afterAll(async () => {
  await store.close();
  await cloud.destroy();
}, 60_000);

async function uploadRelease(version: string, packages: Record<string, [string[], string]>) {
  const records = [];
  for (const [name, [dependencies, packaging]] of Object.entries(packages)) {
    const blobstoreId = randomUUID();
    const digest = await putBlob(cloud.dir, cloud.blobstore, blobstoreId, { packaging });
    const fingerprint = `fp-${name}-${version}`;
    records.push({ name, version: fingerprint, blobstoreId, sha1: digest, fingerprint, dependencies });
  }
  return store.releases.createVersion({
    name: 'greeter',
    version,
    commitHash: 'abc',
    uncommittedChanges: false,
    packages: records,
    jobs: [],
    compiledPackages: [],
  });
}

async function compile(version: ReleaseVersionRecord, ctx: RecordingTaskContext) {
  const cpi = new ExternalCpi({
    executable: CPI_BIN,
    configPath: cloud.configPath,
    directorUuid: 'it',
    newRequestId: randomUUID,
  });
  const agents = agentClientFactory({ httpsTrust: { insecureSkipVerify: true } });
  const input: CompilePackagesInput = {
    releases: [{ version }],
    stemcell: { name: 'local', version: '1', operatingSystem: 'local-os', cid: await cloud.stemcell() },
    compilation: {
      workers: 2,
      reuseCompilationVms: false,
      cloudProperties: {},
      network: {
        name: 'default',
        settings: { type: 'dynamic', default: ['dns', 'gateway'], cloud_properties: {} },
      },
    },
    ctx,
    store: store.releases,
    cpi,
    agents: (vm) => {
      const ip = (vm.networks['default'] as { ip: string }).ip;
      return agents({
        agentId: vm.agentId,
        mbusUrl: `https://mbus:${cloud.password}@${ip}:6868`,
        vmCid: vm.cid,
        pollIntervalMs: 200,
        checkpoint: () => ctx.checkpoint(),
      });
    },
    newId: randomUUID,
    agentWaitTimeoutSeconds: 60,
  };
  return compilePackages(input);
}

const vmsLeft = async (): Promise<string[]> => readdir(join(cloud.dataDir, 'vms')).catch(() => []);

describe('compilePackages on local-CPI VMs', { timeout: 240_000 }, () => {
  it('compiles a package against its compiled dependency, stores both builds and deletes the VMs', async () => {
    const version = await uploadRelease('1', {
      app: [['lib'], 'set -e\ncat /var/vcap/packages/lib/greeting > "$BOSH_INSTALL_TARGET/greeting"\n'],
      lib: [[], 'set -e\necho "hello from lib" > "$BOSH_INSTALL_TARGET/greeting"\n'],
    });
    const ctx = new RecordingTaskContext();
    const result = await compile(version, ctx);

    expect(ctx.eventLines).toEqual([
      'Preparing package compilation (1/1) > Finding packages to compile: started',
      'Preparing package compilation (1/1) > Finding packages to compile: finished',
      'Compiling packages (1/2) > lib/fp-lib-1: started',
      'Compiling packages (1/2) > lib/fp-lib-1: finished',
      'Compiling packages (2/2) > app/fp-app-1: started',
      'Compiling packages (2/2) > app/fp-app-1: finished',
    ]);
    expect(result.compilationsPerformed).toBe(2);
    const app = result.packages.find((p) => p.package.name === 'app');
    expect(app?.compiled).toMatchObject({
      build: 1,
      stemcellOs: 'local-os',
      dependencyKey: '[["lib","fp-lib-1"]]',
    });
    const blob = join(cloud.blobstore, app?.compiled.blobstoreId ?? '');
    expect(app?.compiled.sha1).toBe(sha1(await readFile(blob)));
    const out = join(cloud.dir, 'compiled-app');
    await mkdir(out);
    await extract({ file: blob, cwd: out });
    expect(await readFile(join(out, 'greeting'), 'utf8')).toBe('hello from lib\n');
    expect(await store.releases.compiledPackages(app?.package.id ?? 0)).toHaveLength(1);
    expect(await vmsLeft()).toEqual([]);

    // Compiled already: nothing to compile, no VM.
    const again = new RecordingTaskContext();
    expect((await compile(version, again)).compilationsPerformed).toBe(0);
    expect(again.eventLines).toHaveLength(2);
  });

  it("fails with the agent's error when a packaging script fails, and deletes the VM", async () => {
    const version = await uploadRelease('2', { broken: [[], 'echo "no compiler here" >&2\nexit 3\n'] });
    const ctx = new RecordingTaskContext();
    const failure = await compile(version, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(ctx.recorded.at(-1)).toMatchObject({
      task: 'broken/fp-broken-2',
      state: 'failed',
      error: message,
    });
    // bosh-agent's words, passed through as BOSH shows them.
    expect(message).toMatch(
      /^Action Failed get_task: Task [0-9a-f-]{36} result: Compiling package broken: Running packaging script: Running packaging script: Command exited with 3; Stdout: , Stderr: no compiler here\n/,
    );
    expect(await vmsLeft()).toEqual([]);
  });
});
