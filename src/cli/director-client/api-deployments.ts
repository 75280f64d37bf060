import { wrapError } from '../../base/errors.js';
import { goJsonMarshal, type GoJson } from '../../base/go-json.js';
import { diffLineOf, type DiffLine } from './api-config-diff.js';
import { parseDirectorJson } from './client-request.js';
import type { Director } from './director.js';
import { encodeQuery, withQuery } from './go-url.js';
import { bool, field, int, list, record, str, strings } from './json-fields.js';

/** A deployment diff line as the director sends it (`["  foo: 1", "added"]`); the text may be any JSON value. */
export interface DeploymentDiff {
  readonly diff: readonly DiffLine[];
  /** The configs the diff was made against; sent back with the deploy. */
  readonly context: Readonly<Record<string, unknown>> | undefined;
}

/** bosh-cli FindDeployment: the name must not be empty. */
export function checkDeploymentName(name: string): void {
  if (name === '') throw new Error('Expected non-empty deployment name');
}

/** POST /deployments/<d>/diff?redact=true|false with the manifest as YAML. */
export async function deploymentDiff(
  d: Director,
  name: string,
  manifest: string,
  noRedact: boolean,
): Promise<DeploymentDiff> {
  const path = withQuery(`/deployments/${name}/diff`, [['redact', noRedact ? 'false' : 'true']]);
  let r: unknown;
  try {
    r = await d.req.post(path, manifest, { 'Content-Type': 'text/yaml' });
  } catch (e) {
    throw wrapError(e, 'Fetching diff result');
  }
  return { diff: list(r, 'diff').map(diffLineOf), context: record(r, 'context') };
}

export interface UpdateOptions {
  readonly recreate: boolean;
  readonly recreatePersistentDisks: boolean;
  readonly fix: boolean;
  /** `*` or `ig[/id],...`; empty: not sent. */
  readonly skipDrain: string;
  readonly canaries: string;
  readonly maxInFlight: string;
  readonly dryRun: boolean;
  readonly forceLatestVariables: boolean;
  readonly context: Readonly<Record<string, unknown>> | undefined;
}

/** POST /deployments?<flags>&context=<JSON> with the manifest, followed as a task. */
export async function updateDeployment(d: Director, manifest: string, o: UpdateOptions): Promise<void> {
  const query: [string, string][] = [];
  if (o.recreate) query.push(['recreate', 'true']);
  if (o.recreatePersistentDisks) query.push(['recreate_persistent_disks', 'true']);
  if (o.fix) query.push(['fix', 'true']);
  if (o.skipDrain !== '') query.push(['skip_drain', o.skipDrain]);
  if (o.canaries !== '') query.push(['canaries', o.canaries]);
  if (o.maxInFlight !== '') query.push(['max_in_flight', o.maxInFlight]);
  if (o.dryRun) query.push(['dry_run', 'true']);
  if (o.forceLatestVariables) query.push(['force_latest_variables', 'true']);
  if (o.context !== undefined && Object.keys(o.context).length > 0) {
    query.push(['context', goJsonMarshal(o.context as GoJson)]);
  }
  try {
    await d.tasks.postResult(`/deployments?${encodeQuery(query)}`, {
      body: manifest,
      headers: { 'Content-Type': 'text/yaml' },
    });
  } catch (e) {
    throw wrapError(e, 'Updating deployment');
  }
}

/** GET /deployments/<d> → its manifest. */
export async function deploymentManifest(d: Director, name: string): Promise<string> {
  try {
    checkDeploymentName(name);
    let r: unknown;
    try {
      r = await d.req.get(`/deployments/${name}`);
    } catch (e) {
      throw wrapError(e, `Finding deployment '${name}'`);
    }
    return str(r, 'manifest');
  } catch (e) {
    throw wrapError(e, 'Fetching manifest');
  }
}

/** DELETE /deployments/<d>?force=true; a failure is ignored when the deployment is gone after all. */
export async function deleteDeployment(d: Director, name: string, force: boolean): Promise<void> {
  try {
    await d.tasks.deleteResult(withQuery(`/deployments/${name}`, force ? [['force', 'true']] : []));
  } catch (e) {
    const err = wrapError(e, `Deleting deployment '${name}'`);
    let names: string[];
    try {
      names = await deploymentNames(d);
    } catch {
      throw err;
    }
    if (names.includes(name)) throw err;
  }
}

/** An instance group, an instance of it, or (both empty) every instance. */
export interface InstanceTarget {
  readonly group: string;
  readonly indexOrId: string;
}

export interface JobStateOptions {
  readonly skipDrain: boolean;
  readonly fix: boolean;
  readonly dryRun: boolean;
  readonly canaries: string;
  readonly maxInFlight: string;
}

