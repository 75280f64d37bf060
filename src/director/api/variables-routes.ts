/** `GET /deployments/:deployment/variables`: what `bosh variables` lists. */
import type { FastifyInstance } from 'fastify';
import { BoshError } from '../../core/errors.js';
import { listDeploymentVariables } from '../config-server/index.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';

export function variablesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  /**
   * BOSH's `deployment.variables.map { id, name }.uniq`: the config server id and absolute name of every variable
   * recorded in the deployment's variable sets (the current one and those instances still use). Never a value.
   */
  app.get('/deployments/:name/variables', async (req) => {
    requirePermission(deps, req, 'read');
    const name = (req.params as { name: string }).name;
    const deployment = await deps.store.deployments.get(name);
    if (deployment === undefined)
      throw new BoshError('DeploymentNotFound', `Deployment '${name}' doesn't exist`);
    return listDeploymentVariables(deps.store.variables, deployment);
  });
}
