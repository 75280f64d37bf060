import type { Kysely } from 'kysely';
import type { ErrandRunRepo } from '../../ports/director-errand-store.js';
import type { Database } from './schema.js';

/** `errand_runs`, one row per deployment and errand (`ErrandRun.find_or_create`). */
export class KyselyErrandRunRepo implements ErrandRunRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async successfulStateHash(deploymentId: number, errandName: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('errand_runs')
      .select('successful_state_hash')
      .where('deployment_id', '=', deploymentId)
      .where('errand_name', '=', errandName)
      .executeTakeFirst();
    return row?.successful_state_hash;
  }

  async setSuccessfulStateHash(deploymentId: number, errandName: string, hash: string): Promise<void> {
    await this.db
      .insertInto('errand_runs')
      .values({ deployment_id: deploymentId, errand_name: errandName, successful_state_hash: hash })
      .onConflict((oc) =>
        oc.columns(['deployment_id', 'errand_name']).doUpdateSet({ successful_state_hash: hash }),
      )
      .execute();
  }
}
