import { wrapError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import { type ConfigDiff, postConfigDiff } from './api-config-diff.js';
import { DirectorStatusError, parseDirectorJson } from './client-request.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { bool, list, str } from './json-fields.js';

export interface Config {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly createdAt: string;
  readonly team: string;
  readonly content: string;
  readonly current: boolean;
}

function configOf(r: unknown): Config {
  return {
    id: str(r, 'id'),
    name: str(r, 'name'),
    type: str(r, 'type'),
    createdAt: str(r, 'created_at'),
    team: str(r, 'team'),
    content: str(r, 'content'),
    current: bool(r, 'current'),
  };
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export async function latestConfig(d: Director, type: string, name: string): Promise<Config> {
  let resps: unknown[];
  try {
    const path = withQuery('/configs', [
      ['type', type],
      ['name', name],
      ['limit', '1'],
      ['latest', 'true'],
    ]);
    resps = list(await d.req.get(path));
  } catch (e) {
    throw wrapError(e, 'Finding config');
  }
  if (resps.length === 0) throw new Error('No config');
  return configOf(resps[0]);
}

export async function latestConfigById(d: Director, id: string): Promise<Config> {
  let body: Buffer;
  try {
    body = await d.req.raw('GET', `/configs/${id}`);
  } catch (e) {
    throw wrapError(e, e instanceof DirectorStatusError && e.status === 404 ? 'No config' : 'Finding config');
  }
  return configOf(parseDirectorJson(body));
}

export async function listConfigs(d: Director, limit: number, type: string, name: string): Promise<Config[]> {
  const query: [string, string][] = [];
  if (type !== '') query.push(['type', type]);
  if (name !== '') query.push(['name', name]);
  query.push(['limit', limit.toString()], ['latest', (limit === 1).toString()]);
  try {
    return list(await d.req.get(withQuery('/configs', query))).map(configOf);
  } catch (e) {
    throw wrapError(e, 'Listing configs');
  }
}

/** POST /configs; a 412 means someone else updated the config since the diff. */
export async function updateConfig(
  d: Director,
  type: string,
  name: string,
  expectedLatestId: string,
  content: string,
): Promise<Config> {
  const body = goJsonMarshal({
    type,
    name,
    content,
    ...(expectedLatestId !== '' ? { expected_latest_id: expectedLatestId } : {}),
  });
  let resp: Buffer;
  try {
    resp = await d.req.raw('POST', '/configs', { body, headers: JSON_HEADERS });
  } catch (e) {
    if (e instanceof DirectorStatusError && e.status === 412) {
      let r: unknown;
      try {
        r = JSON.parse(e.body) as unknown;
      } catch {
        throw wrapError(
          new Error('invalid character looking for beginning of value'),
          `Could not unmarshal response: '${e.body}'`,
        );
      }
      throw new Error(
        `Config update rejected: The expected latest ID '${str(r, 'expected_latest_id')}' doesn't match the latest ID '${str(r, 'latest_id')}'. This most likely means that a concurrent update of the config happened. Please try to upload again.`,
      );
    }
    throw wrapError(e, 'Updating config');
  }
  return configOf(parseDirectorJson(resp));
}

/** DELETE /configs?type=&name= or /configs/<id>: false when nothing matched (404). */
export async function deleteConfig(d: Director, path: string): Promise<boolean> {
  try {
    await d.req.raw('DELETE', path);
    return true;
  } catch (e) {
    if (e instanceof DirectorStatusError && e.status === 404) return false;
    throw wrapError(e, 'Deleting config');
  }
}

export function deleteConfigPath(type: string, name: string): string {
  return withQuery('/configs', [
    ['type', type],
    ['name', name],
  ]);
}

export async function diffConfig(
  d: Director,
  type: string,
  name: string,
  content: string,
): Promise<ConfigDiff> {
  const body = goJsonMarshal({ type, name, content });
  return postConfigDiff(d, '/configs/diff', body, JSON_HEADERS);
}
