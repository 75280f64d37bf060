import { randomUUID } from 'node:crypto';
import { exists } from '../../adapters/fs/exists.js';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { BundleCollection, type Bundle } from '../applier/bundle-collection.js';
import { extractBundle } from '../applier/extract.js';
import { bundleVersion } from '../applier/spec-jobs.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import type { AgentBlobstore } from '../ports.js';
import { runLogged } from './file-logging-runner.js';
import { compressDir, isNonCompressedTarball } from './tarball.js';

const TAG = 'compiler';
export const PACKAGING_SCRIPT = 'packaging';

/** The package to compile: its source blob (a release's package tarball). */
export interface SourcePackage {
  readonly name: string;
  readonly version: string;
  readonly blobstoreId: string;
  /** Multiple-digest string the source must match. */
  readonly digest: string;
}

/** A compiled dependency, installed under `packages/<name>` while the package compiles. */
export interface CompiledDependency {
  readonly name: string;
  readonly version: string;
  readonly blobstoreId: string;
  readonly digest: string;
}

export interface CompilerDeps {
  readonly dirs: Dirs;
  readonly blobstore: AgentBlobstore;
  readonly logger: Logger;
  /** The environment `packaging` inherits (the agent's). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * bosh-agent's concrete compiler: with every other package removed, the dependencies are installed and enabled as
 * `packages/<dep>`, the source is unpacked into `data/compile/<name>`, `bash -x packaging` runs there with
 * BOSH_COMPILE_TARGET / BOSH_INSTALL_TARGET (`packages/<name>`, an empty bundle) / BOSH_PACKAGE_NAME /
 * BOSH_PACKAGE_VERSION, output logged to `sys/log/compilation/packaging.std{out,err}.log`; the install target is
 * tarred (gzipped unless the source was a plain tarball), uploaded under a new id, and everything removed again.
 */
export class Compiler {
  private readonly packages: BundleCollection;

  constructor(private readonly deps: CompilerDeps) {
    this.packages = new BundleCollection(deps.dirs.dataPackages, deps.dirs.packages, 0o755);
  }

  get compileDir(): string {
    return join(this.deps.dirs.data, 'compile');
  }

  async compile(
    pkg: SourcePackage,
    dependencies: readonly CompiledDependency[],
  ): Promise<{ readonly blobId: string; readonly sha1: string }> {
    await this.removeAllPackages().catch((e: unknown) => fail(e, 'Removing packages'));
    for (const dep of dependencies) {
      await this.installDependency(dep).catch((e: unknown) =>
        fail(e, `Installing dependent package: '${dep.name}'`),
      );
    }
    const compilePath = join(this.compileDir, pkg.name);
    const source = await this.fetchSource(pkg).catch((e: unknown) => fail(e, `Fetching package ${pkg.name}`));
    let plain: boolean;
    try {
      plain = await isNonCompressedTarball(source);
      await atomicDecompress(source, compilePath).catch((e: unknown) =>
        fail(e, `Uncompressing package ${pkg.name}`),
      );
    } finally {
      await this.cleanUp(source);
    }
    try {
      const bundle = this.compiledBundle(pkg);
      await mkdir(bundle.installPath, { recursive: true, mode: 0o755 }).catch((e: unknown) =>
        fail(wrapError(e, 'Creating parent installation directory'), 'Setting up new package bundle'),
      );
      await bundle.enable().catch((e: unknown) => fail(e, 'Enabling new package bundle'));

      if (await exists(join(compilePath, PACKAGING_SCRIPT))) {
        await this.runPackaging(compilePath, bundle.enablePath, pkg).catch((e: unknown) =>
          fail(e, 'Running packaging script'),
        );
      }

      const tarball = join(this.deps.dirs.tmp, `compiled-package-${randomUUID()}`);
      try {
        await mkdir(this.deps.dirs.tmp, { recursive: true, mode: 0o770 });
        await compressDir(bundle.installPath, tarball, !plain).catch((e: unknown) =>
          fail(e, 'Compressing compiled package'),
        );
        const uploaded = await this.deps.blobstore
          .create(tarball)
          .catch((e: unknown) => fail(e, 'Uploading compiled package'));
        await bundle.disable().catch((e: unknown) => fail(e, 'Disabling compiled package'));
        await bundle.uninstall().catch((e: unknown) => fail(e, 'Uninstalling compiled package'));
        await this.removeAllPackages().catch((e: unknown) => fail(e, 'Removing packages'));
        return uploaded;
      } finally {
        await rm(tarball, { force: true });
      }
    } finally {
      await rm(compilePath, { recursive: true, force: true });
    }
  }

