import type { FastifyInstance } from 'fastify';
import { parseYaml } from '../../base/yaml/parse.js';
import { changesetDiff } from '../../core/diff/changeset.js';
import { BoshError } from '../../core/errors.js';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';
import { addConfigEvent } from './config-routes.js';
import { rubyTime } from './ruby-time.js';

/** `validate_manifest_yml`: the body must be a non-empty YAML hash (BadManifest otherwise). */
export function manifestYaml(text: unknown): YamlMap {
  if (typeof text !== 'string' || text === '')
    throw new BoshError('BadManifest', 'Manifest should not be empty');
  let parsed: YamlValue;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    throw new BoshError(
      'BadManifest',
      `Incorrect YAML structure of the uploaded manifest: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!(parsed instanceof Map)) throw new BoshError('BadManifest', 'Manifest should be a hash');
  return parsed;
}

/**
 * The typed config routes the CLI's `update-cloud-config`/`cloud-config` (and runtime, cpi) still use: the same
 * configs, type `cloud`/`runtime`/`cpi`, name from `?name=` or `default` (cpi configs have no name).
 */
export function legacyConfigRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const [prefix, type, label] of [
    ['cloud_configs', 'cloud', 'cloud-config'],
    ['runtime_configs', 'runtime', 'runtime-config'],
    ['cpi_configs', 'cpi', 'cpi-config'],
  ] as const) {
    const nameOf = (q: unknown) => {
      const name = (q as { name?: unknown }).name;
      return type !== 'cpi' && typeof name === 'string' && name !== '' ? name : 'default';
    };
    app.post(`/${prefix}`, async (req, reply) => {
      requirePermission(deps, req, 'admin');
      const name = nameOf(req.query);
      const text = req.body;
      manifestYaml(text);
      const [latest] = await deps.store.configs.latest({ type, name });
      if (latest?.content !== text) {
        await deps.store.configs.create({ type, name, content: String(text), createdAt: deps.now() });
        await addConfigEvent(deps, req, 'update', label, name);
      }
      return reply.code(201).send();
    });
    app.post(`/${prefix}/diff`, async (req) => {
      requirePermission(deps, req, 'read');
      const [latest] = await deps.store.configs.latest({ type, name: nameOf(req.query) });
      const old = latest === undefined ? new Map() : manifestYaml(latest.content);
      const next = typeof req.body === 'string' && req.body !== '' ? manifestYaml(req.body) : new Map();
      return { diff: changesetDiff(old, next, { redact: false }) };
    });
    app.get(`/${prefix}`, async (req, reply) => {
      requirePermission(deps, req, 'read');
      const limit = (req.query as { limit?: string }).limit;
      if (limit === undefined || limit === '') return reply.code(400).send('limit is required');
      if (!/^[-+]?\d+$/.test(limit))
        return reply.code(400).send(`limit is invalid: '${limit}' is not an integer`);
      const found = await deps.store.configs.list({ type, name: nameOf(req.query), limit: Number(limit) });
      return found.map((c) => ({ properties: c.content, created_at: rubyTime(c.createdAt) }));
    });
  }
}
