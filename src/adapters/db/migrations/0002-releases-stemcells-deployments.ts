import type { Kysely, Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { index, tableWithId } from './table.js';

/** Releases with their packages, jobs (`templates`) and compiled packages; stemcells; deployments. */
export function releasesStemcellsDeployments(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await tableWithId(db, dialect, 'releases')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .execute();

      await tableWithId(db, dialect, 'release_versions')
        .addColumn('release_id', 'bigint', (c) => c.notNull().references('releases.id'))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('commit_hash', 'text', (c) => c.notNull().defaultTo('unknown'))
        .addColumn('uncommitted_changes', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('update_completed', 'boolean', (c) => c.notNull().defaultTo(false))
        .addUniqueConstraint('release_versions_release_id_version_unique', ['release_id', 'version'])
        .execute();

      await tableWithId(db, dialect, 'packages')
        .addColumn('release_id', 'bigint', (c) => c.notNull().references('releases.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('blobstore_id', 'text')
        .addColumn('sha1', 'text')
        .addColumn('dependency_set_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addUniqueConstraint('packages_release_id_name_version_unique', ['release_id', 'name', 'version'])
        .execute();
      await index(db, 'packages', ['fingerprint']);

      await tableWithId(db, dialect, 'templates')
        .addColumn('release_id', 'bigint', (c) => c.notNull().references('releases.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('blobstore_id', 'text', (c) => c.notNull())
        .addColumn('sha1', 'text', (c) => c.notNull())
        .addColumn('package_names_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('spec_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .addUniqueConstraint('templates_release_id_name_version_unique', ['release_id', 'name', 'version'])
        .execute();
      await index(db, 'templates', ['fingerprint']);

      await tableWithId(db, dialect, 'compiled_packages')
        .addColumn('package_id', 'bigint', (c) => c.notNull().references('packages.id'))
        .addColumn('stemcell_os', 'text', (c) => c.notNull())
        .addColumn('stemcell_version', 'text', (c) => c.notNull())
        .addColumn('build', 'integer', (c) => c.notNull())
        .addColumn('dependency_key', 'text', (c) => c.notNull())
        .addColumn('dependency_key_sha1', 'text', (c) => c.notNull())
        .addColumn('blobstore_id', 'text', (c) => c.notNull())
        .addColumn('sha1', 'text', (c) => c.notNull())
        .addUniqueConstraint('compiled_packages_dependency_unique', [
          'package_id',
          'stemcell_os',
          'stemcell_version',
          'dependency_key_sha1',
        ])
        .addUniqueConstraint('compiled_packages_build_unique', [
          'package_id',
          'stemcell_os',
          'stemcell_version',
          'build',
        ])
        .execute();

      await joinTable(
        db,
        'packages_release_versions',
        ['package_id', 'packages'],
        ['release_version_id', 'release_versions'],
      );
      await joinTable(
        db,
        'release_versions_templates',
        ['release_version_id', 'release_versions'],
        ['template_id', 'templates'],
      );

      await tableWithId(db, dialect, 'stemcells')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('cid', 'text', (c) => c.notNull())
        .addColumn('sha1', 'text', (c) => c.notNull())
        .addColumn('operating_system', 'text', (c) => c.notNull())
        .addColumn('cpi', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('api_version', 'integer')
        .addUniqueConstraint('stemcells_name_version_cpi_unique', ['name', 'version', 'cpi'])
        .execute();

      await tableWithId(db, dialect, 'deployments')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('manifest_text', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await joinTable(
        db,
        'deployments_release_versions',
        ['deployment_id', 'deployments'],
        ['release_version_id', 'release_versions'],
      );
      await joinTable(
        db,
        'deployments_stemcells',
        ['deployment_id', 'deployments'],
        ['stemcell_id', 'stemcells'],
      );
    },
  };
}

/** A many-to-many table: two foreign keys, the pair is the primary key, the second column indexed. */
async function joinTable(
  db: Kysely<unknown>,
  name: string,
  [first, firstTable]: readonly [string, string],
  [second, secondTable]: readonly [string, string],
): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn(first, 'bigint', (c) => c.notNull().references(`${firstTable}.id`))
    .addColumn(second, 'bigint', (c) => c.notNull().references(`${secondTable}.id`))
    .addPrimaryKeyConstraint(`${name}_pkey`, [first, second])
    .execute();
  await index(db, name, [second]);
}
