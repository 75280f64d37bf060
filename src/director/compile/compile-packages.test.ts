import { describe, expect, it } from 'vitest';
import { BoshError } from '../../core/errors.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { compilePackages } from './compile-packages.js';
import { FakeCloud, FakeStore, input, pkg, release, uuid } from '../../testing/director-compile-fakes.js';

const lib = pkg(1, 'lib');
const app = pkg(2, 'app', ['lib']);

describe('compilePackages', () => {
  it('compiles a dependency before its dependent, with BOSH event stages, locks and build numbers', async () => {
    const cloud = new FakeCloud();
    const store = new FakeStore();
    const i = input(new RecordingTaskContext(), cloud, store, [app, lib]);
    const result = await compilePackages(i);

    expect(i.ctx.eventLines).toEqual([
      'Preparing package compilation (1/1) > Finding packages to compile: started',
      'Preparing package compilation (1/1) > Finding packages to compile: finished',
      'Compiling packages (1/2) > lib/fp-lib: started',
      'Compiling packages (1/2) > lib/fp-lib: finished',
      'Compiling packages (2/2) > app/fp-app: started',
      'Compiling packages (2/2) > app/fp-app: finished',
    ]);
    expect(i.ctx.locks).toEqual([
      { name: 'lock:compile:1:ubuntu-jammy/621.5', timeout: 900 },
      { name: 'lock:compile:2:ubuntu-jammy/621.5', timeout: 900 },
    ]);
    // A single-use VM per package: created on the compilation network, deleted after its compilation.
    expect(cloud.methods()).toEqual(['create_vm sc-1', 'delete_vm vm-1', 'create_vm sc-1', 'delete_vm vm-2']);
    expect(cloud.cpiCalls[0]?.[1]).toEqual([
      'agent-1',
      'sc-1',
      { cpu: 2 },
      { private: { type: 'dynamic', default: ['dns', 'gateway'] } },
      [],
      {},
    ]);
    expect(cloud.compiles.map((c) => c.args)).toEqual([
      ['src-lib', 'sha-lib', 'lib', 'fp-lib.1', {}],
      [
        'src-app',
        'sha-app',
        'app',
        'fp-app.1',
        { lib: { name: 'lib', version: 'fp-lib.1', sha1: 'csha-lib', blobstore_id: uuid('lib') } },
      ],
    ]);
    expect(
      store.rows.map((r) => [r.packageId, r.stemcellOs, r.stemcellVersion, r.build, r.dependencyKey]),
    ).toEqual([
      [1, 'ubuntu-jammy', '621.5', 1, '[]'],
      [2, 'ubuntu-jammy', '621.5', 1, '[["lib","fp-lib"]]'],
    ]);
    expect(result.compilationsPerformed).toBe(2);
    expect(result.packages.map((p) => [p.package.name, p.compiled.blobstoreId])).toEqual([
      ['lib', uuid('lib')],
      ['app', uuid('app')],
    ]);
  });

  it('reuses compiled packages with the same dependency key and stemcell, numbering new builds after old ones', async () => {
    const cloud = new FakeCloud();
    const store = new FakeStore();
    const base = { stemcellOs: 'ubuntu-jammy', dependencyKeySha1: 'x', sha1: 'old' } as const;
    await store.createCompiledPackage({
      ...base,
      packageId: 1,
      stemcellVersion: '621.5',
      build: 3,
      dependencyKey: '[]',
      blobstoreId: 'lib-b3',
    });
    // app: compiled against another lib version (other key) → recompiled as build 2.
    await store.createCompiledPackage({
      ...base,
      packageId: 2,
      stemcellVersion: '621.5',
      build: 1,
      dependencyKey: '[["lib","old"]]',
      blobstoreId: 'a',
    });
    const i = input(new RecordingTaskContext(), cloud, store, [app, lib]);
    const result = await compilePackages(i);

    expect(i.ctx.eventLines.slice(2)).toEqual([
      'Compiling packages (1/1) > app/fp-app: started',
      'Compiling packages (1/1) > app/fp-app: finished',
    ]);
    expect(cloud.compiles[0]?.args[3]).toBe('fp-app.2');
    expect(cloud.compiles[0]?.args[4]).toEqual({
      lib: { name: 'lib', version: 'fp-lib.3', sha1: 'old', blobstore_id: 'lib-b3' },
    });
    expect(result.compilationsPerformed).toBe(1);

    // Everything compiled now: no compilation stage, no VM.
    const again = input(new RecordingTaskContext(), cloud, store, [app, lib]);
    const calls = cloud.cpiCalls.length;
    expect((await compilePackages(again)).compilationsPerformed).toBe(0);
    expect(again.ctx.eventLines).toHaveLength(2);
    expect(cloud.cpiCalls).toHaveLength(calls);
  });

  it('compiles only the requested packages and their transitive dependencies', async () => {
    const cloud = new FakeCloud();
    const packages = [pkg(1, 'a'), pkg(2, 'b', ['a']), pkg(3, 'c', ['b']), pkg(4, 'unused')];
    const i = input(new RecordingTaskContext(), cloud, new FakeStore(), packages);
    await compilePackages({ ...i, releases: [{ version: release(packages), packages: ['c'] }] });
    expect(cloud.compiles.map((c) => c.args[2])).toEqual(['a', 'b', 'c']);
  });

  it('runs at most `workers` compilations at a time', async () => {
    const cloud = new FakeCloud();
    cloud.compile = async (name) => {
      await new Promise((r) => setTimeout(r, 5));
      return { result: { blobstore_id: uuid(name), sha1: 'x' } };
    };
    const packages = [1, 2, 3, 4, 5].map((n) => pkg(n, `p${String(n)}`));
    const i = input(
      new RecordingTaskContext(),
      cloud,
      new FakeStore(),
      [
        ...packages,
        pkg(
          6,
          'top',
          packages.map((p) => p.name),
        ),
      ],
      { workers: 2 },
    );
    await compilePackages(i);
    expect(cloud.maxRunning).toBe(2);
    expect(cloud.compiles.map((c) => c.args[2]).at(-1)).toBe('top');
    expect(cloud.alive.size).toBe(0);
  });

  it('reuses compilation VMs and deletes them at the end', async () => {
    const cloud = new FakeCloud();
    const i = input(
      new RecordingTaskContext(),
      cloud,
      new FakeStore(),
      [pkg(1, 'a'), pkg(2, 'b', ['a']), pkg(3, 'c', ['b'])],
      {
        reuseCompilationVms: true,
      },
    );
    await compilePackages(i);
    expect(cloud.methods()).toEqual(['create_vm sc-1', 'delete_vm vm-1']);
    expect(cloud.compiles.map((c) => c.vm)).toEqual(['vm-1', 'vm-1', 'vm-1']);
  });

  it("fails the package's task with the agent's error, compiles nothing after it and deletes the VMs", async () => {
    for (const reuseCompilationVms of [false, true]) {
      const cloud = new FakeCloud();
      const message =
        'Action Failed get_task: Task 1f2 result: Compiling package lib: Running packaging script: Command exited with 1; Stdout: , Stderr: boom';
      cloud.compile = () => Promise.reject(new BoshError('RpcRemoteException', message));
      const store = new FakeStore();
      const i = input(new RecordingTaskContext(), cloud, store, [app, lib], { reuseCompilationVms });
      await expect(compilePackages(i)).rejects.toThrow(message);
      expect(i.ctx.eventLines.slice(2)).toEqual([
        'Compiling packages (1/2) > lib/fp-lib: started',
        `Compiling packages (1/2) > lib/fp-lib: failed (${message})`,
      ]);
      expect(cloud.methods()).toEqual(['create_vm sc-1', 'delete_vm vm-1']);
      expect(store.rows).toEqual([]);
    }
  });

  it('deletes a VM whose agent never becomes ready', async () => {
    const cloud = new FakeCloud();
    cloud.ready = () =>
      Promise.reject(
        new BoshError('RpcTimeout', "Timed out pinging VM 'vm-1' with agent 'agent-1' after 600 seconds"),
      );
    const i = input(new RecordingTaskContext(), cloud, new FakeStore(), [lib]);
    await expect(compilePackages(i)).rejects.toThrow("Timed out pinging VM 'vm-1'");
    expect(cloud.methods()).toEqual(['create_vm sc-1', 'delete_vm vm-1']);
  });

  it('stops between packages when the task is cancelled', async () => {
    const cloud = new FakeCloud();
    const i = input(new RecordingTaskContext(), cloud, new FakeStore(), [app, lib], {
      reuseCompilationVms: true,
    });
    cloud.compile = (name) => {
      i.ctx.cancelled = true;
      return Promise.resolve({ result: { blobstore_id: uuid(name), sha1: 'x' } });
    };
    await expect(compilePackages(i)).rejects.toThrow('Task 1 cancelled');
    expect(cloud.compiles.map((c) => c.args[2])).toEqual(['lib']);
    expect(cloud.alive.size).toBe(0);
  });

  it('refuses a compiled package whose blobstore id is not a UUID', async () => {
    const cloud = new FakeCloud();
    cloud.compile = () => Promise.resolve({ result: { blobstore_id: '../etc', sha1: 'x' } });
    const failure = compilePackages(input(new RecordingTaskContext(), cloud, new FakeStore(), [lib]));
    await expect(failure).rejects.toMatchObject({
      kind: 'PackageCompilationInvalidTaskBlobstoreId',
      message: 'Compilation task result contained an invalid blobstore object id',
    });
    expect(cloud.alive.size).toBe(0);
  });
});
