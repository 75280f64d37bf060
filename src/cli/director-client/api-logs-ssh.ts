/**
 * bosh-cli's director calls behind `bosh logs` and `bosh ssh`: FetchLogs (a task whose result is a blobstore id),
 * DownloadResourceUnchecked (`/resources/<id>`), SetUpSSH (a task whose result is one JSON line of hosts) and
 * CleanUpSSH (posted, not waited for).
 */
import { wrapError } from '../../base/errors.js';
import { goJsonMarshal, type GoJson } from '../../base/go-json.js';
import type { SshTargets } from '../ssh/ssh-args.js';
import type { InstanceTarget } from './api-deployments.js';
import { checkDeploymentName } from './api-deployments.js';
import { findTask } from './api-tasks.js';
import { parseDirectorJson } from './client-request.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { field, list, str } from './json-fields.js';

/** GET /deployments/<d>/jobs/<ig|*>/<id|*>/logs?filters=a,b&type=job → the bundle's blobstore id. */
export async function fetchLogs(
  d: Director,
  deployment: string,
  t: InstanceTarget,
  filters: readonly string[],
  logTypes: string,
): Promise<string> {
  checkDeploymentName(deployment);
  const query: [string, string][] = [];
  if (filters.length > 0) query.push(['filters', filters.join(',')]);
  query.push(['type', logTypes]);
  const path = withQuery(
    `/deployments/${deployment}/jobs/${t.group === '' ? '*' : t.group}/${t.indexOrId === '' ? '*' : t.indexOrId}/logs`,
    query,
  );
  let id: number;
  try {
    id = (await d.tasks.getResult(path)).id;
  } catch (e) {
    throw wrapError(e, 'Fetching logs');
  }
  return (await findTask(d, id)).result;
}

/** GET /resources/<id>, the body as it comes (no digest to check: the director sends none for logs). */
export async function downloadResource(d: Director, blobstoreId: string): Promise<Buffer> {
  try {
    return await d.req.raw('GET', `/resources/${blobstoreId}`, { streamed: true });
  } catch (e) {
    throw wrapError(e, `Downloading resource '${blobstoreId}'`);
  }
}

/** The request body's `deployment_name` and `target` (Go marshals map keys sorted). */
function sshBody(
  deployment: string,
  t: InstanceTarget,
  command: string,
  params: Record<string, string>,
): string {
  const ids = t.indexOrId === '' ? [] : [t.indexOrId];
  const target: Record<string, GoJson> = { ids, indexes: ids };
  if (t.group !== '') target['job'] = t.group;
  return goJsonMarshal({ command, deployment_name: deployment, params, target });
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Go's `%#v` of an SSHResp, for the failure message. */
function goSyntax(r: unknown): string {
  const s = (key: string) => JSON.stringify(str(r, key));
  const index = typeof field(r, 'index') === 'number' ? '(*int)(0xc000012345)' : '(*int)(nil)';
  return (
    `director.SSHResp{Status:${s('status')}, Job:${s('job')}, Index:${index}, ID:${s('id')}, IP:${s('ip')}, ` +
    `HostPublicKey:${s('host_public_key')}, GatewayUser:${s('gateway_user')}, GatewayHost:${s('gateway_host')}}`
  );
}

/** POST /deployments/<d>/ssh `setup`, followed as a task; its result lists one host per instance. */
async function setUpSsh(
  d: Director,
  deployment: string,
  t: InstanceTarget,
  user: { readonly username: string; readonly publicKey: string },
): Promise<SshTargets> {
  checkDeploymentName(deployment);
  const body = sshBody(deployment, t, 'setup', { public_key: user.publicKey, user: user.username });
  let result: string;
  try {
    result = await d.tasks.postResult(`/deployments/${deployment}/ssh`, { body, headers: JSON_HEADERS });
  } catch (e) {
    throw wrapError(e, `Setting up SSH in deployment '${deployment}'`);
  }
  let resps: unknown[];
  try {
    resps = list(parseDirectorJson(result));
  } catch (e) {
    throw wrapError(e, 'Unmarshaling SSH result');
  }
  if (resps.length === 0)
    throw new Error("Did not create any SSH sessions for the instances '[]director.SSHResp{}'");
  const hosts = resps.map((r) => {
    if (str(r, 'status') !== 'success')
      throw new Error(`Failed to set up SSH session for one of the instances '${goSyntax(r)}'`);
    const index = field(r, 'index');
    const id = str(r, 'id');
    return {
      job: str(r, 'job'),
      indexOrId: id !== '' ? id : typeof index === 'number' ? String(Math.trunc(index)) : '',
      username: user.username,
      host: str(r, 'ip'),
      hostPublicKey: str(r, 'host_public_key'),
    };
  });
  // All gateways are assumed to be the same.
  return {
    hosts,
    gatewayUsername: str(resps[0], 'gateway_user'),
    gatewayHost: str(resps[0], 'gateway_host'),
  };
}

/** POST /deployments/<d>/ssh `cleanup` of the user's `^<name>`; the task is not waited for. */
async function cleanUpSsh(
  d: Director,
  deployment: string,
  t: InstanceTarget,
  username: string,
): Promise<void> {
  checkDeploymentName(deployment);
  const body = sshBody(deployment, t, 'cleanup', { user_regex: `^${username}` });
  try {
    await d.req.raw('POST', `/deployments/${deployment}/ssh`, { body, headers: JSON_HEADERS });
  } catch (e) {
    throw wrapError(e, `Cleaning up SSH in deployment '${deployment}'`);
  }
}

/**
 * bosh-cli's SSH session: `ssh setup` for a fresh user, `run` on the targets the agents answered, and `ssh cleanup`
 * however `run` ends (a failed cleanup is not reported: the run's outcome is what the user asked for).
 */
export async function withSshSession<T>(
  d: Director,
  deployment: string,
  t: InstanceTarget,
  user: { readonly username: string; readonly publicKey: string },
  run: (targets: SshTargets) => Promise<T>,
): Promise<T> {
  const targets = await setUpSsh(d, deployment, t, user);
  try {
    return await run(targets);
  } finally {
    await cleanUpSsh(d, deployment, t, user.username).catch(() => undefined);
  }
}
