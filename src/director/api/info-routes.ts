import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { clientInfo } from './auth.js';

/** `GET /info` (no auth): the CLI is logged in when `user` is set. */
export function infoRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/info', (req) => {
    const identity = deps.authenticate(req.headers.authorization, deps.now());
    return Promise.resolve({
      name: deps.config.name,
      uuid: deps.uuid,
      version: deps.version,
      user: identity?.username ?? null,
      cpi: deps.config.cpi === undefined ? null : 'local',
      stemcell_os: null,
      stemcell_version: null,
      user_authentication: clientInfo(deps.config.userManagement),
      features: {
        local_dns: { status: false, extras: { domain_name: 'bosh' } },
        snapshots: { status: false },
        // The built-in config server (main.ts wires it into every deploy); it has no URL of its own.
        config_server: { status: true, extras: { urls: [] } },
      },
    });
  });
}
