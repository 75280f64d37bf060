import type { Kysely, Selectable } from 'kysely';
import type { LinkProviderRecord, LinkProviderRepo } from '../../ports/director-store.js';
import { fromDbBool, jsonText, jsonValue, toDbBool } from './rows.js';
import type { Database } from './schema.js';
import type { LinkProviderIntentsTable } from './schema-links.js';

const toRecord = (row: Selectable<LinkProviderIntentsTable>): LinkProviderRecord => ({
  group: row.instance_group,
  job: row.job,
  originalName: row.original_name,
  name: row.name,
  type: row.type,
  shared: fromDbBool(row.shared),
  consumable: fromDbBool(row.consumable),
  content: row.content === null ? null : jsonValue(row.content, 'link_provider_intents.content'),
});

export class KyselyLinkProviderRepo implements LinkProviderRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async replace(deploymentId: number, providers: readonly LinkProviderRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('link_provider_intents').where('deployment_id', '=', deploymentId).execute();
      if (providers.length === 0) return;
      await trx
        .insertInto('link_provider_intents')
        .values(
          providers.map((p) => ({
            deployment_id: deploymentId,
            instance_group: p.group,
            job: p.job,
            original_name: p.originalName,
            name: p.name,
            type: p.type,
            shared: toDbBool(p.shared),
            consumable: toDbBool(p.consumable),
            content: p.content === null || p.content === undefined ? null : jsonText(p.content),
          })),
        )
        .execute();
    });
  }

  async list(deployment: string): Promise<LinkProviderRecord[]> {
    const rows = await this.db
      .selectFrom('link_provider_intents')
      .innerJoin('deployments', 'deployments.id', 'link_provider_intents.deployment_id')
      .selectAll('link_provider_intents')
      .where('deployments.name', '=', deployment)
      .orderBy('link_provider_intents.id')
      .execute();
    return rows.map(toRecord);
  }
}
