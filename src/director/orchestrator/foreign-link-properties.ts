/**
 * Another deployment's link properties, resolved when a consumer renders them: the provider deployment stores them
 * as written (`((variables))` unresolved, so no secret reaches `link_provider_intents`), and they are interpolated
 * here through the provider deployment's variables, in the set its last successful deploy used, as BOSH does.
 */
import { memoFor, memoPromise } from '../../base/memo-promise.js';
import type { PropertyHash } from '../../core/templates/properties.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { DeploymentVariablesDeps } from '../config-server/deployment-variables.js';
import { interpolateForDeployment } from '../config-server/index.js';
import { plainYaml } from '../config/plain-yaml.js';
import { jsonAsRuby } from '../jobs/instance-lookup.js';
import { variablesDeps } from '../deploy/types.js';
import { deployedVariableSet } from '../deploy/variable-sets.js';
import type { DeploymentRun } from './deployment-run.js';

/**
 * Each (deployment, properties) resolved once per run: every instance of every consumer renders the same link, and
 * the provider's variables are read the same way each time. A failure is not kept (the next render tries again).
 */
const cache = new WeakMap<DeploymentRun, Map<string, Promise<PropertyHash | null>>>();

export function foreignLinkProperties(
  run: DeploymentRun,
  deployment: string,
  properties: PropertyHash | null,
): Promise<PropertyHash | null> {
  const vars = variablesDeps(run.deps);
  // No config server: BOSH's DisabledClient leaves every placeholder as written.
  if (vars === undefined || properties === null) return Promise.resolve(properties);
  return memoPromise(
    memoFor(cache, run),
    JSON.stringify([deployment, properties]),
    () => resolve(run.deps.store, vars, deployment, properties),
    { forgetFailure: true },
  );
}

async function resolve(
  store: DirectorStore,
  vars: DeploymentVariablesDeps,
  deployment: string,
  properties: PropertyHash,
): Promise<PropertyHash | null> {
  const record = await store.deployments.get(deployment);
  if (record === undefined) return properties;
  const set = await deployedVariableSet(store.variables, record.id);
  if (set === undefined) return properties;
  const value = await interpolateForDeployment(
    vars,
    jsonAsRuby(properties),
    { id: record.id, name: record.name },
    set,
  );
  return plainYaml(value) as PropertyHash;
}
