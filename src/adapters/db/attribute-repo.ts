import type { Kysely } from 'kysely';
import type { DirectorAttributeRepo } from '../../ports/director-store.js';
import type { Database } from './schema.js';

/** `director_attributes`: name → value (the director's uuid, ...). */
export class KyselyAttributeRepo implements DirectorAttributeRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('director_attributes')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value ?? undefined;
  }

  /** One upsert: a value already set (also by another director at the same time) is kept; a null one is set. */
  async setIfMissing(name: string, value: string): Promise<string> {
    await this.db
      .insertInto('director_attributes')
      .values({ name, value })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ value }).where('director_attributes.value', 'is', null),
      )
      .execute();
    const row = await this.db
      .selectFrom('director_attributes')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value ?? value;
  }
}
