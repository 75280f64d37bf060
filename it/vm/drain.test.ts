import { writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applySpec, LocalCloud, pidfilePid, readText, startInstance, waitFor } from './support.js';

// A dynamic drain on a real VM, driven as the director's stopper drives it: `drain shutdown` answers -1, the
// director polls `drain status` every second until the answer is no longer negative, and only then sends `stop`.
// The job keeps running (unmonitored) the whole time the drain says it is not done.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

describe('dynamic drain', { timeout: 180_000 }, () => {
  it('delays stop until the drain script says it is done', async () => {
    const vm = await cloud.createVm('agent-drain');
    await vm.waitForAgent();
    await startInstance(vm);
    const loop = await waitFor('the loop pidfile', () => pidfilePid(vm, 'sys/run/web/loop.pid'));

    expect(await vm.runTask('drain', 'shutdown', await applySpec(vm))).toEqual({ value: -1 });
    let polls = 0;
    for (;;) {
      const status = await vm.runTask('drain', 'status');
      polls += 1;
      if (typeof status.value === 'number' && status.value >= 0) break;
      expect(status).toEqual({ value: -1 });
      // While the drain is not done, the job's processes are alive: nothing has stopped them.
      expect(await readText(`/proc/${String(loop)}/cmdline`)).toContain('while true');
      if (polls === 3) {
        await writeFile(vm.path('data/web/drained'), '');
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(polls).toBe(4);
    expect(await readText(`/proc/${String(loop)}/cmdline`)).toContain('while true');

    expect(await vm.runTask('stop')).toEqual({ value: 'stopped' });
    await waitFor(
      'the loop process to end',
      async () => (await readText(`/proc/${String(loop)}/cmdline`)) === undefined,
    );
    expect(await vm.jobState()).toBe('stopped');
    expect((await readText(vm.path('data/web/drain-calls')))?.trim().split('\n')).toEqual([
      'job_shutdown hash_unchanged',
      'job_check_status hash_unchanged',
      'job_check_status hash_unchanged',
      'job_check_status hash_unchanged',
      'job_check_status hash_unchanged',
    ]);
  });
});
