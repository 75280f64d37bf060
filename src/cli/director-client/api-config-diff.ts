import { wrapError } from '../../base/errors.js';
import { DirectorStatusError, parseDirectorJson } from './client-request.js';
import type { Director } from './director.js';
import { list, record, str } from './json-fields.js';

/** A diff line: its text and `added`, `removed` or anything else (unchanged). */
export type DiffLine = readonly [text: string, mod: string];

export interface ConfigDiff {
  readonly diff: readonly DiffLine[];
  readonly fromId: string;
}

/**
 * A config diff; a director without the endpoint (404) gives an empty diff, a missing config (error 440012) its
 * description alone.
 */
export async function postConfigDiff(
  d: Director,
  path: string,
  body: string,
  headers: Readonly<Record<string, string>>,
): Promise<ConfigDiff> {
  let resp: Buffer;
  try {
    resp = await d.req.raw('POST', path, { body, headers });
  } catch (e) {
    if (e instanceof DirectorStatusError && e.status === 404) {
      if (!e.message.includes('"code":440012')) return { diff: [], fromId: '' };
      const description = /description":"(.+?)"/.exec(e.message);
      throw new Error(description?.[1] ?? e.message);
    }
    throw wrapError(e, 'Fetching diff result');
  }
  const r = parseDirectorJson(resp);
  const diff = list(r, 'diff').map(diffLineOf);
  return { diff, fromId: str(record(r, 'from'), 'id') };
}

/** One `[text, modifier]` line of a director diff, as bosh-cli prints it (`%s` of its text). */
export function diffLineOf(line: unknown): DiffLine {
  const text = list(line)[0];
  const mod = list(line)[1];
  return [typeof text === 'string' ? text : formatGoValue(text), typeof mod === 'string' ? mod : ''];
}

/** `%s` of a JSON value that is not a string (a number in a diff line, say). */
function formatGoValue(v: unknown): string {
  if (v === undefined || v === null) return '%!s(<nil>)';
  if (typeof v === 'number') return `%!s(float64=${v.toString()})`;
  if (typeof v === 'boolean') return `%!s(bool=${v.toString()})`;
  return JSON.stringify(v);
}

/** GET /<kind>_configs?... → the latest's `properties`, or undefined when there is none. */
export async function latestTypedConfig(
  d: Director,
  path: string,
  context: string,
): Promise<string | undefined> {
  let resps: unknown[];
  try {
    resps = list(await d.req.get(path));
  } catch (e) {
    throw wrapError(e, context);
  }
  return resps.length === 0 ? undefined : str(resps[0], 'properties');
}

/** POST of a typed config as YAML. */
export async function updateTypedConfig(
  d: Director,
  path: string,
  yaml: string,
  context: string,
): Promise<void> {
  try {
    await d.req.raw('POST', path, { body: yaml, headers: { 'Content-Type': 'text/yaml' } });
  } catch (e) {
    throw wrapError(e, context);
  }
}
