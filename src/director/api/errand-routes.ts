/**
 * `GET /deployments/:d/errands` and `POST /deployments/:d/errands/:name/runs` (bosh-director's
 * DeploymentsController): the deployment's errands as the deployed manifest and its release jobs define them, and a
 * `run_errand` task for one of them.
 */
import type { FastifyInstance } from 'fastify';
import { errandNames } from '../../core/errands/index.js';
import { releaseJob } from '../deploy/apply-spec.js';
import { resolveDeployment } from '../deploy/prepare.js';
import type { RunErrandPayload } from '../deploy/run-errand.js';
import type { ApiDeps } from './api-deps.js';
import { enqueue, routeDeploymentState } from './app.js';

const templateDestinations = (spec: unknown): string[] => {
  const templates = (spec as { templates?: unknown } | null)?.templates;
  return typeof templates === 'object' && templates !== null
    ? Object.values(templates as Record<string, unknown>).map(String)
    : [];
};

export function errandRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/deployments/:name/errands', async (req) => {
    const state = await routeDeploymentState(deps, req, 'read');
    const r = await resolveDeployment(deps.store, state.manifestText);
    const names = errandNames(
      r.manifest.instanceGroups.map((g) => ({
        name: g.name,
        lifecycle: g.lifecycle,
        jobs: g.jobs.map((j) => ({
          name: j.name,
          templateDestinations: templateDestinations(releaseJob(r.releases, j).record.spec),
        })),
      })),
    );
    return names.map((name) => ({ name }));
  });

  app.post('/deployments/:name/errands/:errand/runs', async (req, reply) => {
    const params = req.params as { name: string; errand: string };
    const state = await routeDeploymentState(deps, req);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    const payload: RunErrandPayload = {
      deployment: state.name,
      errand: params.errand,
      keepAlive: body['keep-alive'] === true,
      whenChanged: body['when-changed'] === true,
      instances: Array.isArray(body['instances']) ? (body['instances'] as unknown[]) : [],
    };
    await enqueue(deps, req, reply, {
      type: 'run_errand',
      description: `run errand ${params.errand} from deployment ${state.name}`,
      deploymentName: state.name,
      payload,
    });
    return reply;
  });
}
