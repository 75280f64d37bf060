import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { emitSpecLock, latestDevOrFinal } from '../../core/release/index.js';
import type { Ui } from '../ui/ui.js';
import { archiveIndices } from './archive-index.js';
import type { BuiltResource } from './build-resources.js';
import { IndexReporter } from './index-reporter.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import { readFinalConfig, releaseName } from './release-config.js';
import { releaseFromManifest } from './release-from-manifest.js';
import { ReleaseIndexStore } from './release-index-store.js';
import type { ReleaseTools } from './release-tools.js';

type Pkg = BuiltResource & { dependencies: readonly string[] };

/**
 * `vendor-package NAME SRC-DIR`: the package and its dependencies from the latest release of another release directory
 * become final builds here (optionally prefixed), and `packages/<name>/spec.lock` points at them.
 */
export async function vendorPackage(
  packageName: string,
  srcDir: string,
  dstDir: string,
  prefix: string,
  tools: ReleaseTools,
  ui: Ui,
): Promise<void> {
  const manifestPath = await latestManifestPath(srcDir, tools, ui);
  const source = await releaseFromManifest(manifestPath, srcDir, tools, ui);
  const packages = new Map(source.built.packages.map((p) => [p.name, p]));
  const pkg = packages.get(packageName);
  if (!pkg) throw new Error(`Expected to find package '${packageName}'`);
  const closure = new Map<string, Pkg>();
  const collect = (p: Pkg): void => {
    closure.set(p.name, p);
    for (const dep of p.dependencies) {
      const found = packages.get(dep);
      if (!found)
        throw new Error(`Expected to find package '${dep}' since it's a dependency of package '${p.name}'`);
      collect(found);
    }
  };
  collect(pkg);
  const named = (name: string): string => (prefix === '' ? name : `${prefix}-${name}`);
  const reporter = new IndexReporter(ui);
  const blobstore = await openReleaseBlobstore(dstDir, tools.blobstore);
  const final = archiveIndices(dstDir, true, reporter, tools.archiveCache({ blobstore, reporter }));
  for (const p of closure.values()) {
    try {
      if (!(await final.packages.find(named(p.name), p.fingerprint))) {
        await final.packages.add(named(p.name), p.fingerprint, { ...p.archive, move: false });
      }
    } catch (e) {
      throw wrapError(e, 'Finalizing vendored package');
    }
  }
  for (const p of closure.values()) {
    try {
      const dir = join(dstDir, 'packages', named(p.name));
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const lock = {
        name: named(p.name),
        fingerprint: p.fingerprint,
        dependencies: p.dependencies.map(named),
      };
      await writeFile(join(dir, 'spec.lock'), emitSpecLock(lock));
    } catch (e) {
      throw wrapError(e, 'Writing vendored package');
    }
  }
}

/** The manifest of the last dev or final release of a release directory (releasedir FindRelease). */
async function latestManifestPath(dir: string, tools: ReleaseTools, ui: Ui): Promise<string> {
  const reporter = new IndexReporter(ui);
  const { config, path } = await readFinalConfig(dir);
  const name = releaseName(undefined, config, path);
  const dev = new ReleaseIndexStore('dev', join(dir, 'dev_releases'), reporter, () => tools.newUuid());
  const final = new ReleaseIndexStore('final', join(dir, 'releases'), reporter, () => tools.newUuid());
  const latest = latestDevOrFinal(await dev.lastVersion(name), await final.lastVersion(name));
  if (!latest) throw new Error('Expected to find at least one dev or final version');
  return (latest.kind === 'final' ? final : dev).manifestPath(name, latest.version);
}
