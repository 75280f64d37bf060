import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import {
  buildStemcellTarball,
  sha1File,
  type FixtureStemcell,
} from '../../testing/director-release-fixtures.js';
import { FakeStemcellCpi } from '../../testing/fake-stemcell-cpi.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateStemcellJob } from './update-stemcell.js';

let h: JobHarness;
let cpi: FakeStemcellCpi;
withJobHarness((opened) => {
  h = opened;
  cpi = new FakeStemcellCpi();
});

async function uploadPath(tarballPath: string, sha1?: string) {
  const ctx = new RecordingTaskContext();
  const job = updateStemcellJob({ store: h.store, clouds: [{ name: '', cpi }], tmpDir: h.tmpDir });
  return { ...(await runJob(job, ctx, { tarballPath, fix: false, ...(sha1 ? { sha1 } : {}) })), ctx };
}

/** The upload fails with `kind`/`message` in task `task`, and nothing is stored or created in the cloud. */
async function expectRefused(
  s: FixtureStemcell | string,
  task: string,
  kind: string,
  code: number,
  message: string,
) {
  const path = typeof s === 'string' ? s : await buildStemcellTarball(h.work, s);
  const { error, ctx } = await uploadPath(path);
  expect({ kind: error?.kind, code: error?.code, message: error?.message }).toEqual({ kind, code, message });
  expect(ctx.recorded.at(-1)).toMatchObject({
    stage: 'Update stemcell',
    task,
    state: 'failed',
    error: message,
  });
  expect(await h.store.stemcells.list()).toEqual([]);
  expect(cpi.created).toEqual([]);
  expect(await h.tmpEntries()).toEqual([]);
}

const manifest = { name: 'ubuntu', version: 5, sha1: 'abc' };
const verifying = 'Verifying stemcell manifest';

describe('update_stemcell refuses', () => {
  it('a file that is no tarball (StemcellInvalidArchive)', async () => {
    const path = join(h.work, 'junk.tgz');
    await writeFile(path, 'junk');
    await expectRefused(
      path,
      'Extracting stemcell archive',
      'StemcellInvalidArchive',
      50000,
      'Extracting stemcell archive failed. Check task debug log for details.',
    );
  });

  it('an upload that does not have the digest given (StemcellSha1DoesNotMatch)', async () => {
    const path = await buildStemcellTarball(h.work);
    const sha1 = await sha1File(path);
    const { error, ctx } = await uploadPath(path, 'shawone');
    expect(error?.kind).toBe('StemcellSha1DoesNotMatch');
    expect(error?.message).toBe(`Expected stream to have digest 'shawone' but was '${sha1}'`);
    expect(ctx.recorded.at(-1)).toMatchObject({
      task: 'Verifying remote stemcell',
      total: 6,
      state: 'failed',
    });
  });

  it('an empty stemcell.MF, and a tarball without one (as Ruby words it)', async () => {
    const { error } = await uploadPath(await buildStemcellTarball(h.work, { manifest: '' }));
    expect(error?.message).toBe("Required property 'name' was not specified in object (nil)");
    const tarball = join(h.work, 'image-only.tgz');
    const { create } = await import('tar');
    await writeFile(join(h.work, 'image'), 'IMAGE');
    await create({ file: tarball, cwd: h.work, gzip: true }, ['image']);
    const missing = await uploadPath(tarball);
    expect(missing.error?.kind).toBe('DirectorError');
    expect(missing.error?.message).toMatch(/^No such file or directory @ rb_sysopen - .*\/stemcell\.MF$/);
  });

  it.each([
    [
      { version: 5, sha1: 'abc' },
      'ValidationMissingField',
      40001,
      `Required property 'name' was not specified in object ({"version" => 5, "sha1" => "abc"})`,
    ],
    [
      { ...manifest, sha1: undefined },
      'ValidationMissingField',
      40001,
      'Required property \'sha1\' was not specified in object ({"name" => "ubuntu", "version" => 5})',
    ],
    [
      { ...manifest, cloud_properties: ['a'] },
      'ValidationInvalidType',
      40000,
      `Property 'cloud_properties' value (["a"]) did not match the required type 'Hash'`,
    ],
    [
      { ...manifest, api_version: 'x' },
      'ValidationInvalidType',
      40000,
      `Property 'api_version' value ("x") did not match the required type 'Integer'`,
    ],
    [
      { ...manifest, name: ['u'] },
      'ValidationInvalidType',
      40000,
      `Property 'name' value (["u"]) did not match the required type 'String'`,
    ],
  ])('stemcell.MF %j (%s)', async (m, kind, code, message) => {
    await expectRefused(
      { manifest: JSON.parse(JSON.stringify(m)) as Record<string, unknown> },
      verifying,
      kind,
      code,
      message,
    );
  });

  it('a stemcell without image (StemcellImageNotFound)', async () => {
    await expectRefused(
      { manifest, image: false },
      verifying,
      'StemcellImageNotFound',
      50001,
      'Stemcell image not found',
    );
  });

  it('what the CPI fails to create, storing nothing', async () => {
    cpi.failCreate = new Error('no space left');
    const { error, ctx } = await uploadPath(await buildStemcellTarball(h.work, { manifest }));
    expect(error?.message).toBe('no space left');
    expect(ctx.eventLines.at(-1)).toBe(
      'Update stemcell (4/5) > Uploading stemcell ubuntu/5 to the cloud: failed (no space left)',
    );
    expect(await h.store.stemcells.list()).toEqual([]);
  });
});
