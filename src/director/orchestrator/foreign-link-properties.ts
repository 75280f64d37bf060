/**
 * Another deployment's link properties, resolved when a consumer renders them: the provider deployment stores them
 * as written (`((variables))` unresolved, so no secret reaches `link_provider_intents`), and they are interpolated
 * here through the provider deployment's variables, in the set its last successful deploy used, as BOSH does.
 */
import type { PropertyHash } from '../../core/templates/properties.js';
import { interpolateForDeployment } from '../config-server/index.js';
import { plainYaml } from '../config/plain-yaml.js';
import { jsonAsRuby } from '../jobs/instance-lookup.js';
import type { DeployDeps } from '../deploy/types.js';

export async function foreignLinkProperties(
  deps: DeployDeps,
  deployment: string,
  properties: PropertyHash | null,
): Promise<PropertyHash | null> {
  const cs = deps.configServer;
  // No config server: BOSH's DisabledClient leaves every placeholder as written.
  if (cs === undefined || properties === null) return properties;
  const record = await deps.store.deployments.get(deployment);
  if (record === undefined) return properties;
  const sets = await deps.store.variables.sets(record.id);
  const set = sets.find((s) => s.deployedSuccessfully) ?? sets[0];
  if (set === undefined) return properties;
  const value = await interpolateForDeployment(
    { server: cs.server, directorName: cs.directorName, variableSets: deps.store.variables },
    jsonAsRuby(properties),
    { id: record.id, name: record.name },
    set,
  );
  return plainYaml(value) as PropertyHash;
}
