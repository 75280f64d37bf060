import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorStore } from '../adapters/db/director-store.js';
import { NodeCredentialGenerator } from '../adapters/credentials/index.js';
import { RsaKeyPool } from '../adapters/credentials/key-pool.js';
import type { YamlValue } from '../base/yaml/value.js';
import { Problems } from '../core/manifest/problems.js';
import { parseVariables } from '../core/manifest/releases-variables.js';
import type { Variable } from '../core/manifest/types.js';
import type { DirectorStore } from '../ports/director-store.js';
import { loadValueCipher } from '../director/config-server/cipher.js';
import { DirectorConfigServer } from '../director/config-server/config-server.js';
import {
  variableSpecsOf,
  type DeploymentRef,
  type VariableSpec,
} from '../director/config-server/deployment-variables.js';

/** One RSA key pool for every test of the process: keys are the slow part. */
const keys = new RsaKeyPool();

export interface ConfigServerFixture {
  readonly store: DirectorStore;
  readonly dbPath: string;
  readonly server: DirectorConfigServer;
  readonly deps: {
    server: DirectorConfigServer;
    variableSets: DirectorStore['variables'];
    directorName: string;
  };
  deployment(name: string): Promise<DeploymentRef>;
  close(): Promise<void>;
}

/** A migrated SQLite director database in a temp dir, with a config server keyed through director_attributes. */
export async function openFixture(): Promise<ConfigServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'bosh-ts-config-server-'));
  const dbPath = join(dir, 'director.db');
  const store = await openDirectorStore({ adapter: 'sqlite', path: dbPath });
  const cipher = await loadValueCipher({ attributes: store.attributes });
  const server = new DirectorConfigServer({
    values: store.configServerValues,
    cipher,
    generator: new NodeCredentialGenerator({ keys }),
  });
  return {
    store,
    dbPath,
    server,
    deps: { server, variableSets: store.variables, directorName: 'dir' },
    async deployment(name) {
      const d = await store.deployments.findOrCreate(name);
      return { id: d.id, name };
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A manifest's `variables:` as the manifest parser gives them (its problems thrown). */
export function manifestVariables(manifest: YamlValue): Variable[] {
  const p = new Problems();
  const variables = parseVariables(p, manifest instanceof Map ? manifest.get('variables') : undefined);
  p.check();
  return variables;
}

/** A manifest's `variables:` as a deploy hands them to generation. */
export const manifestVariableSpecs = (manifest: YamlValue): VariableSpec[] =>
  variableSpecsOf(manifestVariables(manifest));
