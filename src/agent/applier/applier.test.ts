import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import { DummyJobSupervisor } from '../../testing/dummy-job-supervisor.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import { blobs, dirs, quiet, sha1, tarBlob, useAgentRoot } from '../../testing/agent-fixtures.js';
import { Applier } from './applier.js';

useAgentRoot('agent-applier-', { uploads: false });
let applier: Applier;
let supervisor: DummyJobSupervisor;
beforeEach(() => {
  supervisor = new DummyJobSupervisor();
  applier = new Applier({ dirs, blobstore: blobs, supervisor, logger: quiet, parallel: () => 5 });
});

const blob = (id: string, files: Record<string, string>, entries: string[]) => tarBlob(id, files, entries);

async function spec(jobVersion: string, pkgVersion: string) {
  const archive = await blob(
    `jobs-${jobVersion}`,
    { 'web/monit': 'check process web', 'web/bin/run': 'echo' },
    ['./web'],
  );
  const pkg = await blob(`pkg-${pkgVersion}`, { 'bin/hello': `hello ${pkgVersion}` }, ['.']);
  return decodeApplySpec({
    configuration_hash: 'c',
    job: { name: 'g', templates: [{ name: 'web', version: jobVersion }] },
    rendered_templates_archive: { blobstore_id: `jobs-${jobVersion}`, sha1: archive },
    packages: { hello: { name: 'hello', version: pkgVersion, sha1: pkg, blobstore_id: `pkg-${pkgVersion}` } },
  });
}

describe('applier', () => {
  it('installs jobs and packages under data/ and enables them with symlinks', async () => {
    const s = await spec('j1', 'p1');
    await applier.apply(s);
    const jobHash = sha1(`j1-${s.rendered_templates_archive?.sha1 ?? ''}`);
    const pkgHash = sha1(`p1-${s.packages?.['hello']?.sha1 ?? ''}`);
    expect(await readlink(join(dirs.jobs, 'web'))).toBe(join(dirs.dataJobs, 'web', jobHash));
    expect(await readlink(join(dirs.packages, 'hello'))).toBe(join(dirs.dataPackages, 'hello', pkgHash));
    expect(await readlink(join(dirs.jobs, 'web', 'packages', 'hello'))).toBe(
      join(dirs.dataPackages, 'hello', pkgHash),
    );
    expect(await readFile(join(dirs.jobs, 'web', 'monit'), 'utf8')).toBe('check process web');
    expect((await stat(join(dirs.jobs, 'web', 'bin', 'run'))).mode & 0o777).toBe(0o750);
    expect((await stat(join(dirs.jobs, 'web', 'monit'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(dirs.packages, 'hello', 'bin', 'hello'), 'utf8')).toBe('hello p1');
    for (const dir of [dirs.jobLogDir('web'), dirs.jobRunDir('web'), dirs.jobDataDir('web')]) {
      expect((await stat(dir)).isDirectory()).toBe(true);
    }
    expect(blobs.deleted).toEqual(['jobs-j1']);
    expect(supervisor.jobs).toEqual([]);
    expect(applier.supervisedJobs(s)).toEqual([{ name: 'web', dir: join(dirs.jobs, 'web'), index: 0 }]);
  });

  it('does not fetch what is installed, and removes bundles the new spec does not name', async () => {
    // One spec applied twice: building the blobs again could stamp other tar times, so other digests.
    const same = await spec('j1', 'p1');
    await applier.apply(same);
    await applier.apply(same);
    expect(blobs.fetched).toEqual(['jobs-j1', 'pkg-p1']);
    await applier.apply(await spec('j2', 'p2'));
    expect(await readdir(join(dirs.dataJobs, 'web'))).toHaveLength(1);
    expect(await readdir(join(dirs.dataPackages, 'hello'))).toHaveLength(1);
    expect(await readFile(join(dirs.packages, 'hello', 'bin', 'hello'), 'utf8')).toBe('hello p2');
  });

  it('prepare installs without enabling', async () => {
    await applier.prepare(await spec('j1', 'p1'));
    await expect(stat(join(dirs.jobs, 'web'))).rejects.toThrow();
    expect(await readdir(join(dirs.dataJobs, 'web'))).toHaveLength(1);
  });

  it('wraps failures with the job and its step', async () => {
    const s = decodeApplySpec({
      job: { templates: [{ name: 'web', version: 'v' }] },
      rendered_templates_archive: { blobstore_id: 'absent', sha1: 'abc' },
    });
    const failure = await applier.apply(s).then(
      () => 'applied',
      (e: unknown) => errorChainMessage(toError(e)),
    );
    expect(failure).toMatch(/^Applying job web: Preparing job: Getting job source from blobstore: ENOENT/);
  });
});
