import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create } from 'tar';

export const sha1 = (b: Buffer | string): string => createHash('sha1').update(b).digest('hex');

export interface FixtureJob {
  readonly name: string;
  /** Files of the rendered job, relative to its directory (`monit`, `bin/pre-start`, …); `bin/*` are executable. */
  readonly files: Readonly<Record<string, string>>;
}

/** Tars `files` (relative paths under a staging dir) into `<blobstore>/<id>` as `./…` and returns its sha1. */
export async function putBlob(
  root: string,
  blobstore: string,
  id: string,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  const staging = join(root, 'staging', id);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(staging, path)), { recursive: true });
    await writeFile(join(staging, path), content);
    if (/(^|\/)bin\//.test(path)) await chmod(join(staging, path), 0o755);
  }
  await mkdir(blobstore, { recursive: true });
  await create({ file: join(blobstore, id), cwd: staging, gzip: true, portable: true }, ['.']);
  return sha1(await readFile(join(blobstore, id)));
}

/**
 * A full apply spec as the director sends it: the jobs in one rendered templates archive (`./<job>/…`) and one
 * compiled package `hello` (`./bin/hello`), all written to the local blobstore directory.
 */
export async function applySpecWith(
  root: string,
  blobstore: string,
  jobs: readonly FixtureJob[],
  host: string,
) {
  const archiveFiles: Record<string, string> = {};
  for (const job of jobs)
    for (const [p, c] of Object.entries(job.files)) archiveFiles[`${job.name}/${p}`] = c;
  const archiveSha1 = await putBlob(root, blobstore, 'rendered-templates-1', archiveFiles);
  const pkgSha1 = await putBlob(root, blobstore, 'package-hello-1', {
    'bin/hello': '#!/bin/sh\necho hello\n',
  });
  return {
    deployment: 'dep',
    name: 'web-group',
    index: 0,
    id: 'instance-uuid-1',
    az: 'z1',
    job: {
      name: 'web-group',
      template: jobs[0]?.name ?? '',
      version: 'job-fp-1',
      templates: jobs.map((j) => ({
        name: j.name,
        version: `${j.name}-fp-1`,
        sha1: 'ignored',
        blobstore_id: 'ignored',
      })),
    },
    packages: {
      hello: { name: 'hello', version: 'pkg-fp-1.1', sha1: pkgSha1, blobstore_id: 'package-hello-1' },
    },
    networks: { default: { type: 'manual', ip: host, netmask: '255.0.0.0', default: ['dns', 'gateway'] } },
    configuration_hash: 'config-hash-1',
    rendered_templates_archive: { blobstore_id: 'rendered-templates-1', sha1: archiveSha1 },
    template_hashes: {},
    persistent_disk: 0,
    dns_domain_name: 'bosh',
  };
}
