import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exists, isFile } from '../../../adapters/fs/exists.js';
import { parseYaml } from '../../../base/yaml/parse.js';
import type { YamlValue } from '../../../base/yaml/value.js';
import { boshError, type BoshErrorKind } from '../../../core/errors.js';
import type { JobRecord } from '../../../ports/director-store.js';
import { extractArchive } from '../archives.js';
import { rubyToS } from '../../../base/ruby-inspect.js';
import { entry, yamlToJson } from '../ruby-values.js';
import type { ManifestJob } from './manifest.js';
import { archivePath, checkUploadedArchive, desc, directorError, type UploadScope } from './upload-scope.js';

/**
 * `ReleaseJob#update` up to the blob: extracts `jobs/<name>.tgz` next to it and checks its `job.MF` (name, template
 * files, monit file, logs/properties/packages formats, provides/consumes links) with BOSH's errors and messages.
 * Returns what the DB keeps of the job (the blob is the caller's).
 */
export async function readUploadedJob(
  scope: UploadScope,
  meta: ManifestJob,
): Promise<Omit<JobRecord, 'id' | 'blobstoreId'>> {
  const { name } = meta;
  const dir = join(scope.releaseDir, 'jobs', name);
  const problem = await extractArchive(archivePath(scope, 'job', name), dir);
  if (problem !== undefined) {
    scope.ctx.debug(`Extracting job '${desc(meta)}' archive failed in dir ${dir}, output: ${problem}`);
    throw boshError(
      'JobInvalidArchive',
      `Extracting job '${desc(meta)}' archive failed. Check task debug log for details.`,
    );
  }
  await checkUploadedArchive(scope, 'job', meta, true);

  const manifestPath = join(dir, 'job.MF');
  if (!(await isFile(manifestPath)))
    throw boshError('JobMissingManifest', `Missing job manifest for '${name}'`);
  let spec: YamlValue;
  try {
    spec = parseYaml(await readFile(manifestPath, 'utf8'));
  } catch (e) {
    throw directorError(`(${manifestPath}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const specName = entry(spec, 'name');
  if (name !== specName) {
    throw boshError(
      'JobInvalidName',
      `Inconsistent name for job '${name}'(exptected: '${name}', got: '${rubyToS(specName)}')`,
    );
  }
  const templates = entry(spec, 'templates');
  if (templates instanceof Map) {
    for (const key of templates.keys()) {
      const relative = rubyToS(key);
      if (!(await isFile(join(dir, 'templates', relative)))) {
        throw boshError('JobMissingTemplateFile', `Missing template file '${relative}' for job '${name}'`);
      }
    }
  }
  const auxMonit = (await readdir(dir)).some((f) => f.endsWith('.monit') && !f.startsWith('.'));
  if (!(await exists(join(dir, 'monit'))) && !auxMonit) {
    throw boshError('JobMissingMonit', `Job '${name}' is missing monit file`);
  }
  const mustBeMap = (key: string, kind: BoshErrorKind, what: string): void => {
    const v = entry(spec, key);
    if (v !== undefined && v !== null && v !== false && !(v instanceof Map)) {
      throw boshError(kind, `Job '${name}' has invalid ${what} spec format`);
    }
  };
  mustBeMap('logs', 'JobInvalidLogSpec', 'logs');
  mustBeMap('properties', 'JobInvalidPropertySpec', 'properties');
  checkLinks(name, entry(spec, 'provides'), 'provides');
  checkLinks(name, entry(spec, 'consumes'), 'consumes');
  const packages = entry(spec, 'packages');
  if (packages !== undefined && packages !== null && packages !== false && !Array.isArray(packages)) {
    throw boshError('JobInvalidPackageSpec', `Job '${name}' has invalid package spec format`);
  }
  const json = yamlToJson(spec);
  return {
    name,
    version: meta.version,
    fingerprint: meta.fingerprint,
    sha1: meta.sha1,
    packageNames: (packages || []).map((p) => rubyToS(p)),
    spec: typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {},
  };
}

/** `validate_provide_links` / `validate_consume_links`. */
function checkLinks(job: string, links: YamlValue | undefined, section: 'provides' | 'consumes'): void {
  if (links === undefined || links === null) return;
  if (!Array.isArray(links)) {
    throw boshError(
      'JobInvalidLinkSpec',
      `Job '${job}' has invalid spec format: '${section}' must be an array of hashes with name and type`,
    );
  }
  const title = section === 'provides' ? 'Provides' : 'Consumes';
  const seen = new Set<string>();
  for (const spec of links) {
    if (!(spec instanceof Map)) {
      throw boshError('JobInvalidLinkSpec', `${title} section in the release spec must be a list of hashes`);
    }
    if (!spec.has('type') || !spec.has('name')) {
      throw boshError(
        'JobInvalidLinkSpec',
        `Each ${section} item in the ${section} section of the release spec must contain 'name' and 'type'`,
      );
    }
    const linkName = rubyToS(spec.get('name'));
    if (section === 'provides' && spec.has('optional')) {
      throw boshError(
        'JobInvalidLinkSpec',
        `Link '${linkName}' of type '${rubyToS(spec.get('type'))}' is a provides link, not allowed to have 'optional' key`,
      );
    }
    if (seen.has(linkName)) {
      throw boshError(
        'JobDuplicateLinkName',
        `Job '${job}' specifies duplicate ${section} link with name '${linkName}'`,
      );
    }
    seen.add(linkName);
  }
}