/** PUT /deployments/<d>/jobs/<ig|*>[/<id>]?state=... (a converging start, stop, restart or recreate). */
export async function changeJobState(
  d: Director,
  state: string,
  name: string,
  t: InstanceTarget,
  o: JobStateOptions,
): Promise<void> {
  const query: [string, string][] = [['state', state]];
  if (o.skipDrain) query.push(['skip_drain', 'true']);
  if (o.fix) query.push(['fix', 'true']);
  if (o.dryRun) query.push(['dry_run', 'true']);
  if (o.canaries !== '') query.push(['canaries', o.canaries]);
  if (o.maxInFlight !== '') query.push(['max_in_flight', o.maxInFlight]);
  let path = `/deployments/${name}/jobs`;
  if (t.group !== '') path += `/${t.group}` + (t.indexOrId !== '' ? `/${t.indexOrId}` : '');
  else path += '/*';
  try {
    await d.tasks.putResult(withQuery(path, query), { body: '', headers: { 'Content-Type': 'text/yaml' } });
  } catch (e) {
    throw wrapError(e, 'Changing state');
  }
}

/** POST /deployments/<d>/instance_groups/<ig>/<id>/actions/<action> (`--no-converge`). */
export async function nonConvergingAction(
  d: Director,
  action: string,
  name: string,
  t: InstanceTarget,
  o: { skipDrain: boolean; hard: boolean; ignoreUnresponsiveAgent: boolean },
): Promise<void> {
  const query: [string, string][] = [];
  if (o.skipDrain) query.push(['skip_drain', 'true']);
  if (o.hard) query.push(['hard', 'true']);
  if (o.ignoreUnresponsiveAgent) query.push(['ignore_unresponsive_agent', 'true']);
  const path = withQuery(
    `/deployments/${name}/instance_groups/${t.group}/${t.indexOrId}/actions/${action}`,
    query,
  );
  try {
    await d.tasks.postResult(path, { body: '', headers: { 'Content-Type': 'text/yaml' } });
  } catch (e) {
    throw wrapError(e, 'Non-converging action failed');
  }
}