  /** The bundle the package compiles into: version as given (a LocalPackage's bundle version). */
  private compiledBundle(pkg: SourcePackage): Bundle {
    try {
      return this.packages.get({ name: pkg.name, version: pkg.version });
    } catch (e) {
      throw wrapError(e, 'Getting bundle for new package');
    }
  }

  /** The compiled package applier's KeepOnly([]): disables and uninstalls every installed package. */
  private async removeAllPackages(): Promise<void> {
    for (const bundle of await this.packages.list()) {
      await bundle.disable().catch((e: unknown) => fail(e, 'Disabling package bundle'));
      await bundle.uninstall().catch((e: unknown) => fail(e, 'Uninstalling package bundle'));
    }
  }

  /** The compiled package applier's Apply: install (fetched, digest-checked) unless installed, then enable. */
  private async installDependency(dep: CompiledDependency): Promise<void> {
    const bundle = this.packages.get({ name: dep.name, version: bundleVersion(dep.version, dep.digest) });
    if (!(await bundle.isInstalled())) {
      const file = await this.deps.blobstore
        .get({ blobstoreId: dep.blobstoreId, digest: dep.digest })
        .catch((e: unknown) => fail(e, 'Fetching package blob'));
      try {
        await bundle.install(file).catch((e: unknown) => fail(e, 'Installing package directory'));
      } finally {
        await this.cleanUp(file);
      }
    }
    await bundle.enable().catch((e: unknown) => fail(e, 'Enabling package'));
  }

  private async fetchSource(pkg: SourcePackage): Promise<string> {
    if (pkg.blobstoreId === '') throw new Error(`No blobstore reference for package '${pkg.name}'`);
    try {
      return await this.deps.blobstore.get({ blobstoreId: pkg.blobstoreId, digest: pkg.digest });
    } catch (e) {
      throw wrapError(e, `Fetching package blob ${pkg.blobstoreId}`);
    }
  }

  private async runPackaging(compilePath: string, installTarget: string, pkg: SourcePackage): Promise<void> {
    this.deps.logger.info(TAG, `Running packaging script of ${pkg.name}`);
    try {
      await runLogged(
        this.deps.dirs.logs,
        'compilation',
        PACKAGING_SCRIPT,
        {
          name: 'bash',
          args: ['-x', PACKAGING_SCRIPT],
          env: {
            BOSH_COMPILE_TARGET: compilePath,
            BOSH_INSTALL_TARGET: installTarget,
            BOSH_PACKAGE_NAME: pkg.name,
            BOSH_PACKAGE_VERSION: pkg.version,
          },
          cwd: compilePath,
        },
        this.deps.baseEnv,
      );
    } catch (e) {
      throw wrapError(e, 'Running packaging script');
    }
  }

  private async cleanUp(file: string): Promise<void> {
    try {
      await this.deps.blobstore.cleanUp(file);
    } catch (e) {
      this.deps.logger.warn(TAG, `Failed to clean up blobstore blob: ${String(e)}`);
    }
  }
}

/** Unpacks into `<final>-bosh-agent-unpack`, then renames it onto the (emptied) final directory. */
async function atomicDecompress(archive: string, finalDir: string): Promise<void> {
  const tmp = `${finalDir}-bosh-agent-unpack`;
  await rm(finalDir, { recursive: true, force: true }).catch((e: unknown) =>
    fail(e, `Removing install path ${finalDir}`),
  );
  await mkdir(finalDir, { recursive: true, mode: 0o755 }).catch((e: unknown) =>
    fail(e, `Creating install path ${finalDir}`),
  );
  await rm(tmp, { recursive: true, force: true }).catch((e: unknown) =>
    fail(e, `Removing temporary compile directory ${tmp}`),
  );
  await mkdir(tmp, { recursive: true, mode: 0o755 }).catch((e: unknown) =>
    fail(e, `Creating temporary compile directory ${tmp}`),
  );
  await extractBundle(archive, tmp).catch((e: unknown) =>
    fail(e, `Decompressing files from ${archive} to ${tmp}`),
  );
  await rename(tmp, finalDir).catch((e: unknown) =>
    fail(e, `Moving temporary directory ${tmp} to final destination ${finalDir}`),
  );
}

function fail(e: unknown, context: string): never {
  throw wrapError(e, context);
}
