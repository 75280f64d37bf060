/**
 * `PackageCompileStage#perform`: stage `Preparing package compilation` (task `Finding packages to compile`), then
 * stage `Compiling packages` (one task `<name>/<version>` per package to compile) running up to `workers`
 * compilations at a time, each package once its dependencies are compiled, under `lock:compile:<pkg_id>:<os/ver>`.
 */
import { createHash } from 'node:crypto';
import { BoshError } from '../../core/errors.js';
import {
  dependencySpec,
  findCompiledPackage,
  generateRequirements,
  packageDesc,
  readyToCompile,
  type Requirement,
} from './requirements.js';
import type { CompilePackagesInput, CompilePackagesResult } from './types.js';
import { CompilationVmPool } from './vm-pool.js';

/** `with_compile_lock`'s timeout: 15 minutes. */
const COMPILE_LOCK_TIMEOUT = 15 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function compilePackages(input: CompilePackagesInput): Promise<CompilePackagesResult> {
  const { ctx, stemcell, store } = input;
  const prepare = ctx.events.beginStage('Preparing package compilation', 1);
  const requirements = await prepare.advanceAndTrack('Finding packages to compile', () =>
    generateRequirements(input.releases, stemcell, store, (line) => {
      ctx.debug(line);
    }),
  );
  const ready = [...requirements.values()].filter(readyToCompile);
  let performed = 0;
  if (ready.length === 0) {
    ctx.debug('All packages are already compiled');
  } else {
    const pending = [...requirements.values()].filter((r) => r.compiled === undefined).length;
    const stage = ctx.events.beginStage('Compiling packages', pending);
    const pool = new CompilationVmPool(input);
    const compileOne = async (r: Requirement): Promise<void> => {
      await stage.advanceAndTrack(packageDesc(r.package), async () => {
        ctx.debug(`Compiling package '${packageDesc(r.package)}' for stemcell '${stemcellDesc(input)}'`);
        if (await compileRequirement(input, pool, r)) performed += 1;
        for (const dependent of r.dependents) if (readyToCompile(dependent)) ready.push(dependent);
      });
    };
    try {
      await runPool(ready, Math.max(1, input.compilation.workers), ctx.checkpoint.bind(ctx), compileOne);
    } finally {
      if (input.compilation.reuseCompilationVms) await pool.deleteAll();
    }
  }
  const packages = [...requirements.values()].map((r) => {
    if (r.compiled === undefined)
      throw new BoshError('DirectorError', `${packageDesc(r.package)} not compiled`);
    return { releaseName: r.releaseName, package: r.package, compiled: r.compiled };
  });
  return { packages, compilationsPerformed: performed };
}

const stemcellDesc = (input: CompilePackagesInput): string =>
  `${input.stemcell.name}/${input.stemcell.version}`;

/**
 * `ThreadPool(max_threads: workers)` over the ready queue: takes the last ready requirement while fewer than
 * `workers` run (a compilation adds its unblocked dependents to `ready`); after a failure starts nothing more,
 * waits for the running ones and rethrows the first error. The task checkpoint runs before each package.
 */
async function runPool(
  ready: Requirement[],
  workers: number,
  checkpoint: () => Promise<void>,
  work: (r: Requirement) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const start = (r: Requirement): void => {
    const p: Promise<void> = (async () => {
      await checkpoint();
      await work(r);
    })()
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(p));
    running.add(p);
  };
  for (;;) {
    while (failure === undefined && running.size < workers) {
      const next = ready.pop();
      if (next === undefined) break;
      start(next);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (failure !== undefined) throw failure.error;
}

/**
 * `PackageCompileStage#compile_package`: under the compile lock, looks again for a compiled package (another
 * deployment may just have compiled it), else compiles it on a compilation VM with the next build number and stores
 * it. True when it compiled.
 */
async function compileRequirement(
  input: CompilePackagesInput,
  pool: CompilationVmPool,
  r: Requirement,
): Promise<boolean> {
  const { ctx, stemcell, store } = input;
  const pkg = r.package;
  const os = `${stemcell.operatingSystem}/${stemcell.version}`;
  return ctx.withLock(`lock:compile:${String(pkg.id)}:${os}`, COMPILE_LOCK_TIMEOUT, async () => {
    const found = await findCompiledPackage(store, pkg, stemcell, r.dependencyKey);
    if (found !== undefined) {
      r.compiled = found;
      return false;
    }
    const builds = (await store.compiledPackages(pkg.id))
      .filter((c) => c.stemcellOs === stemcell.operatingSystem && c.stemcellVersion === stemcell.version)
      .map((c) => c.build);
    const build = Math.max(0, ...builds) + 1;
    const deps = dependencySpec(r);
    const value = await pool.withVm((agent) =>
      agent.compilePackage(
        pkg.blobstoreId ?? '',
        pkg.sha1 ?? '',
        pkg.name,
        `${pkg.version}.${String(build)}`,
        deps,
      ),
    );
    const result = (value as { result?: { blobstore_id?: unknown; sha1?: unknown } } | null)?.result;
    const blobstoreId = result?.blobstore_id;
    if (typeof blobstoreId !== 'string' || !UUID.test(blobstoreId)) {
      throw new BoshError(
        'PackageCompilationInvalidTaskBlobstoreId',
        'Compilation task result contained an invalid blobstore object id',
      );
    }
    r.compiled = await store.createCompiledPackage({
      packageId: pkg.id,
      stemcellOs: stemcell.operatingSystem,
      stemcellVersion: stemcell.version,
      build,
      dependencyKey: r.dependencyKey,
      dependencyKeySha1: createHash('sha1').update(r.dependencyKey).digest('hex'),
      blobstoreId,
      sha1: typeof result?.sha1 === 'string' ? result.sha1 : '',
    });
    return true;
  });
}
