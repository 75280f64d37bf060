/**
 * `GET /deployments/:d/jobs/:job/:index_or_id/logs` and `POST /deployments/:d/ssh` (bosh-director's
 * DeploymentsController + `InstanceManager#fetch_logs`/`#ssh`): both need the deployment's admin and queue a task.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { rubyToS } from '../../base/ruby-inspect.js';
import type { DeploymentState } from '../../ports/director-store.js';
import type { FetchLogsPayload } from '../jobs/fetch-logs.js';
import { instanceByIndex, instancesMatching, isIndex, jsonAsRuby } from '../jobs/instance-lookup.js';
import type { SshPayload } from '../jobs/ssh.js';
import type { ApiDeps } from './api-deps.js';
import { enqueue, routeDeploymentState } from './app.js';

/** A plain Ruby `raise "..."` in a controller: Sinatra answers 500 with an empty body (the text is only logged). */
class PlainRuntimeError extends Error {}

/** Ruby's `String#split(/[\s,]+/)`: trailing empty fields dropped, so `''` splits into nothing. */
export function splitFilters(text: string): string[] {
  const fields = text.split(/[\s,]+/);
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** `InstanceManager#fetch_logs`: the ids of the targeted instances that have a VM. */
export function logsInstanceIds(
  state: DeploymentState,
  job: string | null,
  indexOrId: string | null,
): number[] {
  let ids: number[];
  if (indexOrId !== null && isIndex(indexOrId)) {
    const instance = instanceByIndex(state, job, indexOrId);
    ids = instance.activeVm === null ? [] : [instance.id];
  } else {
    const filter: Array<readonly ['uuid' | 'job', string]> = [];
    if (indexOrId !== null) filter.push(['uuid', indexOrId]);
    if (job !== null) filter.push(['job', job]);
    ids = instancesMatching(state, filter)
      .filter((i) => i.activeVm !== null)
      .map((i) => i.id);
  }
  if (ids.length === 0)
    throw new PlainRuntimeError(`No appropriate instance with a VM was found in deployment '${state.name}'`);
  return ids;
}

async function plainRuntimeErrors(reply: FastifyReply, work: () => Promise<void>): Promise<FastifyReply> {
  try {
    await work();
  } catch (e) {
    if (!(e instanceof PlainRuntimeError)) throw e;
    await reply.code(500).send('');
  }
  return reply;
}

export function logsSshRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/deployments/:name/jobs/:job/:indexOrId/logs', async (req, reply) => {
    const params = req.params as { name: string; job: string; indexOrId: string };
    const state = await routeDeploymentState(deps, req);
    const query = req.query as { type?: unknown; filters?: unknown };
    const text = (v: unknown): string => (typeof v === 'string' ? v : '').trim();
    return plainRuntimeErrors(reply, async () => {
      const instanceIds = logsInstanceIds(
        state,
        params.job === '*' ? null : params.job,
        params.indexOrId === '*' ? null : params.indexOrId,
      );
      const payload: FetchLogsPayload = {
        deployment: state.name,
        instanceIds,
        type: text(query.type),
        filters: splitFilters(text(query.filters)),
      };
      await enqueue(deps, req, reply, {
        type: 'fetch_logs',
        description: 'fetch logs',
        deploymentName: state.name,
        payload,
      });
    });
  });

  app.post('/deployments/:name/ssh', async (req, reply) => {
    const state = await routeDeploymentState(deps, req);
    const body = req.body;
    const options = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const payload: SshPayload = { deployment: state.name, options };
    await enqueue(deps, req, reply, {
      type: 'ssh',
      // `"ssh: #{options['command']}:#{options['target']}"`: a Hash interpolates as its inspect.
      description: `ssh: ${rubyToS(jsonAsRuby(options['command']))}:${rubyToS(jsonAsRuby(options['target']))}`,
      deploymentName: state.name,
      payload,
    });
    return reply;
  });
}
