import { sql } from 'kysely';
import type { DirectorStore } from '../../ports/director-store.js';
import { KyselyAttributeRepo } from './attribute-repo.js';
import { KyselyConfigRepo } from './config-repo.js';
import { KyselyConfigServerValueRepo } from './config-server-value-repo.js';
import { connectDirectorDb, type DirectorDb, type DirectorDbConfig } from './connect.js';
import { KyselyDeploymentRepo } from './deployment-repo.js';
import { KyselyDiskRepo } from './disk-repo.js';
import { KyselyErrandRunRepo } from './errand-run-repo.js';
import { KyselyEventRepo } from './event-repo.js';
import { KyselyInstanceRepo } from './instance-repo.js';
import { KyselyIpRepo } from './ip-repo.js';
import { KyselyLinkProviderRepo } from './link-provider-repo.js';
import { KyselyLockRepo } from './lock-repo.js';
import { migrateToLatest } from './migrations/index.js';
import { KyselyReleaseRepo } from './release-repo.js';
import { KyselyStemcellRepo } from './stemcell-repo.js';
import { KyselyTaskRepo } from './task-repo.js';
import { KyselyVariableRepo } from './variable-repo.js';
import { KyselyVmRepo } from './vm-repo.js';

/** The repositories over an open database (already migrated). `close` destroys the connection or pool. */
export function directorStoreOver({ db, dialect }: DirectorDb): DirectorStore {
  return {
    tasks: new KyselyTaskRepo(db, dialect),
    locks: new KyselyLockRepo(db),
    events: new KyselyEventRepo(db),
    configs: new KyselyConfigRepo(db),
    releases: new KyselyReleaseRepo(db),
    stemcells: new KyselyStemcellRepo(db),
    deployments: new KyselyDeploymentRepo(db, dialect),
    attributes: new KyselyAttributeRepo(db),
    instances: new KyselyInstanceRepo(db),
    vms: new KyselyVmRepo(db),
    disks: new KyselyDiskRepo(db),
    ips: new KyselyIpRepo(db),
    variables: new KyselyVariableRepo(db),
    configServerValues: new KyselyConfigServerValueRepo(db),
    linkProviders: new KyselyLinkProviderRepo(db),
    errandRuns: new KyselyErrandRunRepo(db),
    close: () => db.destroy(),
  };
}

/** Connects (`{adapter: 'sqlite', path}` or `{adapter: 'postgres', ...}`), migrates to the latest schema. */
export async function openDirectorStore(config: DirectorDbConfig): Promise<DirectorStore> {
  const handle = connectDirectorDb(config);
  try {
    // Connection problems (no file, no server, wrong password) surface as themselves, not as a failed migration.
    await sql`select 1`.execute(handle.db);
    await migrateToLatest(handle.db, handle.dialect);
  } catch (e) {
    await handle.db.destroy();
    throw e;
  }
  return directorStoreOver(handle);
}
