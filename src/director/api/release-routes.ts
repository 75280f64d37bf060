import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseYaml } from '../../base/yaml/parse.js';
import { BoshError } from '../../core/errors.js';
import { compareVersions, parseVersion } from '../../core/release/semi-semantic.js';
import { plainYaml } from '../config/plain-yaml.js';
import type { ApiDeps } from './api-deps.js';
import { scalarText } from './scalar-text.js';
import { enqueue, requirePermission } from './app.js';

type Query = Record<string, string | undefined>;

/** The uploaded file of an `application/x-compressed` body, or the `{location, sha1}` of a JSON one. */
export function uploadSource(
  req: FastifyRequest,
): { tarballPath: string } | { location: string; sha1?: string } {
  const body = req.body as { uploadPath?: unknown; location?: unknown; sha1?: unknown } | undefined;
  if (typeof body?.uploadPath === 'string') return { tarballPath: body.uploadPath };
  if (typeof body?.location === 'string') {
    return { location: body.location, ...(typeof body.sha1 === 'string' ? { sha1: body.sha1 } : {}) };
  }
  throw new BoshError(
    'DirectorError',
    'Expected a release tarball (application/x-compressed) or {"location"}',
  );
}

const byVersion = (a: { version: string }, b: { version: string }) => {
  try {
    return compareVersions(parseVersion(a.version), parseVersion(b.version));
  } catch {
    return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
  }
};

export function releaseRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const releases = deps.store.releases;

  app.post('/releases', async (req, reply) => {
    requirePermission(deps, req, 'upload_release');
    const q = req.query as Query;
    const source = uploadSource(req);
    if ('location' in source && source.sha1 !== undefined && q.sha1 !== undefined) {
      return reply.code(400).send('Sha1 provided in multiple places');
    }
    const sha1 = 'location' in source ? (source.sha1 ?? q.sha1) : q.sha1;
    await enqueue(deps, req, reply, {
      type: 'update_release',
      description: 'create release',
      deploymentName: null,
      payload: { ...source, rebase: q.rebase === 'true', fix: q.fix === 'true', ...(sha1 ? { sha1 } : {}) },
    });
    return reply;
  });

  app.get('/releases', async (req) => {
    requirePermission(deps, req, 'read');
    const all = await releases.list();
    const result = [];
    for (const release of [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const versions = [];
      for (const v of [...release.versions].sort(byVersion)) {
        versions.push({
          version: v.version,
          commit_hash: v.commitHash,
          uncommitted_changes: v.uncommittedChanges,
          currently_deployed: (await releases.deploymentsUsing(release.name, v.version)).length > 0,
          job_names: v.jobs.map((j) => j.name),
        });
      }
      result.push({ name: release.name, release_versions: versions });
    }
    return result;
  });

  app.get('/releases/:name', async (req) => {
    requirePermission(deps, req, 'read');
    const name = (req.params as { name: string }).name.trim();
    const release = (await releases.list()).find((r) => r.name === name);
    if (release === undefined) throw new BoshError('ReleaseNotFound', `Release '${name}' doesn't exist`);
    const version = (req.query as Query).version;
    if (version !== undefined) {
      const v = release.versions.find((x) => x.version === version);
      if (v === undefined) {
        throw new BoshError('ReleaseVersionNotFound', `Release version '${name}/${version}' doesn't exist`);
      }
      const byName = <T extends { name: string }>(xs: readonly T[]) =>
        [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const packages = [];
      for (const p of byName(v.packages)) {
        const compiled = await releases.compiledPackages(p.id);
        packages.push({
          name: p.name,
          blobstore_id: p.blobstoreId,
          sha1: p.sha1,
          fingerprint: p.fingerprint,
          compiled_packages: compiled.map((c) => ({
            stemcell: `${c.stemcellOs}/${c.stemcellVersion}`,
            sha1: c.sha1,
            blobstore_id: c.blobstoreId,
          })),
        });
      }
      return {
        jobs: byName(v.jobs).map((j) => ({
          name: j.name,
          blobstore_id: j.blobstoreId,
          sha1: j.sha1,
          fingerprint: j.fingerprint,
          consumes: j.spec.consumes ?? [],
          provides: j.spec.provides ?? [],
        })),
        packages,
      };
    }
    const packages = new Map(release.versions.flatMap((v) => v.packages.map((p) => [p.id, p] as const)));
    const jobs = new Map(release.versions.flatMap((v) => v.jobs.map((j) => [j.id, j] as const)));
    return {
      packages: [...packages.values()].map((p) => ({
        name: p.name,
        sha1: p.sha1,
        version: p.version,
        dependencies: p.dependencies,
      })),
      jobs: [...jobs.values()].map((j) => ({
        name: j.name,
        sha1: j.sha1,
        version: j.version,
        packages: j.packageNames,
      })),
      versions: release.versions.map((v) => v.version),
    };
  });

  app.delete('/releases/:name', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const name = (req.params as { name: string }).name;
    if (!(await releases.list()).some((r) => r.name === name)) {
      throw new BoshError('ReleaseNotFound', `Release '${name}' doesn't exist`);
    }
    const q = req.query as Query;
    await enqueue(deps, req, reply, {
      type: 'delete_release',
      description: `delete release: ${name}`,
      deploymentName: null,
      payload: { name, ...(q.version ? { version: q.version } : {}), force: q.force === 'true' },
    });
    return reply;
  });

  app.post('/packages/matches', async (req) => {
    requirePermission(deps, req, 'read');
    let manifest: unknown;
    try {
      manifest = plainYaml(parseYaml(typeof req.body === 'string' ? req.body : ''));
    } catch {
      manifest = undefined;
    }
    const m = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as {
      packages?: unknown;
      name?: unknown;
      version?: unknown;
    };
    if (!Array.isArray(m.packages)) {
      throw new BoshError('BadManifest', "Manifest doesn't have a usable packages section");
    }
    if (typeof m.name === 'string' && m.version !== undefined) {
      const existing = await releases.getVersion(m.name, scalarText(m.version));
      if (existing?.uncommittedChanges === true) return [];
    }
    const fingerprints = m.packages
      .map((p) => (p as { fingerprint?: unknown } | null)?.fingerprint)
      .filter((f): f is string => typeof f === 'string');
    const found = await releases.packagesByFingerprint(fingerprints);
    return [
      ...new Set(found.filter((p) => p.sha1 !== null && p.blobstoreId !== null).map((p) => p.fingerprint)),
    ];
  });
}
