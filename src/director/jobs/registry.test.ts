import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { buildStemcellTarball } from '../../testing/director-release-fixtures.js';
import { FakeStemcellCpi } from '../../testing/fake-stemcell-cpi.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { directorJobs } from './registry.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

describe('directorJobs', () => {
  it('maps BOSH job types to jobs, giving stemcell jobs the default CPI with its log in the task cpi output', async () => {
    const cpi = new FakeStemcellCpi();
    const logged: Array<[number, string, string]> = [];
    const jobs = directorJobs({
      store: h.store,
      blobstore: h.blobstore,
      tmpDir: h.tmpDir,
      cpiFor: (log) => {
        log('cpi call\n');
        return cpi;
      },
      files: { append: (id, type, text) => logged.push([id, type, text]) },
    });
    expect([...jobs.keys()]).toEqual([
      'update_release',
      'delete_release',
      'update_stemcell',
      'delete_stemcell',
    ]);
    const job = jobs.get('update_stemcell');
    if (job === undefined) throw new Error('no update_stemcell');
    const tarballPath = await buildStemcellTarball(h.work);
    const { result } = await runJob(job, new RecordingTaskContext(7), { tarballPath, fix: false });
    expect(result).toBe('/stemcells/bosh-local-ubuntu-go_agent/1.0');
    expect(logged).toEqual([[7, 'cpi', 'cpi call\n']]);
    expect((await h.store.stemcells.list())[0]?.cpi).toBe('');
  });

  it('fails stemcell tasks when no CPI is configured', async () => {
    const jobs = directorJobs({
      store: h.store,
      blobstore: h.blobstore,
      tmpDir: h.tmpDir,
      cpiFor: () => undefined,
      files: { append: () => undefined },
    });
    const job = jobs.get('delete_stemcell');
    if (job === undefined) throw new Error('no delete_stemcell');
    const { error } = await runJob(job, new RecordingTaskContext(), {
      name: 'a',
      version: '1',
      force: false,
    });
    expect(error?.message).toBe('No CPI is configured for this director');
  });
});
