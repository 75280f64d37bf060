import {
  field,
  int,
  map,
  root,
  slice,
  str,
  struct,
  goValue,
  type AgentValue,
  type ApplySpec,
  type At,
  type JobSpec,
  type PackageSpec,
} from '../../protocol/agent.js';

/**
 * The apply spec as bosh-agent decodes it into V1ApplySpec (Go encoding/json rules and texts) and encodes it back
 * (spec.json, get_state): V1ApplySpec field order, map keys sorted, fields it does not know dropped.
 */

export function decodeApplySpec(v: unknown): ApplySpec {
  const at = root('applyspec.V1ApplySpec');
  const o = struct(v, at, 'applyspec.V1ApplySpec');
  const f = (name: string) => field(at, 'V1ApplySpec', name);
  const props = struct(o['properties'], f('properties'), 'applyspec.PropertiesSpec');
  const loggingAt = field(f('properties'), 'PropertiesSpec', 'logging');
  const logging = struct(props['logging'], loggingAt, 'applyspec.LoggingSpec');
  // A custom UnmarshalJSON decodes the archive on its own: its errors name the inner struct only.
  const archiveAt = (name: string) => field(root(''), 'renderedTemplatesArchiveJSONStruct', name);
  const archive = struct(
    o['rendered_templates_archive'],
    root('applyspec.renderedTemplatesArchiveJSONStruct'),
    '',
  );
  const archiveSpec = {
    sha1: str(archive['sha1'], archiveAt('sha1')),
    blobstore_id: str(archive['blobstore_id'], archiveAt('blobstore_id')),
  };
  return {
    properties: {
      logging: {
        max_log_file_size: str(
          logging['max_log_file_size'],
          field(loggingAt, 'LoggingSpec', 'max_log_file_size'),
        ),
      },
    },
    job: decodeJobSpec(o['job'], f('job')),
    packages: map(o['packages'], f('packages'), 'map[string]applyspec.PackageSpec', (p, key) =>
      decodePackageSpec(p, field(f('packages'), 'PackageSpec', key)),
    ),
    configuration_hash: str(o['configuration_hash'], f('configuration_hash')),
    networks: map(o['networks'], f('networks'), 'map[string]applyspec.NetworkSpec', (n) => {
      const fields = map(n, f('networks'), 'map[string]interface {}', goValue);
      return fields ?? {};
    }),
    resource_pool: goValue(o['resource_pool']),
    deployment: str(o['deployment'], f('deployment')),
    name: str(o['name'], f('name')),
    index: o['index'] === null || o['index'] === undefined ? null : int(o['index'], f('index')),
    id: str(o['id'], f('id')),
    az: str(o['az'], f('az')),
    persistent_disk: int(o['persistent_disk'], f('persistent_disk')),
    rendered_templates_archive:
      archiveSpec.sha1 === '' && archiveSpec.blobstore_id === '' ? null : archiveSpec,
  };
}

function decodeJobSpec(v: unknown, at: At): JobSpec {
  const o = struct(v, at, 'applyspec.JobSpec');
  const f = (name: string) => field(at, 'JobSpec', name);
  return {
    name: o['name'] === null || o['name'] === undefined ? null : str(o['name'], f('name')),
    release: str(o['release'], f('release')),
    template: str(o['template'], f('template')),
    version: str(o['version'], f('version')),
    templates: slice(o['templates'], f('templates'), '[]applyspec.JobTemplateSpec', (t) => {
      const to = struct(t, f('templates'), 'applyspec.JobTemplateSpec');
      const tf = (name: string) => field(f('templates'), 'JobTemplateSpec', name);
      return { name: str(to['name'], tf('name')), version: str(to['version'], tf('version')) };
    }),
  };
}

function decodePackageSpec(v: unknown, at: At): PackageSpec {
  const o = struct(v, at, 'applyspec.PackageSpec');
  const f = (name: string) => field(at, 'PackageSpec', name);
  return {
    name: str(o['name'], f('name')),
    version: str(o['version'], f('version')),
    sha1: str(o['sha1'], f('sha1')),
    blobstore_id: str(o['blobstore_id'], f('blobstore_id')),
    signed_url: str(o['signed_url'], f('signed_url')),
    blobstore_headers: map(o['blobstore_headers'], f('blobstore_headers'), 'map[string]string', (h) =>
      str(h, f('blobstore_headers')),
    ),
  };
}

/** The spec as spec.json holds it and get_state embeds it (V1ApplySpec field order). */
export function encodeApplySpec(spec: ApplySpec): { readonly [key: string]: AgentValue } {
  return {
    properties: { logging: { max_log_file_size: spec.properties.logging.max_log_file_size } },
    job: {
      name: spec.job.name,
      release: spec.job.release,
      template: spec.job.template,
      version: spec.job.version,
      templates: spec.job.templates?.map((t) => ({ name: t.name, version: t.version })) ?? null,
    },
    packages: spec.packages === null ? null : mapValues(spec.packages, encodePackageSpec),
    configuration_hash: spec.configuration_hash,
    networks: spec.networks === null ? null : mapValues(spec.networks, (n) => ({ ...n })),
    resource_pool: spec.resource_pool,
    deployment: spec.deployment,
    name: spec.name,
    index: spec.index,
    id: spec.id,
    az: spec.az,
    persistent_disk: spec.persistent_disk,
    rendered_templates_archive: spec.rendered_templates_archive && { ...spec.rendered_templates_archive },
  };
}

function encodePackageSpec(p: PackageSpec): AgentValue {
  const headers = p.blobstore_headers === null ? null : { ...p.blobstore_headers };
  return { ...p, blobstore_headers: headers };
}

function mapValues<T>(m: Readonly<Record<string, T>>, f: (t: T) => AgentValue): Record<string, AgentValue> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}
