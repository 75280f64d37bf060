/**
 * `JobRenderer` + `RenderedTemplatesPersister`: every job of an instance rendered from its release job archive,
 * packed as `<job>/<files>` (with `<job>/monit`) into a gzipped tarball stored in the blobstore.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create } from 'tar';
import { BoshError } from '../../core/errors.js';
import { deploymentRenderErrorMessage } from '../../core/templates/error-format.js';
import type { PropertyDefinitions, PropertyHash } from '../../core/templates/properties.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { JobRecord } from '../../ports/director-release-store.js';
import type {
  InstanceRenderInput,
  InstanceRenderResult,
  JobRenderInput,
  RenderedJob,
} from '../../ports/template-renderer.js';
import { extractArchive, makeTempDir, removePath } from '../jobs/archives.js';

/** A job's sources read from its archive (cached per job blob). */
export interface JobSources {
  readonly monit: string | undefined;
  readonly templates: JobRenderInput['templates'];
  readonly propertyDefinitions: PropertyDefinitions;
}

export async function readJobSources(
  blobstore: Blobstore,
  tmpDir: string,
  job: JobRecord,
): Promise<JobSources> {
  const dir = await makeTempDir(tmpDir, 'job-');
  try {
    const file = join(dir, 'job.tgz');
    await blobstore.get(job.blobstoreId, file, job.sha1);
    const out = join(dir, 'x');
    await mkdir(out);
    const error = await extractArchive(file, out);
    if (error !== undefined)
      throw new BoshError('DirectorError', `Cannot extract job '${job.name}': ${error}`);
    const spec = job.spec as { templates?: unknown; properties?: unknown };
    const templates: Array<{ source: string; destination: string; erb: string }> = [];
    const map = typeof spec.templates === 'object' && spec.templates !== null ? spec.templates : {};
    for (const [source, destination] of Object.entries(map as Record<string, unknown>)) {
      const erb = await readFile(join(out, 'templates', source), 'utf8');
      templates.push({ source, destination: String(destination), erb });
    }
    const monit = await readFile(join(out, 'monit'), 'utf8').catch(() => undefined);
    const defs = typeof spec.properties === 'object' && spec.properties !== null ? spec.properties : {};
    return { monit, templates, propertyDefinitions: defs as PropertyDefinitions };
  } finally {
    await removePath(dir);
  }
}

export const renderInput = (
  spec: InstanceRenderInput['spec'],
  jobs: ReadonlyArray<{
    name: string;
    release: { name: string; version: string };
    sources: JobSources;
    properties: PropertyHash;
    /** The job's consumed links by link name (render-links.ts). */
    links: JobRenderInput['links'];
  }>,
): InstanceRenderInput => ({
  spec,
  jobs: jobs.map((j) => ({
    name: j.name,
    release: j.release,
    ...(j.sources.monit === undefined ? {} : { monit: j.sources.monit }),
    templates: j.sources.templates,
    propertyDefinitions: j.sources.propertyDefinitions,
    properties: j.properties,
    links: j.links,
  })),
});

/**
 * The deploy's render error, if any instance failed: BOSH renders group by group, stops a group at its first failing
 * instance, and reports every failed group under one header (`Jobs::UpdateDeployment#render_templates...`).
 */
export function renderFailure(
  inputs: readonly InstanceRenderInput[],
  results: readonly InstanceRenderResult[],
): BoshError | undefined {
  const byGroup = new Map<string, string>();
  // The renderer answers one result per input, in order (RubyTemplateRenderer maps its inputs).
  inputs.forEach((input, n) => {
    const out = results[n];
    if (out?.ok === false && !byGroup.has(input.spec.name)) byGroup.set(input.spec.name, out.error);
  });
  if (byGroup.size === 0) return undefined;
  return new BoshError('DirectorError', deploymentRenderErrorMessage([...byGroup.values()]));
}

/** Packs the rendered jobs into the blobstore: the archive's id, sha1, and a digest of its contents. */
export async function persistRendered(
  blobstore: Blobstore,
  tmpDir: string,
  jobs: readonly RenderedJob[],
): Promise<{ blobstoreId: string; sha1: string; contentSha1: string }> {
  const dir = await makeTempDir(tmpDir, 'rendered-');
  try {
    const content = createHash('sha1');
    const root = join(dir, 'root');
    for (const job of jobs) {
      const files: Array<[string, string]> = [
        ['monit', job.monit ?? ''],
        ...job.files.map((f): [string, string] => [f.destination, f.content]),
      ];
      for (const [path, text] of files) {
        const target = join(root, job.name, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
        if (/(^|\/)bin\//.test(path)) await chmod(target, 0o755);
        content.update(`${job.name}/${path}\0${text}\0`);
      }
    }
    await mkdir(root, { recursive: true });
    const file = join(dir, 'rendered.tgz');
    await create({ file, cwd: root, gzip: true, portable: true }, ['.']);
    const sha1 = createHash('sha1')
      .update(await readFile(file))
      .digest('hex');
    const blobstoreId = await blobstore.put(file);
    return { blobstoreId, sha1, contentSha1: content.digest('hex') };
  } finally {
    await removePath(dir);
  }
}
