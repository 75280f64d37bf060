/** `POST /deployments/:d/diff`, `POST /deployments` and the deployment's instances and VMs. */
import type { FastifyInstance } from 'fastify';
import { parseYaml } from '../../base/yaml/parse.js';
import { changesetDiff } from '../../core/diff/changeset.js';
import { BoshError } from '../../core/errors.js';
import { plainYaml } from '../config/plain-yaml.js';
import type { ApiDeps } from './api-deps.js';
import { deploymentStateOrFail } from '../jobs/deployment-lookup.js';
import { enqueue, requirePermission } from './app.js';
import { DEPLOY_QUERY_KEYS } from '../orchestrator/deploy-options.js';

/** The deploy flags of the request, kept in the task so the job sees them. */
function deployQuery(query: unknown): Record<string, string> {
  const q = (query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of DEPLOY_QUERY_KEYS) {
    const v = q[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** The `update_deployment` task's description, as BOSH's DeploymentsController words it. */
export const deployDescription = (dryRun: boolean): string =>
  `create deployment${dryRun ? ' (dry run)' : ''}`;

const yamlOf = (text: string): unknown => (text.trim() === '' ? {} : parseYaml(text));

export function deployRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/deployments/:name/diff', async (req) => {
    requirePermission(deps, req, 'read');
    const name = (req.params as { name: string }).name;
    const redact = (req.query as { redact?: string }).redact !== 'false';
    const old = (await deps.store.deployments.get(name))?.manifestText ?? '';
    const cloud = await deps.store.configs.latest({ type: 'cloud' });
    const body = typeof req.body === 'string' ? req.body : '';
    return {
      context: { cloud_config_ids: cloud.map((c) => c.id), runtime_config_ids: [] },
      diff: changesetDiff(yamlOf(old), yamlOf(body), { redact }),
    };
  });

  app.post('/deployments', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const manifestText = typeof req.body === 'string' ? req.body : '';
    const manifest = plainYaml(parseYaml(manifestText)) as { name?: unknown } | null;
    const name = manifest?.name;
    if (typeof name !== 'string' || name === '')
      throw new BoshError('DirectorError', 'Deployment manifest must have a name');
    const dryRun = (req.query as { dry_run?: unknown }).dry_run === 'true';
    await enqueue(deps, req, reply, {
      type: 'update_deployment',
      description: deployDescription(dryRun),
      deploymentName: name,
      payload: { manifestText, options: deployQuery(req.query) },
    });
    return reply;
  });

  for (const kind of ['instances', 'vms'] as const) {
    app.get(`/deployments/:name/${kind}`, async (req, reply) => {
      requirePermission(deps, req, 'read');
      const name = (req.params as { name: string }).name;
      const state = await deploymentStateOrFail(deps.store, name);
      if ((req.query as { format?: string }).format === 'full') {
        await enqueue(deps, req, reply, {
          type: 'vms',
          description: `retrieve vm-stats`,
          deploymentName: name,
          payload: { deployment: name, kind },
        });
        return reply;
      }
      return state.instances
        .filter((i) => !i.compilation && (kind === 'instances' || i.activeVm !== null))
        .map((i) => ({
          agent_id: i.activeVm?.agentId ?? null,
          cid: i.activeVm?.cid ?? null,
          job: i.job,
          index: i.index,
          id: i.uuid,
          az: i.availabilityZone,
          ips: [],
          vm_created_at: null,
          expects_vm: true,
        }));
    });
  }
}
