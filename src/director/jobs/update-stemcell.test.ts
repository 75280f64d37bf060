import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import {
  buildStemcellTarball,
  sha1File,
  type FixtureStemcell,
} from '../../testing/director-release-fixtures.js';
import { FakeStemcellCpi } from '../../testing/fake-stemcell-cpi.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import type { NamedCpi } from './cpi.js';
import { updateStemcellJob } from './update-stemcell.js';

let h: JobHarness;
let cpi: FakeStemcellCpi;
withJobHarness((opened) => {
  h = opened;
  cpi = new FakeStemcellCpi(['local']);
});

async function upload(
  s: FixtureStemcell = {},
  options: { fix?: boolean; sha1?: string } = {},
  clouds: readonly NamedCpi[] = [{ name: '', cpi }],
) {
  const tarballPath = await buildStemcellTarball(h.work, s);
  const ctx = new RecordingTaskContext();
  const job = updateStemcellJob({ store: h.store, clouds, tmpDir: h.tmpDir });
  const sha1 = options.sha1 === 'real' ? await sha1File(tarballPath) : options.sha1;
  const payload = { tarballPath, fix: options.fix ?? false, ...(sha1 === undefined ? {} : { sha1 }) };
  return { ...(await runJob(job, ctx, payload)), ctx, tarballPath };
}

const NAME = 'bosh-local-ubuntu-go_agent/1.0';

describe('update_stemcell', () => {
  it('creates the stemcell in the cloud and stores it, in stage Update stemcell', async () => {
    await h.store.configs.create({
      type: 'runtime',
      name: 'default',
      content: 'tags: {team: a}\n',
      createdAt: 1,
    });
    const { result, ctx, tarballPath } = await upload();
    expect(result).toBe(`/stemcells/${NAME}`);
    expect(ctx.eventLines.filter((l) => l.endsWith('finished'))).toEqual([
      'Update stemcell (1/5) > Extracting stemcell archive: finished',
      'Update stemcell (2/5) > Verifying stemcell manifest: finished',
      'Update stemcell (3/5) > Checking if this stemcell already exists: finished',
      `Update stemcell (4/5) > Uploading stemcell ${NAME} to the cloud: finished`,
      `Update stemcell (5/5) > Save stemcell ${NAME} (stemcell-1): finished`,
    ]);
    expect(ctx.locks).toEqual([{ name: 'lock:stemcells:bosh-local-ubuntu-go_agent:1.0', timeout: 900 }]);
    expect(cpi.created).toEqual([
      { image: 'IMAGE', cloudProperties: { root_device_name: '/dev/sda1' }, env: { tags: { team: 'a' } } },
    ]);
    expect(await h.store.stemcells.list()).toEqual([
      expect.objectContaining({
        name: 'bosh-local-ubuntu-go_agent',
        version: '1.0',
        operatingSystem: 'ubuntu-jammy',
        cid: 'stemcell-1',
        sha1: 'image-sha1',
        cpi: '',
        apiVersion: 3,
      }),
    ]);
    expect(existsSync(tarballPath)).toBe(false);
    expect(await h.tmpEntries()).toEqual([]);
  });

  it('skips a stemcell the cloud has, and uploads it again with --fix', async () => {
    await upload();
    const again = await upload();
    expect(again.result).toBe(`/stemcells/${NAME}`);
    expect(again.ctx.eventLines.filter((l) => l.endsWith('finished')).slice(3)).toEqual([
      `Update stemcell (4/5) > Uploading stemcell ${NAME} to the cloud (already exists, skipped): finished`,
      `Update stemcell (5/5) > Save stemcell ${NAME} (stemcell-1) (already exists, skipped): finished`,
    ]);
    expect(cpi.created).toHaveLength(1);
    const fixed = await upload({}, { fix: true });
    expect(fixed.ctx.eventLines.at(-1)).toBe(
      `Update stemcell (5/5) > Save stemcell ${NAME} (stemcell-2): finished`,
    );
    expect((await h.store.stemcells.list()).map((s) => s.cid)).toEqual(['stemcell-2']);
    expect(cpi.deleted).toEqual([]);
  });

  it('checks the upload digest, names CPIs, skips CPIs of other formats', async () => {
    const other = new FakeStemcellCpi(['aws-raw']);
    const clouds = [
      { name: 'aws', cpi: other },
      { name: 'local', cpi },
    ];
    const { result, ctx } = await upload({}, { sha1: 'real' }, clouds);
    expect(result).toBe(`/stemcells/${NAME}`);
    expect(ctx.eventLines.filter((l) => l.endsWith('started'))).toEqual([
      'Update stemcell (1/9) > Verifying remote stemcell: started',
      'Update stemcell (2/9) > Extracting stemcell archive: started',
      'Update stemcell (3/9) > Verifying stemcell manifest: started',
      'Update stemcell (4/9) > Checking if this stemcell already exists (cpi: local): started',
      `Update stemcell (5/9) > Uploading stemcell ${NAME} to the cloud (cpi: local): started`,
      `Update stemcell (6/9) > Save stemcell ${NAME} (stemcell-1) (cpi: local): started`,
    ]);
    expect(ctx.locks[0]?.timeout).toBe(1800);
    expect(other.created).toEqual([]);
    expect((await h.store.stemcells.list()).map((s) => s.cpi)).toEqual(['local']);
  });

  it('refuses a stemcell no CPI takes (StemcellNotSupported)', async () => {
    const { error } = await upload({}, {}, [{ name: '', cpi: new FakeStemcellCpi(['dummy']) }]);
    expect(error?.kind).toBe('StemcellNotSupported');
    expect(error?.message).toBe(
      'uploaded stemcell with formats ["local"] are not supported by available cpi formats: ["dummy"]',
    );
    expect(await h.store.stemcells.list()).toEqual([]);
  });
});