/** PUT /deployments/<d>/instance_groups/<ig>/<id>/ignore with `{"ignore":bool}`. */
export async function setIgnore(
  d: Director,
  name: string,
  t: InstanceTarget,
  ignore: boolean,
): Promise<void> {
  // (bosh-cli's empty-name checks here cannot fail: openDeployment and the instance argument's parser refuse first.)
  try {
    await d.req.raw('PUT', `/deployments/${name}/instance_groups/${t.group}/${t.indexOrId}/ignore`, {
      body: goJsonMarshal({ ignore }),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (e) {
    throw wrapError(e, `Changing ignore state for '${t.group}/${t.indexOrId}' in deployment '${name}'`);
  }
}

/** GET /deployments/<d>/variables. */
export async function deploymentVariables(
  d: Director,
  name: string,
): Promise<{ id: string; name: string }[]> {
  try {
    return list(await d.req.get(`/deployments/${name}/variables`)).map((v) => ({
      id: str(v, 'id'),
      name: str(v, 'name'),
    }));
  } catch (e) {
    throw wrapError(e, `Error fetching variables for deployment '${name}'`);
  }
}

export interface OrphanDisk {
  readonly cid: string;
  readonly size: number;
  readonly deployment: string;
  readonly instance: string;
  readonly az: string;
  /** Unix seconds; 0 when not given. */
  readonly orphanedAt: number;
}

/** An orphaned disk's or VM's `orphaned_at`, as Unix seconds (bosh-cli's error when it is no time). */
export function orphanedAtOf(x: unknown): number {
  const raw = str(x, 'orphaned_at');
  try {
    return parseDirectorTime(raw);
  } catch (e) {
    throw wrapError(e, `Converting orphaned at '${raw}' to time`);
  }
}

/** GET /disks. */
export async function orphanDisks(d: Director): Promise<OrphanDisk[]> {
  let r: unknown;
  try {
    r = await d.req.get('/disks');
  } catch (e) {
    throw wrapError(e, 'Finding orphaned disks');
  }
  return list(r).map((x) => {
    const orphanedAt = orphanedAtOf(x);
    return {
      cid: str(x, 'disk_cid'),
      size: int(x, 'size'),
      deployment: str(x, 'deployment_name'),
      instance: str(x, 'instance_name'),
      az: str(x, 'az'),
      orphanedAt,
    };
  });
}

/**
 * bosh-cli TimeParser: `2006-01-02 15:04:05 -0700`, `2006-01-02 15:04:05 UTC` or RFC 3339, as Unix seconds; empty
 * is the zero time (0).
 */
function parseDirectorTime(s: string): number {
  if (s === '') return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)? ?([+-]\d{2}:?\d{2}|Z|UTC)$/.exec(s);
  if (m === null) {
    throw new Error(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  }
  const [, y, mo, da, h, mi, se, , zone = 'Z'] = m;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'UTC') {
    const z = zone.replace(':', '');
    offset = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se));
  return utc / 1000 - offset * 60;
}

/** What `format=full` tells about one instance or VM (bosh-cli VMInfo). */
export interface VmInfo {
  readonly agentId: string;
  readonly jobName: string;
  readonly id: string;
  readonly index: number | undefined;
  readonly processState: string;
  readonly active: boolean | undefined;
  readonly bootstrap: boolean;
  readonly ips: readonly string[];
  readonly deployment: string;
  readonly az: string;
  readonly state: string;
  readonly vmCid: string;
  readonly vmType: string;
  readonly resourcePool: string;
  readonly ignore: boolean;
  readonly diskCids: readonly string[];
  readonly vmCreatedAt: number;
  readonly cloudProperties: unknown;
  readonly processes: readonly VmProcess[];
  readonly vitals: unknown;
  readonly stemcell: { readonly name: string; readonly version: string };
}

export interface VmProcess {
  readonly name: string;
  readonly state: string;
  readonly cpuTotal: number | undefined;
  readonly memKb: number | undefined;
  readonly memPercent: number | undefined;
  readonly uptime: number | undefined;
}

const num = (o: unknown, key: string): number | undefined => {
  const v = field(o, key);
  return typeof v === 'number' ? v : undefined;
};

/** GET /deployments/<d>/<instances|vms>?format=full: a task whose result is one JSON object per line. */
export async function deploymentInfos(
  d: Director,
  name: string,
  kind: 'instances' | 'vms',
): Promise<VmInfo[]> {
  checkDeploymentName(name);
  let result: string;
  try {
    result = (await d.tasks.getResult(`/deployments/${name}/${kind}?format=full`)).result;
  } catch (e) {
    throw wrapError(e, `Listing deployment '${name}' ${kind} infos`);
  }
  const infos: VmInfo[] = [];
  for (const piece of result.split('\n')) {
    if (piece === '') continue;
    let r: unknown;
    try {
      r = parseDirectorJson(piece);
    } catch (e) {
      throw wrapError(e, `Unmarshaling ${kind.replace(/s$/, '')} info response: '${piece}'`);
    }
    let diskCids = strings(r, 'disk_cids');
    if (diskCids.length === 0 && str(r, 'disk_cid') !== '') diskCids = [str(r, 'disk_cid')];
    const createdRaw = str(r, 'vm_created_at');
    let vmCreatedAt: number;
    try {
      vmCreatedAt = parseDirectorTime(createdRaw);
    } catch (e) {
      throw wrapError(e, `Converting created_at '${createdRaw}' to time`);
    }
    const active = field(r, 'active');
    const stemcell = record(r, 'stemcell');
    infos.push({
      agentId: str(r, 'agent_id'),
      jobName: str(r, 'job_name'),
      id: str(r, 'id'),
      index: num(r, 'index'),
      processState: str(r, 'job_state'),
      active: typeof active === 'boolean' ? active : undefined,
      bootstrap: bool(r, 'bootstrap'),
      ips: strings(r, 'ips'),
      deployment: name,
      az: str(r, 'az'),
      state: str(r, 'state'),
      vmCid: str(r, 'vm_cid'),
      vmType: str(r, 'vm_type'),
      resourcePool: str(r, 'resource_pool'),
      ignore: bool(r, 'ignore'),
      diskCids,
      vmCreatedAt,
      cloudProperties: field(r, 'cloud_properties'),
      processes: list(r, 'processes').map((p) => ({
        name: str(p, 'name'),
        state: str(p, 'state'),
        cpuTotal: num(record(p, 'cpu'), 'total'),
        memKb: num(record(p, 'mem'), 'kb'),
        memPercent: num(record(p, 'mem'), 'percent'),
        uptime: num(record(p, 'uptime'), 'secs'),
      })),
      vitals: field(r, 'vitals'),
      stemcell: { name: str(stemcell, 'name'), version: str(stemcell, 'version') },
    });
  }
  return infos;
}

/** GET /deployments → the names (bosh-cli Director.Deployments, for instances and vms of every deployment). */
export async function deploymentNames(d: Director): Promise<string[]> {
  try {
    return list(await d.req.get('/deployments')).map((x) => str(x, 'name'));
  } catch (e) {
    throw wrapError(e, 'Finding deployments');
  }
}
