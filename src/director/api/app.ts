import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { asBoshError, BoshError } from '../../core/errors.js';
import type { DeploymentState, NewTask } from '../../ports/director-store.js';
import { deploymentStateOrFail } from '../jobs/deployment-lookup.js';
import type { ApiDeps } from './api-deps.js';
import { granted, type Identity, type Permission } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | undefined;
    /** The file an `application/x-compressed` body was streamed to, until a task takes it over. */
    uploadPath: string | undefined;
  }
}

/**
 * The director's HTTPS API: fastify with BOSH's conventions — every route but `/info` needs credentials (401
 * `Not authorized: '<path>'` with a Basic challenge), errors as `{"code","description"}` with the error's HTTP
 * status, unknown routes `Endpoint '<path>' not found.`, tarball uploads streamed to disk (never buffered).
 */
export function buildApi(
  deps: ApiDeps,
  routes: ReadonlyArray<(app: FastifyInstance, deps: ApiDeps) => void>,
): FastifyInstance {
  const app = Fastify({
    https: { key: deps.config.tls.privateKey, cert: deps.config.tls.certificate },
    bodyLimit: 64 * 1024 * 1024,
    logger: false,
  });
  app.decorateRequest('identity', undefined);
  app.decorateRequest('uploadPath', undefined);

  app.addContentTypeParser(
    ['text/yaml', 'application/yaml', 'text/plain'],
    { parseAs: 'string' },
    (_req, body, done) => {
      done(null, body);
    },
  );
  app.addContentTypeParser('application/x-compressed', (req, payload, done) => {
    const path = join(deps.tmpDir, `upload-${randomUUID()}`);
    req.uploadPath = path;
    pipeline(payload as Readable, createWriteStream(path, { mode: 0o600 })).then(
      () => {
        done(null, { uploadPath: path });
      },
      (e: unknown) => {
        void rm(path, { force: true });
        done(e instanceof Error ? e : new Error(String(e)), undefined);
      },
    );
  });
  // Any other body (a signed blob PUT) reaches its route as a stream.
  app.addContentTypeParser('*', (_req, payload, done) => {
    done(null, payload);
  });
  // A request whose upload was not handed to a task leaves no file behind.
  app.addHook('onResponse', async (req) => {
    if (req.uploadPath !== undefined) await rm(req.uploadPath, { force: true });
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url === '/info' || req.url.startsWith('/info?') || req.url.startsWith('/signed/blobs/')) return;
    const identity = deps.authenticate(req.headers.authorization, deps.now());
    if (identity === undefined) {
      await reply
        .code(401)
        .header('WWW-Authenticate', 'Basic realm="BOSH Director"')
        .type('text/plain')
        .send(`Not authorized: '${req.url.split('?')[0] ?? ''}'\n`);
      return reply;
    }
    req.identity = identity;
    return undefined;
  });

  app.setErrorHandler(async (error, _req, reply) => {
    const fastifyStatus = (error as { statusCode?: unknown }).statusCode;
    if (!(error instanceof BoshError) && typeof fastifyStatus === 'number' && fastifyStatus < 500) {
      await reply
        .code(fastifyStatus)
        .send({ code: 100, description: error instanceof Error ? error.message : String(error) });
      return;
    }
    const e = asBoshError(error);
    await reply.code(e.httpStatus).send({ code: e.code, description: e.message });
  });
  app.setNotFoundHandler(async (req, reply) => {
    await reply
      .code(404)
      .type('text/plain')
      .send(`Endpoint '${req.url.split('?')[0] ?? ''}' not found.`);
  });

  for (const route of routes) route(app, deps);
  return app;
}

/** The caller's identity, refused with BOSH's error when it lacks `permission`. */
export function requirePermission(deps: ApiDeps, req: FastifyRequest, permission: Permission): Identity {
  const identity = req.identity;
  if (identity === undefined || !granted(identity, permission, deps.uuid)) {
    throw new BoshError(
      'UnauthorizedToAccessDeployment',
      `Require one of the scopes: bosh.admin, bosh.${deps.uuid}.admin${permission === 'read' ? `, bosh.read, bosh.${deps.uuid}.read` : ''}`,
    );
  }
  return identity;
}

/**
 * The route's `:name` deployment, then the caller's permission (admin unless said): BOSH's DeploymentLookup runs
 * before the permission check, so an unknown deployment is a 404 even for a caller without it.
 */
export async function routeDeploymentState(
  deps: ApiDeps,
  req: FastifyRequest,
  permission: 'admin' | 'read' = 'admin',
): Promise<DeploymentState> {
  const state = await deploymentStateOrFail(deps.store, (req.params as { name: string }).name);
  requirePermission(deps, req, permission);
  return state;
}

/** Queues a task and answers as BOSH does: 302 to `/tasks/<id>`. */
export async function enqueue(
  deps: ApiDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  task: Omit<NewTask, 'username' | 'contextId'>,
): Promise<void> {
  const contextId = req.headers['x-bosh-context-id'];
  const context = typeof contextId === 'string' ? contextId : '';
  if (context.length > 64)
    throw new BoshError('DirectorError', 'X-Bosh-Context-Id cannot be more than 64 characters in length');
  const payload = task.payload as { tarballPath?: unknown } | null;
  // The task's job deletes the upload it was given; the request must not.
  if (typeof payload?.tarballPath === 'string' && payload.tarballPath === req.uploadPath)
    req.uploadPath = undefined;
  const created = await deps.store.tasks.create({
    ...task,
    username: req.identity?.username ?? '',
    contextId: context,
  });
  deps.notifyTasks();
  await reply
    .code(302)
    .header('Location', `/tasks/${String(created.id)}`)
    .send();
}
