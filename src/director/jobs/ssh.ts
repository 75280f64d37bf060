/**
 * `Jobs::Ssh` (`bosh ssh`, `bosh logs -f`): sends the agent of every targeted instance `ssh [command, params]`
 * (`setup` with `{user, public_key}`, `cleanup` with `{user_regex}`) one after the other, adds the instance's
 * `id`, `index` and `job` to each answer and writes them as one JSON line to the task's result. An event
 * `<command> ssh` is recorded per instance.
 */
import { rubyToS } from '../../base/ruby-inspect.js';
import { isHash, type PropertyHash } from '../../core/templates/properties.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskJob } from '../tasks/task-context.js';
import { deploymentStateOrFail } from './deployment-lookup.js';
import { instanceAgent } from './instance-agent.js';
import {
  inspectSymbolHash,
  instancesMatching,
  isIndex,
  jsonAsRuby,
  type FilterValue,
  type InstanceFilter,
} from './instance-lookup.js';

/** What the ssh route queues: the deployment and the request body as it came. */
export interface SshPayload {
  readonly deployment: string;
  readonly options: unknown;
}

const obj = (v: unknown): PropertyHash => (isHash(v) ? v : {});
const items = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const scalar = (v: unknown): string | number => (typeof v === 'number' ? v : String(v));

/**
 * `Target#id_filter`: `ids` that are numbers select by index, the others by uuid; only `indexes` (old CLIs) select
 * by index as given.
 */
export function targetFilter(target: unknown): InstanceFilter {
  const t = obj(target);
  const filter: Array<readonly ['job' | 'uuid' | 'index', FilterValue]> = [];
  if (typeof t['job'] === 'string') filter.push(['job', t['job']]);
  const ids = items(t['ids']);
  const indexes = items(t['indexes']);
  if (ids.length === 0 && indexes.length > 0) {
    filter.push(['index', indexes.map(scalar)]);
    return filter;
  }
  const byKey = new Map<'index' | 'uuid', (string | number)[]>();
  for (const id of ids) {
    const text = String(id);
    const key = isIndex(text) ? 'index' : 'uuid';
    const list = byKey.get(key) ?? [];
    list.push(key === 'index' ? Number(text) : scalar(id));
    byKey.set(key, list);
  }
  for (const [key, list] of byKey) filter.push([key, list]);
  return filter;
}

export function sshJob(deps: DeployDeps): TaskJob {
  return async (ctx, payload) => {
    const p = payload as SshPayload;
    const options = obj(p.options);
    const command = options['command'];
    const commandText = rubyToS(jsonAsRuby(command));
    const params = obj(options['params']);
    const filter = targetFilter(options['target']);
    const state = await deploymentStateOrFail(deps.store, p.deployment);
    const instances = instancesMatching(state, filter).filter((i) => i.activeVm !== null);
    if (instances.length === 0) {
      throw new Error(
        `No instance with a VM in deployment '${state.name}' matched filter ${inspectSymbolHash(filter)}`,
      );
    }
    const user = params['user_regex'] ?? params['user'] ?? null;
    const answers: unknown[] = [];
    for (const instance of instances) {
      const name = `${instance.job}/${instance.uuid}`;
      let error: string | null = null;
      try {
        const agent = instanceAgent(deps, ctx, instance);
        ctx.debug(`ssh ${commandText} '${name}'`);
        const result = obj(await agent.ssh(command as 'setup' | 'cleanup', options['params'] ?? null));
        answers.push({ ...result, id: instance.uuid, index: instance.index, job: instance.job });
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        throw e;
      } finally {
        await deps.store.events.add({
          parentId: null,
          user: ctx.username,
          timestamp: Math.floor(ctx.now()),
          action: `${commandText} ssh`,
          objectType: 'instance',
          objectName: name,
          error,
          task: String(ctx.taskId),
          deployment: state.name,
          instance: name,
          context: { user },
        });
      }
    }
    ctx.writeResult(`${JSON.stringify(answers)}\n`);
    return '';
  };
}
