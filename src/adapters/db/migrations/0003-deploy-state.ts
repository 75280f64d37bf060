import { sql, type Kysely, type Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { index, tableWithId } from './table.js';

/**
 * What a deploy records: deployment bookkeeping (links serial, configs used), variable sets and variables,
 * instances with their VMs, persistent disks, IP reservations and rendered templates; orphaned disks and VMs
 * (kept by name, not by foreign key, so they outlive their deployment).
 */
export function deployState(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('deployments')
        .addColumn('links_serial_id', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('deployments')
        .addColumn('has_stale_errand_links', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema
        .createTable('deployments_configs')
        .addColumn('deployment_id', 'bigint', (c) => c.notNull().references('deployments.id'))
        .addColumn('config_id', 'bigint', (c) => c.notNull().references('configs.id'))
        .addPrimaryKeyConstraint('deployments_configs_pkey', ['deployment_id', 'config_id'])
        .execute();
      await index(db, 'deployments_configs', ['config_id']);

      await tableWithId(db, dialect, 'variable_sets')
        .addColumn('deployment_id', 'bigint', (c) => c.notNull().references('deployments.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deployed_successfully', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('writable', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await index(db, 'variable_sets', ['deployment_id', 'created_at']);

      await tableWithId(db, dialect, 'variables')
        .addColumn('variable_set_id', 'bigint', (c) => c.notNull().references('variable_sets.id'))
        .addColumn('variable_name', 'text', (c) => c.notNull())
        .addColumn('variable_id', 'text', (c) => c.notNull())
        .addColumn('is_local', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('provider_deployment', 'text', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('variables_set_name_provider_unique', [
          'variable_set_id',
          'variable_name',
          'provider_deployment',
        ])
        .execute();

      await tableWithId(db, dialect, 'instances')
        .addColumn('deployment_id', 'bigint', (c) => c.notNull().references('deployments.id'))
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('index', 'integer', (c) => c.notNull())
        .addColumn('uuid', 'text', (c) => c.notNull().unique())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('availability_zone', 'text')
        .addColumn('cloud_properties', 'text')
        .addColumn('compilation', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('bootstrap', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('spec_json', 'text')
        .addColumn('update_completed', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('ignore', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('variable_set_id', 'bigint', (c) => c.notNull().references('variable_sets.id'))
        .addCheckConstraint('instances_state_check', sql`state in ('started', 'stopped', 'detached')`)
        .execute();
      await index(db, 'instances', ['deployment_id', 'job']);

      await tableWithId(db, dialect, 'vms')
        .addColumn('instance_id', 'bigint', (c) => c.notNull().references('instances.id'))
        .addColumn('agent_id', 'text', (c) => c.unique())
        .addColumn('cid', 'text', (c) => c.unique())
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('cpi', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint')
        .addColumn('network_spec_json', 'text')
        .addColumn('stemcell_name', 'text')
        .addColumn('stemcell_version', 'text')
        .addColumn('stemcell_api_version', 'integer')
        .addColumn('env_json', 'text')
        .addColumn('cloud_properties_json', 'text')
        .execute();
      await index(db, 'vms', ['instance_id']);

      await tableWithId(db, dialect, 'persistent_disks')
        .addColumn('instance_id', 'bigint', (c) => c.notNull().references('instances.id'))
        .addColumn('disk_cid', 'text', (c) => c.notNull().unique())
        .addColumn('size', 'integer')
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('cloud_properties_json', 'text')
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('cpi', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await index(db, 'persistent_disks', ['instance_id']);

      await tableWithId(db, dialect, 'orphan_disks')
        .addColumn('disk_cid', 'text', (c) => c.notNull().unique())
        .addColumn('size', 'integer')
        .addColumn('availability_zone', 'text')
        .addColumn('deployment_name', 'text', (c) => c.notNull())
        .addColumn('instance_name', 'text', (c) => c.notNull())
        .addColumn('cloud_properties_json', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('cpi', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await index(db, 'orphan_disks', ['created_at']);

      await tableWithId(db, dialect, 'orphaned_vms')
        .addColumn('cid', 'text', (c) => c.notNull())
        .addColumn('availability_zone', 'text')
        .addColumn('cloud_properties', 'text')
        .addColumn('cpi', 'text')
        .addColumn('orphaned_at', 'bigint', (c) => c.notNull())
        .addColumn('stemcell_api_version', 'integer')
        .addColumn('deployment_name', 'text')
        .addColumn('instance_name', 'text')
        .execute();

      await tableWithId(db, dialect, 'ip_addresses')
        .addColumn('network_name', 'text', (c) => c.notNull())
        .addColumn('address_str', 'text', (c) => c.notNull().unique())
        .addColumn('static', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('instance_id', 'bigint', (c) => c.references('instances.id'))
        .addColumn('vm_id', 'bigint', (c) => c.references('vms.id'))
        .addColumn('orphaned_vm_id', 'bigint', (c) => c.references('orphaned_vms.id'))
        .addColumn('created_at', 'bigint')
        .addColumn('task_id', 'text')
        .addColumn('nic_group', 'integer')
        .execute();
      await index(db, 'ip_addresses', ['instance_id']);
      await index(db, 'ip_addresses', ['network_name']);

      await tableWithId(db, dialect, 'rendered_templates_archives')
        .addColumn('instance_id', 'bigint', (c) => c.notNull().references('instances.id'))
        .addColumn('blobstore_id', 'text', (c) => c.notNull())
        .addColumn('sha1', 'text', (c) => c.notNull())
        .addColumn('content_sha1', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await index(db, 'rendered_templates_archives', ['instance_id', 'created_at']);
    },
  };
}
