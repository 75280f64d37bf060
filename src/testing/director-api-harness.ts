/**
 * Route tests of the director API: a SQLite store in a temp dir per test, and an API of only the routes under test
 * that authenticates every request as `admin` with the given scopes (its clock fixed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { openDirectorStore } from '../adapters/db/index.js';
import type { ApiDeps } from '../director/api/api-deps.js';
import { buildApi } from '../director/api/app.js';
import type { DirectorStore } from '../ports/director-store.js';

export const API_NOW = 1_800_000_000;

export interface TempStore {
  /** The test's directory. */
  readonly dir: string;
  readonly store: DirectorStore;
}

/** Registers the hooks; the returned object holds the current test's store. */
export function useTempDirectorStore(prefix: string): TempStore {
  const current = { dir: '', store: undefined as DirectorStore | undefined };
  beforeEach(async () => {
    current.dir = await mkdtemp(join(tmpdir(), prefix));
    current.store = await openDirectorStore({ adapter: 'sqlite', path: join(current.dir, 'director.db') });
  });
  afterEach(async () => {
    await current.store?.close();
    await rm(current.dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return current.dir;
    },
    get store() {
      if (current.store === undefined) throw new Error('no store outside a test');
      return current.store;
    },
  };
}

type Routes = ReadonlyArray<(app: FastifyInstance, deps: ApiDeps) => void>;

/** The API with `routes` over `store`; `extra` adds or replaces deps (task files, a counting notifyTasks, ...). */
export function routesApi(
  store: DirectorStore,
  routes: Routes,
  o: { readonly scopes?: readonly string[]; readonly extra?: Record<string, unknown> } = {},
): FastifyInstance {
  const scopes = o.scopes ?? ['bosh.admin'];
  const deps = {
    uuid: 'uuid',
    store,
    authenticate: () => ({ username: 'admin', scopes }),
    notifyTasks: () => undefined,
    now: () => API_NOW,
    config: { tls: { certificate: '', privateKey: '' } },
    ...o.extra,
  } as unknown as ApiDeps;
  return buildApi(deps, routes);
}
