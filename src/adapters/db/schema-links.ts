/** The table of migration 0005 (link providers), as kysely sees it; see schema.ts for the conventions. */
import type { Generated } from 'kysely';
import type { DbBool } from './schema.js';

/** BOSH's `link_providers` and `link_provider_intents` in one: a deploy replaces its deployment's rows at once. */
export interface LinkProviderIntentsTable {
  id: Generated<number>;
  deployment_id: number;
  instance_group: string;
  /** The providing job. */
  job: string;
  original_name: string;
  name: string;
  type: string;
  shared: DbBool;
  consumable: DbBool;
  /** JSON; null when nothing may consume it from another deployment. */
  content: string | null;
}

export interface LinkTables {
  link_provider_intents: LinkProviderIntentsTable;
}
