/**
 * `bosh start/stop/restart/recreate` (bosh-director's DeploymentsController): converging, `PUT
 * /deployments/:d/jobs/:job[/:index_or_id]?state=...` is a deploy of the stored manifest (or the one sent) with
 * `job_states` overrides; `--no-converge`, `POST /deployments/:d/instance_groups/:ig/:index_or_id/actions/<action>`
 * is an `update_instance` task acting on that one instance only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { emitYaml } from '../../base/yaml/emit.js';
import { BoshError } from '../../core/errors.js';
import type { DeploymentState } from '../../ports/director-store.js';
import { findInstance } from '../jobs/instance-lookup.js';
import type { JobStatesPayload } from '../orchestrator/deploy-options.js';
import type { UpdateInstancePayload } from '../orchestrator/update-instance.js';
import type { ApiDeps } from './api-deps.js';
import { enqueue, routeDeploymentState } from './app.js';
import { deployDescription } from './deploy-routes.js';
import { manifestYaml } from './legacy-config-routes.js';

type Query = Readonly<Record<string, unknown>>;

const param = (q: Query, key: string): string | undefined => {
  const v = q[key];
  return typeof v === 'string' ? v : undefined;
};

/** Ruby's `Integer(str)` accepts it: a sign, `_` separators, 0x/0b/0o (or leading 0) radixes, blanks around. */
const RUBY_INTEGER =
  /^\s*[+-]?(0x[0-9a-f]+(_[0-9a-f]+)*|0b[01]+(_[01]+)*|0o?[0-7]+(_[0-7]+)*|[1-9]\d*(_\d+)*|0)\s*$/i;
const INSTANCE_UUID = /^[A-Fa-f0-9]{8}-[A-Fa-f0-9-]{27}$/;

/** `validate_instance_index_or_id`: an integer or something shaped like a uuid. */
export function validateIndexOrId(s: string): void {
  if (!RUBY_INTEGER.test(s) && !INSTANCE_UUID.test(s))
    throw new BoshError('InstanceInvalidIndex', `Invalid instance index or id '${s}'`);
}

/** An empty body deploys the stored manifest; a body is the manifest to deploy, renamed to the deployment. */
function manifestOf(state: DeploymentState, body: unknown, stateGiven: boolean): string {
  if ((body === undefined || body === '') && stateGiven) return state.manifestText;
  const manifest = new Map(manifestYaml(body));
  manifest.set('name', state.name);
  return emitYaml(manifest);
}

/** The flags both converging routes pass on (`skip_drain` names the group, as BOSH's SkipDrain reads it). */
function commonOptions(q: Query, job: string): Record<string, string> {
  const options: Record<string, string> = {};
  if (param(q, 'skip_drain') === 'true') options.skip_drain = job;
  if (param(q, 'fix') === 'true') options.fix = 'true';
  if (param(q, 'dry_run') === 'true') options.dry_run = 'true';
  return options;
}

/** The four `--no-converge` actions: recreate is a hard restart, as BOSH queues it. */
const ACTIONS: Record<string, (q: Query) => Pick<UpdateInstancePayload, 'action' | 'options'>> = {
  stop: (q) => ({
    action: 'stop',
    options: { skip_drain: param(q, 'skip_drain') === 'true', hard: param(q, 'hard') === 'true' },
  }),
  start: () => ({ action: 'start', options: {} }),
  restart: (q) => ({ action: 'restart', options: { skip_drain: param(q, 'skip_drain') === 'true' } }),
  recreate: (q) => ({
    action: 'restart',
    options: {
      skip_drain: param(q, 'skip_drain') === 'true',
      hard: true,
      ignore_unresponsive_agent: param(q, 'ignore_unresponsive_agent') === 'true',
    },
  }),
};

export function instanceStateRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const converge = (
    req: FastifyRequest,
    state: DeploymentState,
    options: Record<string, string>,
    jobStates: JobStatesPayload,
    stateGiven: boolean,
  ) => {
    const manifestText = manifestOf(state, req.body, stateGiven);
    return {
      type: 'update_deployment',
      description: deployDescription(options.dry_run === 'true'),
      deploymentName: state.name,
      payload: { manifestText, options, jobStates },
    };
  };

  app.put('/deployments/:name/jobs/:job', async (req, reply) => {
    const state = await routeDeploymentState(deps, req);
    const { job } = req.params as { job: string };
    const q = req.query as Query;
    const wanted = param(q, 'state');
    const options = commonOptions(q, job);
    const canaries = param(q, 'canaries');
    const maxInFlight = param(q, 'max_in_flight');
    if (canaries !== undefined) options.canaries = canaries;
    if (maxInFlight !== undefined) options.max_in_flight = maxInFlight;
    const jobStates = { [job]: wanted === undefined ? {} : { state: wanted } };
    await enqueue(deps, req, reply, converge(req, state, options, jobStates, wanted !== undefined));
    return reply;
  });

  app.put('/deployments/:name/jobs/:job/:indexOrId', async (req, reply) => {
    const state = await routeDeploymentState(deps, req);
    const { job, indexOrId } = req.params as { job: string; indexOrId: string };
    validateIndexOrId(indexOrId);
    const instance = findInstance(state, job, indexOrId);
    const q = req.query as Query;
    const wanted = param(q, 'state');
    // The instance is named by its index whichever way the URL named it (`instance_states` by index).
    const byIndex = wanted === undefined ? {} : { [String(instance.index)]: wanted };
    const jobStates = { [job]: { instance_states: byIndex } };
    await enqueue(deps, req, reply, converge(req, state, commonOptions(q, job), jobStates, true));
    return reply;
  });

  for (const [name, make] of Object.entries(ACTIONS)) {
    app.post(`/deployments/:name/instance_groups/:group/:indexOrId/actions/${name}`, async (req, reply) => {
      const state = await routeDeploymentState(deps, req);
      const { group, indexOrId } = req.params as { group: string; indexOrId: string };
      validateIndexOrId(indexOrId);
      const instance = findInstance(state, group, indexOrId);
      const payload: UpdateInstancePayload = {
        deployment: state.name,
        instanceId: instance.id,
        ...make(req.query as Query),
      };
      await enqueue(deps, req, reply, {
        type: 'update_instance',
        description: `${name} instance`,
        deploymentName: state.name,
        payload,
      });
      return reply;
    });
  }
}
