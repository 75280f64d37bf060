/** Building one worker request for a batch of instances, and turning the worker's answer into results. */
import { instanceRenderErrorMessage, jobRenderErrorMessage } from '../../core/templates/error-format.js';
import { bindJobProperties, type PropertyHash } from '../../core/templates/properties.js';
import { buildTemplateSpec, jobTemplateSpec } from '../../core/templates/template-spec.js';
import type {
  InstanceRenderInput,
  InstanceRenderResult,
  JobRenderError,
  RenderedJob,
} from '../../ports/template-renderer.js';

interface WireJob {
  spec: PropertyHash;
  monit: number | null;
  files: { source: string; template: number }[];
}
export interface WireRequest {
  id: number;
  templates: { filename: string; erb: string }[];
  instances: { spec: PropertyHash; jobs: WireJob[] }[];
}
/** Jobs whose properties could not be bound never reach Ruby. */
export interface PreparedBatch {
  request: WireRequest;
  bindErrors: Map<string, string>;
}

export function buildRequest(id: number, instances: readonly InstanceRenderInput[]): PreparedBatch {
  const templates: WireRequest['templates'] = [];
  const seen = new Map<string, number>();
  const bindErrors = new Map<string, string>();
  const intern = (filename: string, erb: string): number => {
    const key = `${filename}\0${erb}`;
    let at = seen.get(key);
    if (at === undefined) {
      at = templates.push({ filename, erb }) - 1;
      seen.set(key, at);
    }
    return at;
  };
  const wireInstances = instances.map((instance, i) => ({
    spec: buildTemplateSpec(instance.spec),
    jobs: instance.jobs.map((job, j): WireJob => {
      let properties: PropertyHash = {};
      try {
        properties = bindJobProperties(job.propertyDefinitions, job.properties);
      } catch (err) {
        bindErrors.set(`${i}/${j}`, err instanceof Error ? err.message : String(err));
      }
      const links = structuredClone(job.links) as unknown as PropertyHash;
      return {
        spec: jobTemplateSpec({}, { properties, links, release: job.release }),
        monit: job.monit === undefined ? null : intern(`${job.name}/monit`, job.monit),
        files: bindErrors.has(`${i}/${j}`)
          ? []
          : job.templates.map((t) => ({
              source: t.source,
              template: intern(`${job.name}/${t.source}`, t.erb),
            })),
      };
    }),
  }));
  return { request: { id, templates, instances: wireInstances }, bindErrors };
}

export interface WireFile {
  content?: string;
  error?: string;
}
export interface WireJobResult {
  monit?: string;
  monit_error?: string;
  files: WireFile[];
}
export interface WireResponse {
  id: number;
  pid: number;
  instances: { jobs: WireJobResult[] }[];
}

/** Maps the worker's answer back onto the inputs, aggregating errors as the director does. */
export function assembleResults(
  instances: readonly InstanceRenderInput[],
  prepared: PreparedBatch,
  response: WireResponse,
): InstanceRenderResult[] {
  return instances.map((instance, i) => {
    const wireJobs = response.instances[i]?.jobs ?? [];
    const jobs: RenderedJob[] = [];
    const jobErrors: JobRenderError[] = [];
    instance.jobs.forEach((job, j) => {
      const bindError = prepared.bindErrors.get(`${i}/${j}`);
      const wire = wireJobs[j];
      if (bindError !== undefined || wire === undefined) {
        const message = bindError ?? 'template worker returned no result';
        jobErrors.push({ job: job.name, message: jobRenderErrorMessage(job.name, [message]) });
        return;
      }
      if (wire.monit_error !== undefined) {
        jobErrors.push({ job: job.name, message: wire.monit_error });
        return;
      }
      const fileErrors = wire.files.flatMap((f) => (f.error === undefined ? [] : [f.error]));
      if (fileErrors.length > 0) {
        jobErrors.push({ job: job.name, message: jobRenderErrorMessage(job.name, fileErrors) });
        return;
      }
      const files = job.templates.map((t, k) => ({
        source: t.source,
        destination: t.destination,
        content: wire.files[k]?.content ?? '',
      }));
      jobs.push({ name: job.name, monit: wire.monit ?? null, files });
    });
    if (jobErrors.length === 0) return { ok: true as const, jobs };
    const error = instanceRenderErrorMessage(
      instance.spec.name,
      jobErrors.map((e) => e.message),
    );
    return { ok: false as const, error, jobErrors };
  });
}
