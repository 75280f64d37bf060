import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;

useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

describe('orphaned-vms', () => {
  it('fails as bosh-cli words it when the director does', async () => {
    d.json('GET', '/orphaned_vms', { code: 100, description: 'db down' }, 500);
    expect((await h.onTest(['orphaned-vms'])).stderr).toBe(
      'Finding orphaned VMs:\n' +
        '  Director responded with non-successful status code \'500\' response \'{"code":100,"description":"db down"}\'\n' +
        'Exit code 1\n',
    );
  });
});
