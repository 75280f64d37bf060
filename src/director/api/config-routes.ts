import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseYaml } from '../../base/yaml/parse.js';
import { changesetDiff } from '../../core/diff/changeset.js';
import { BoshError } from '../../core/errors.js';
import type { ConfigRecord } from '../../ports/director-store.js';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import { scalarText } from './scalar-text.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';
import { rubyTime } from './ruby-time.js';

type Query = Record<string, string | undefined>;
type Json = Record<string, unknown>;

/** Parses config content as YAML; BadConfig unless it is a hash (`parse_config_content`). */
function configContent(content: unknown): YamlMap {
  let parsed: YamlValue;
  try {
    parsed = parseYaml(String(content));
  } catch (e) {
    throw new BoshError(
      'BadConfig',
      `Config must be valid YAML: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!(parsed instanceof Map)) throw new BoshError('BadConfig', 'YAML hash expected');
  return parsed;
}

function jsonBody(req: FastifyRequest): Json {
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BoshError('BadConfigRequest', 'JSON object expected');
  }
  return body as Json;
}

const diffLines = (from: unknown, to: unknown, redact: boolean) =>
  changesetDiff(from ?? {}, to ?? {}, { redact });

/** The generic `/configs` API (`configs_controller.rb`). */
export function configRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const configs = deps.store.configs;
  const hash = async (c: ConfigRecord): Promise<Json> => {
    const [latest] = await configs.latest({ type: c.type, name: c.name });
    return {
      content: c.content,
      id: String(c.id),
      type: c.type,
      name: c.name,
      team: null,
      created_at: rubyTime(c.createdAt),
      current: !c.deleted && latest?.id === c.id,
    };
  };
  const byId = async (id: string): Promise<ConfigRecord> => {
    const config = /^\d+$/.test(id) ? await configs.get(Number(id)) : undefined;
    if (config === undefined || config.deleted)
      throw new BoshError('ConfigNotFound', `Config ${id} not found`);
    return config;
  };

  app.get('/configs/:id', async (req) => {
    requirePermission(deps, req, 'read');
    return hash(await byId((req.params as { id: string }).id));
  });

  app.get('/configs', async (req) => {
    requirePermission(deps, req, 'read');
    const q = req.query as Query;
    if (q.limit !== undefined) {
      if (String(parseInt(q.limit, 10)) !== q.limit)
        throw new BoshError('BadConfigRequest', "'limit' must be a number");
      if (Number(q.limit) < 1) throw new BoshError('BadConfigRequest', "'limit' must be larger than zero");
    }
    if (q.latest !== undefined && q.latest !== 'true' && q.latest !== 'false') {
      throw new BoshError('BadConfigRequest', "'latest' must be 'true' or 'false'");
    }
    const filter = { ...(q.type ? { type: q.type } : {}), ...(q.name ? { name: q.name } : {}) };
    const found =
      q.limit === undefined && q.latest !== 'false'
        ? await configs.latest(filter)
        : await configs.list({ ...filter, ...(q.limit === undefined ? {} : { limit: Number(q.limit) }) });
    return Promise.all(found.map(hash));
  });

  app.post('/configs', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const body = jsonBody(req);
    for (const key of ['type', 'name']) {
      if (typeof body[key] !== 'string' || body[key] === '') {
        throw new BoshError(
          'BadConfigRequest',
          body[key] === undefined || body[key] === '' ? `'${key}' is required` : `'${key}' must be a string`,
        );
      }
    }
    const [type, name] = [String(body.type), String(body.name)];
    configContent(body.content);
    const [current] = await configs.latest({ type, name });
    const currentId = current === undefined ? '0' : String(current.id);
    if (body.expected_latest_id !== undefined && scalarText(body.expected_latest_id) !== currentId) {
      return reply.code(412).send({
        latest_id: currentId,
        expected_latest_id: scalarText(body.expected_latest_id),
        description: `Latest Id: '${currentId}' does not match expected latest id`,
      });
    }
    if (current !== undefined && current.content === body.content)
      return reply.code(201).send(await hash(current));
    const created = await configs.create({
      type,
      name,
      content: String(body.content),
      createdAt: deps.now(),
    });
    await addConfigEvent(deps, req, 'create', `config/${type}`, name);
    return reply.code(201).send(await hash(created));
  });

  app.post('/configs/diff', async (req, reply) => {
    requirePermission(deps, req, 'read');
    const body = jsonBody(req);
    const side = async (s: unknown): Promise<YamlMap | undefined> => {
      if (typeof s !== 'object' || s === null) return undefined;
      const o = s as Json;
      if (typeof o.id === 'string' && /^\d+$/.test(o.id)) return configContent((await byId(o.id)).content);
      if (typeof o.content === 'string') return configContent(o.content);
      return undefined;
    };
    try {
      if (
        typeof body.type === 'string' &&
        typeof body.name === 'string' &&
        typeof body.content === 'string'
      ) {
        const [current] = await configs.latest({ type: body.type, name: body.name });
        const next = configContent(body.content);
        const old = current === undefined ? new Map() : configContent(current.content);
        return {
          diff: diffLines(old, next, true),
          from: { id: current === undefined ? '0' : String(current.id) },
        };
      }
      const [from, to] = [await side(body.from), await side(body.to)];
      if (from === undefined || to === undefined) {
        throw new BoshError(
          'BadConfigRequest',
          'The following request formats are allowed:\n1. {"from":<config>,"to":<config>} where <config> is either {"id":"<id>"} or {"content":"<content>"}\n2. {"type":"<type>","name":"<name>","content":"<content>"}',
        );
      }
      return { diff: diffLines(from, to, true) };
    } catch (e) {
      if (!(e instanceof BoshError) || e.kind !== 'BadConfig') throw e;
      return reply.code(400).send({ diff: [], error: `Unable to diff config content: ${e.message}` });
    }
  });

  const remove = async (reply: FastifyReply, count: number | boolean) =>
    reply.code(count === true || (typeof count === 'number' && count > 0) ? 204 : 404).send();
  app.delete('/configs/:id', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const id = (req.params as { id: string }).id;
    await byId(id);
    return remove(reply, await configs.deleteById(Number(id)));
  });
  app.delete('/configs', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const q = req.query as Query;
    for (const key of ['type', 'name'] as const) {
      if (!q[key]) throw new BoshError('BadConfigRequest', `'${key}' is required`);
    }
    return remove(reply, await configs.deleteByName(q.type ?? '', q.name ?? ''));
  });
}

/** The event recorded when a config is stored (also by the legacy cloud/runtime/cpi config routes). */
export async function addConfigEvent(
  deps: ApiDeps,
  req: FastifyRequest,
  action: 'create' | 'update',
  objectType: string,
  name: string,
): Promise<void> {
  await deps.store.events.add({
    parentId: null,
    user: req.identity?.username ?? '',
    timestamp: Math.floor(deps.now()),
    action,
    objectType,
    objectName: name,
    error: null,
    task: null,
    deployment: null,
    instance: null,
    context: {},
  });
}
