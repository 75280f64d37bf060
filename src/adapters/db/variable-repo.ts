import type { Kysely } from 'kysely';
import type { VariableRecord, VariableRepo, VariableSetRecord } from '../../ports/director-store.js';
import { toVariable, toVariableSet } from './deploy-rows.js';
import { isUniqueViolation, toDbBool, wholeSeconds } from './rows.js';
import type { Database } from './schema.js';

export class KyselyVariableRepo implements VariableRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async createSet(set: {
    readonly deploymentId: number;
    readonly createdAt: number;
    readonly writable?: boolean;
  }): Promise<VariableSetRecord> {
    const row = await this.db
      .insertInto('variable_sets')
      .values({
        deployment_id: set.deploymentId,
        created_at: wholeSeconds(set.createdAt),
        writable: toDbBool(set.writable ?? false),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVariableSet(row);
  }

  async getSet(id: number): Promise<VariableSetRecord | undefined> {
    const row = await this.db.selectFrom('variable_sets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toVariableSet(row);
  }

  async sets(deploymentId: number): Promise<VariableSetRecord[]> {
    const rows = await this.db
      .selectFrom('variable_sets')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toVariableSet);
  }

  async updateSet(
    id: number,
    changes: Partial<Pick<VariableSetRecord, 'deployedSuccessfully' | 'writable'>>,
  ): Promise<void> {
    const set = {
      ...(changes.deployedSuccessfully === undefined
        ? {}
        : { deployed_successfully: toDbBool(changes.deployedSuccessfully) }),
      ...(changes.writable === undefined ? {} : { writable: toDbBool(changes.writable) }),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('variable_sets').set(set).where('id', '=', id).execute();
  }

  async add(v: Omit<VariableRecord, 'id'>): Promise<VariableRecord> {
    try {
      const row = await this.db
        .insertInto('variables')
        .values({
          variable_set_id: v.variableSetId,
          variable_name: v.variableName,
          variable_id: v.variableId,
          is_local: toDbBool(v.isLocal),
          provider_deployment: v.providerDeployment,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toVariable(row);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new Error(
        `Variable '${v.variableName}' is already in variable set ${String(v.variableSetId)}` +
          (v.providerDeployment === '' ? '' : ` from deployment '${v.providerDeployment}'`),
        { cause: e },
      );
    }
  }

  async list(variableSetId: number): Promise<VariableRecord[]> {
    const rows = await this.db
      .selectFrom('variables')
      .selectAll()
      .where('variable_set_id', '=', variableSetId)
      .orderBy('variable_name')
      .orderBy('provider_deployment')
      .execute();
    return rows.map(toVariable);
  }

  async pruneSets(deploymentId: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const sets = await trx
        .selectFrom('variable_sets')
        .select('id')
        .where('deployment_id', '=', deploymentId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('instances')
                .select('id')
                .whereRef('instances.variable_set_id', '=', 'variable_sets.id'),
            ),
          ),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const newest = await trx
        .selectFrom('variable_sets')
        .select('id')
        .where('deployment_id', '=', deploymentId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const ids = sets.map((s) => s.id).filter((id) => id !== newest?.id);
      if (ids.length === 0) return 0;
      await trx.deleteFrom('variables').where('variable_set_id', 'in', ids).execute();
      await trx.deleteFrom('variable_sets').where('id', 'in', ids).execute();
      return ids.length;
    });
  }
}
