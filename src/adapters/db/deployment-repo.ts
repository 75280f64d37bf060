import type { Kysely } from 'kysely';
import type {
  DeploymentRecord,
  DeploymentRepo,
  DeploymentState,
  DeploymentUpdate,
} from '../../ports/director-store.js';
import type { DbDialect } from './connect.js';
import { readDeploymentState } from './deployment-state.js';
import { deleteDeployment, findOrCreateDeployment, updateDeployment } from './deployment-write.js';
import type { Database } from './schema.js';
import { compareVersionText } from './version-order.js';

interface NameVersion {
  readonly name: string;
  readonly version: string;
}

type DeploymentListing = DeploymentRecord & {
  readonly releases: readonly NameVersion[];
  readonly stemcells: readonly NameVersion[];
};

const byNameVersion = (a: NameVersion, b: NameVersion): number =>
  a.name === b.name ? compareVersionText(a.version, b.version) : a.name < b.name ? -1 : 1;

function group(
  rows: ReadonlyArray<NameVersion & { readonly deploymentId: number }>,
): Map<number, NameVersion[]> {
  const map = new Map<number, NameVersion[]>();
  for (const { deploymentId, name, version } of rows) {
    const list = map.get(deploymentId) ?? [];
    list.push({ name, version });
    map.set(deploymentId, list);
  }
  for (const list of map.values()) list.sort(byNameVersion);
  return map;
}

export class KyselyDeploymentRepo implements DeploymentRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DbDialect,
  ) {}

  /** By name, each with its releases and stemcells by name then version. */
  async list(): Promise<DeploymentListing[]> {
    const deployments = await this.db
      .selectFrom('deployments')
      .select(['id', 'name', 'manifest_text'])
      .orderBy('name')
      .execute();
    const releases = await this.db
      .selectFrom('deployments_release_versions as drv')
      .innerJoin('release_versions as rv', 'rv.id', 'drv.release_version_id')
      .innerJoin('releases as r', 'r.id', 'rv.release_id')
      .select(['drv.deployment_id as deploymentId', 'r.name as name', 'rv.version as version'])
      .execute();
    const stemcells = await this.db
      .selectFrom('deployments_stemcells as ds')
      .innerJoin('stemcells as s', 's.id', 'ds.stemcell_id')
      .select(['ds.deployment_id as deploymentId', 's.name as name', 's.version as version'])
      .execute();
    const releasesOf = group(releases);
    const stemcellsOf = group(stemcells);
    return deployments.map((d) => ({
      id: d.id,
      name: d.name,
      manifestText: d.manifest_text,
      releases: releasesOf.get(d.id) ?? [],
      stemcells: stemcellsOf.get(d.id) ?? [],
    }));
  }

  async get(name: string): Promise<DeploymentRecord | undefined> {
    const row = await this.db
      .selectFrom('deployments')
      .select(['id', 'name', 'manifest_text'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, manifestText: row.manifest_text };
  }

  findOrCreate(name: string): Promise<DeploymentRecord> {
    return findOrCreateDeployment(this.db, name);
  }

  update(id: number, update: DeploymentUpdate): Promise<void> {
    return updateDeployment(this.db, id, update);
  }

  delete(name: string): Promise<boolean> {
    return deleteDeployment(this.db, name);
  }

  async detachStemcells(id: number): Promise<void> {
    await this.db.deleteFrom('deployments_stemcells').where('deployment_id', '=', id).execute();
  }

  async detachReleaseVersions(id: number): Promise<void> {
    await this.db.deleteFrom('deployments_release_versions').where('deployment_id', '=', id).execute();
  }

  state(name: string): Promise<DeploymentState | undefined> {
    return readDeploymentState(this.db, this.dialect, name);
  }
}
