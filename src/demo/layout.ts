import { join, resolve } from 'node:path';

/** The repository this runs from: compiled to dist/demo/, so two levels up. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

export const BINS = {
  bosh: join(ROOT, 'bin', 'bosh.cjs'),
  director: join(ROOT, 'bin', 'bosh-director.cjs'),
  localCpi: join(ROOT, 'bin', 'bosh-local-cpi.cjs'),
} as const;

export const EXAMPLES = {
  release: join(ROOT, 'examples', 'demo-release'),
  manifest: join(ROOT, 'examples', 'demo', 'manifest.yml'),
  cloudConfig: join(ROOT, 'examples', 'demo', 'cloud-config.yml'),
} as const;

/** The environment alias and the deployment the demo makes. */
export const ALIAS = 'demo';
export const DEPLOYMENT = 'demo';

/** Where the demo keeps what it makes, all under one data dir that `--down` removes. */
export class DemoLayout {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = resolve(dataDir);
  }
  /** Present in every data dir the demo made: `--down` removes nothing else, the demo adopts nothing else. */
  get marker(): string {
    return join(this.root, '.bosh-ts-demo');
  }
  /** The director's own data dir (`bosh-director --data-dir`): its config, database, blobstore and VMs. */
  get directorDir(): string {
    return join(this.root, 'director');
  }
  get directorConfig(): string {
    return join(this.directorDir, 'director.yml');
  }
  get creds(): string {
    return join(this.directorDir, 'creds.yml');
  }
  get cpiConfig(): string {
    return join(this.directorDir, 'cpi.json');
  }
  get cpiScript(): string {
    return join(this.directorDir, 'bosh-local-cpi');
  }
  get vmsDir(): string {
    return join(this.directorDir, 'cpi', 'vms');
  }
  get pidFile(): string {
    return join(this.root, 'director.pid');
  }
  get logFile(): string {
    return join(this.root, 'director.log');
  }
  get caFile(): string {
    return join(this.root, 'director-ca.pem');
  }
  get stemcell(): string {
    return join(this.root, 'stemcell.tgz');
  }
  /** A copy of examples/demo-release: its dev_releases and .dev_builds land here, not in the repository. */
  get releaseDir(): string {
    return join(this.root, 'release');
  }
  get releaseTarball(): string {
    return join(this.root, 'release.tgz');
  }
  /** Which source tree the tarball was built from, and the version it got. */
  get releaseState(): string {
    return join(this.root, 'release.json');
  }
}
