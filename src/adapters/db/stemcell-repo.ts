import type { Kysely, Selectable } from 'kysely';
import type { StemcellRecord, StemcellRepo } from '../../ports/director-store.js';
import { isUniqueViolation } from './rows.js';
import type { Database, StemcellsTable } from './schema.js';
import { compareVersionText } from './version-order.js';

function toRecord(row: Selectable<StemcellsTable>): StemcellRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    operatingSystem: row.operating_system,
    cid: row.cid,
    sha1: row.sha1,
    cpi: row.cpi,
    apiVersion: row.api_version,
  };
}

export class KyselyStemcellRepo implements StemcellRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** By name, then version in BOSH's version order. */
  async list(): Promise<StemcellRecord[]> {
    const rows = await this.db.selectFrom('stemcells').selectAll().orderBy('name').orderBy('id').execute();
    return rows
      .map(toRecord)
      .sort((a, b) =>
        a.name === b.name ? compareVersionText(a.version, b.version) : a.name < b.name ? -1 : 1,
      );
  }

  async find(name: string, version: string, cpi: string): Promise<StemcellRecord | undefined> {
    const row = await this.db
      .selectFrom('stemcells')
      .selectAll()
      .where('name', '=', name)
      .where('version', '=', version)
      .where('cpi', '=', cpi)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Fails with `Stemcell '<name>/<version>' already exists` when (name, version, cpi) is taken. */
  async create(stemcell: Omit<StemcellRecord, 'id'>): Promise<StemcellRecord> {
    try {
      const row = await this.db
        .insertInto('stemcells')
        .values({
          name: stemcell.name,
          version: stemcell.version,
          operating_system: stemcell.operatingSystem,
          cid: stemcell.cid,
          sha1: stemcell.sha1,
          cpi: stemcell.cpi,
          api_version: stemcell.apiVersion,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new Error(`Stemcell '${stemcell.name}/${stemcell.version}' already exists`, { cause: e });
    }
  }

  async updateCid(id: number, cid: string): Promise<void> {
    await this.db.updateTable('stemcells').set({ cid }).where('id', '=', id).execute();
  }

  /** Also forgets which deployments used it (the caller refuses that unless forced). */
  async delete(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('deployments_stemcells').where('stemcell_id', '=', id).execute();
      await trx.deleteFrom('stemcells').where('id', '=', id).execute();
    });
  }

  async deploymentsUsing(id: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('deployments_stemcells')
      .innerJoin('deployments', 'deployments.id', 'deployments_stemcells.deployment_id')
      .select('deployments.name')
      .where('deployments_stemcells.stemcell_id', '=', id)
      .orderBy('deployments.name')
      .execute();
    return rows.map((r) => r.name);
  }
}
