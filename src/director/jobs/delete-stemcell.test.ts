import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJobHarness, runJob, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeStemcellCpi } from '../../testing/fake-stemcell-cpi.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import type { StemcellRecord } from '../../ports/director-store.js';
import { deleteStemcellJob } from './delete-stemcell.js';

let h: JobHarness;
let cpi: FakeStemcellCpi;
let stemcell: StemcellRecord;
beforeEach(async () => {
  h = await openJobHarness();
  cpi = new FakeStemcellCpi();
  stemcell = await h.store.stemcells.create({
    name: 'ubuntu',
    version: '5',
    operatingSystem: 'ubuntu-jammy',
    cid: 'cid-1',
    sha1: 'abc',
    cpi: '',
    apiVersion: 3,
  });
});
afterEach(async () => {
  await h.close();
});

async function remove(payload: { name: string; version: string; force?: boolean }) {
  const ctx = new RecordingTaskContext();
  const job = deleteStemcellJob({ store: h.store, clouds: [{ name: '', cpi }] });
  return { ...(await runJob(job, ctx, { force: false, ...payload })), ctx };
}

describe('delete_stemcell', () => {
  it('deletes it from the cloud and the DB, without event stages', async () => {
    const { result, ctx } = await remove({ name: 'ubuntu', version: '5' });
    expect(result).toBe('/stemcells/ubuntu/5');
    expect(cpi.deleted).toEqual(['cid-1']);
    expect(await h.store.stemcells.list()).toEqual([]);
    expect(ctx.recorded).toEqual([]);
    expect(ctx.locks).toEqual([{ name: 'lock:stemcells:ubuntu:5', timeout: 10 }]);
  });

  it('refuses a stemcell it does not have (StemcellNotFound)', async () => {
    const { error } = await remove({ name: 'ubuntu', version: '6' });
    expect([error?.kind, error?.code, error?.message]).toEqual([
      'StemcellNotFound',
      50003,
      "Stemcell 'ubuntu/6' doesn't exist",
    ]);
  });

  it('never deletes a stemcell a deployment uses, even forced (StemcellInUse)', async () => {
    await h.addDeployment('b', { stemcells: [stemcell.id] });
    await h.addDeployment('a', { stemcells: [stemcell.id] });
    const { error } = await remove({ name: 'ubuntu', version: '5', force: true });
    expect([error?.kind, error?.message]).toEqual([
      'StemcellInUse',
      "Stemcell 'ubuntu/5' is still in use by: a, b",
    ]);
    expect(cpi.deleted).toEqual([]);
    expect(await h.store.stemcells.list()).toHaveLength(1);
  });

  it('keeps the record when the CPI fails, unless forced', async () => {
    cpi.failDelete = new Error('Stemcell not found in cloud');
    const failed = await remove({ name: 'ubuntu', version: '5' });
    expect(failed.error?.message).toBe('Stemcell not found in cloud');
    expect(await h.store.stemcells.list()).toHaveLength(1);
    const forced = await remove({ name: 'ubuntu', version: '5', force: true });
    expect(forced.result).toBe('/stemcells/ubuntu/5');
    expect(await h.store.stemcells.list()).toEqual([]);
  });

  it('refuses a stemcell of a CPI that is not configured any more', async () => {
    await h.store.stemcells.create({ ...stemcell, version: '7', cpi: 'gone' });
    const { error } = await remove({ name: 'ubuntu', version: '7', force: true });
    expect(error?.message).toBe('Stemcell has CPI defined (gone) that is not configured anymore.');
  });
});
