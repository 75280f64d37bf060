/** `GET /deployments/:deployment/variables`: what `bosh variables` lists. */
import type { FastifyInstance } from 'fastify';
import { listDeploymentVariables } from '../config-server/index.js';
import { deploymentOrFail } from '../jobs/deployment-lookup.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';

export function variablesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  /**
   * BOSH's `deployment.variables.map { id, name }.uniq`: the config server id and absolute name of every variable
   * recorded in the deployment's variable sets (the current one and those instances still use). Never a value.
   */
  app.get('/deployments/:name/variables', async (req) => {
    requirePermission(deps, req, 'read');
    const deployment = await deploymentOrFail(deps.store, (req.params as { name: string }).name);
    return listDeploymentVariables(deps.store.variables, deployment);
  });
}
