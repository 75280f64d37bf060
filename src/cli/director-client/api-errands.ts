/**
 * bosh-cli's errand calls: `GET /deployments/<d>/errands` (Errands) and `POST /deployments/<d>/errands/<n>/runs`
 * (RunErrand), a task whose result is one JSON document per instance the errand ran on.
 */
import { wrapError } from '../../base/errors.js';
import { goJsonMarshal, type GoJson } from '../../base/go-json.js';
import type { InstanceTarget } from './api-deployments.js';
import { checkDeploymentName } from './api-deployments.js';
import { parseDirectorJson } from './client-request.js';
import type { Director } from './director.js';
import { field, int, list, str } from './json-fields.js';

export interface ErrandResult {
  readonly instanceGroup: string;
  readonly instanceId: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly logsBlobstoreId: string;
  readonly logsSha1: string;
}

export async function errands(d: Director, deployment: string): Promise<string[]> {
  checkDeploymentName(deployment);
  try {
    return list(await d.req.get(`/deployments/${deployment}/errands`)).map((e) => str(e, 'name'));
  } catch (e) {
    throw wrapError(e, 'Finding errands');
  }
}

/** The documents of a result, one after another (Go's json.Decoder over the whole text). */
function documents(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) if (line.trim() !== '') out.push(parseDirectorJson(line));
  return out;
}

export async function runErrand(
  d: Director,
  deployment: string,
  name: string,
  o: {
    readonly keepAlive: boolean;
    readonly whenChanged: boolean;
    readonly instances: readonly InstanceTarget[];
  },
): Promise<ErrandResult[]> {
  checkDeploymentName(deployment);
  if (name === '') throw new Error('Expected non-empty errand name');
  const instances: GoJson[] = o.instances.map((t) =>
    t.indexOrId === '' ? { group: t.group } : { group: t.group, id: t.indexOrId },
  );
  // Go marshals a map's keys sorted.
  const body = goJsonMarshal({ instances, 'keep-alive': o.keepAlive, 'when-changed': o.whenChanged });
  let result: string;
  try {
    result = await d.tasks.postResult(`/deployments/${deployment}/errands/${name}/runs`, {
      body,
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (e) {
    throw wrapError(e, `Running errand '${name}'`);
  }
  let docs: unknown[];
  try {
    docs = documents(result);
  } catch (e) {
    throw wrapError(e, 'Unmarshaling errand result');
  }
  return docs.map((r) => ({
    instanceGroup: str(field(r, 'instance'), 'group'),
    instanceId: str(field(r, 'instance'), 'id'),
    exitCode: int(r, 'exit_code'),
    stdout: str(r, 'stdout'),
    stderr: str(r, 'stderr'),
    logsBlobstoreId: str(field(r, 'logs'), 'blobstore_id'),
    logsSha1: str(field(r, 'logs'), 'sha1'),
  }));
}
