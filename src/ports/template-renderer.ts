/** Rendering BOSH job templates (ERB) for many instances in one call. */
import type { LinkContent } from '../core/links/types.js';
import type { PropertyDefinitions, PropertyHash } from '../core/templates/properties.js';
import type { TemplateSpecInput } from '../core/templates/template-spec.js';

/** A resolved consumed link, as `link('x')` exposes it. */
export type LinkSpec = LinkContent;

/** One `templates:` entry of a job spec, with the ERB text from the job blob. */
export interface TemplateSource {
  /** Path under the job's `templates/` dir (the key in job.MF), used in error messages. */
  readonly source: string;
  readonly destination: string;
  readonly erb: string;
}

export interface JobRenderInput {
  readonly name: string;
  readonly release: { readonly name: string; readonly version: string };
  /** The job's `monit` file (ERB); rendered first, as BOSH does. */
  readonly monit?: string;
  readonly templates: readonly TemplateSource[];
  /** The job spec's `properties:` (defaults). */
  readonly propertyDefinitions: PropertyDefinitions;
  /** Manifest properties for this job on this instance group (job-level over group-level, already merged). */
  readonly properties: PropertyHash;
  /** Consumed links by link name. */
  readonly links: Readonly<Record<string, LinkSpec>>;
}

export interface InstanceRenderInput {
  readonly spec: TemplateSpecInput;
  readonly jobs: readonly JobRenderInput[];
}

export interface RenderedFile {
  readonly source: string;
  readonly destination: string;
  readonly content: string;
}

export interface RenderedJob {
  readonly name: string;
  readonly monit: string | null;
  readonly files: readonly RenderedFile[];
}

export interface JobRenderError {
  readonly job: string;
  /** `- Unable to render templates for job 'j'. Errors are:\n  - Error filling in template ...` */
  readonly message: string;
}

export type InstanceRenderResult =
  | { readonly ok: true; readonly jobs: readonly RenderedJob[] }
  | {
      readonly ok: false;
      /** `- Unable to render jobs for instance group 'g'. Errors are:` + the job messages, as BOSH prints. */
      readonly error: string;
      readonly jobErrors: readonly JobRenderError[];
    };

export interface TemplateRenderer {
  /** Renders every job of every instance in one batch; results are in input order. */
  render(instances: readonly InstanceRenderInput[]): Promise<InstanceRenderResult[]>;
  /** Stops the renderer's worker process, if any. */
  close(): Promise<void>;
}
