import type { FingerprintFile } from './fingerprint.js';
import { goJoin, newFileRelativePath } from './go-path.js';
import type { JobSpec } from './job-spec.js';
import { exists, resolveTarget, type ReleaseSource } from './release-source.js';

/**
 * collectFiles of bosh-cli's job DirReader: the spec under the name `job.MF`, `monit` and
 * `properties_schema.json` when they exist, and `templates/<key>` for every key of the spec's `templates`
 * (unlisted templates are ignored; a listed one that is missing fails later, when fingerprinting).
 * Symlinks are followed, so each file carries what its link resolves to.
 */
export function selectJobFiles(source: ReleaseSource, jobDir: string, spec: JobSpec): FingerprintFile[] {
  const files: FingerprintFile[] = [jobFile(source, jobDir, goJoin(jobDir, 'spec'), 'job.MF')];
  for (const optional of ['monit', 'properties_schema.json']) {
    const path = goJoin(jobDir, optional);
    if (exists(source, path)) files.push(jobFile(source, jobDir, path));
  }
  for (const template of spec.templates.keys()) {
    files.push(jobFile(source, jobDir, goJoin(jobDir, 'templates', template)));
  }
  return files;
}

function jobFile(source: ReleaseSource, jobDir: string, path: string, name?: string): FingerprintFile {
  const entry = source.fs.lstat(path)?.node.entry;
  const file: FingerprintFile = { name: name ?? newFileRelativePath(path, jobDir), path, entry };
  return entry?.kind === 'symlink' ? { ...file, target: resolveTarget(source, path) } : file;
}

/** Whether the job ships a `properties_schema.json` (it is fingerprinted and archived when present). */
export function hasPropertiesSchema(files: readonly FingerprintFile[]): boolean {
  return files.some((f) => f.name === 'properties_schema.json');
}
