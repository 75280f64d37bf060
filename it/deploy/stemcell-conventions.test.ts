import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exists } from '../../src/adapters/fs/exists.js';
import { writeOneGroupManifest } from './one-group-manifest.js';
import { vmRows } from './query-support.js';
import { stemcellConventionsRelease } from './stemcell-release.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// Releases are written for stemcells: a vcap user and group, runit's chpst, and a /tmp of the VM's own. A release
// that relies on all three (as BOSH's acceptance-test release does) deploys and updates unchanged on local VMs.
const env = sharedDeployEnv('it-stemcell-conventions-', { release: stemcellConventionsRelease });

function writeManifest(label: string): Promise<string> {
  return writeOneGroupManifest(join(env.dir, `conventions-${label}.yml`), 'conventions', {
    release: 'stemcell-conventions',
    job: 'worker',
    instances: 2,
    watch: '1000-30000',
    properties: { label },
  });
}

describe('a release written for stemcells', { timeout: 300_000 }, () => {
  it('runs as vcap through chpst, and each VM drains with a /tmp of its own', async () => {
    const first = await env.bosh(['-d', 'conventions', 'deploy', await writeManifest('one')]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const vms = await vmRows(env, 'conventions');
    expect(vms).toHaveLength(2);
    for (const vm of vms) {
      const log = cpiDir(env, 'vms', vm.cid, 'data', 'sys', 'log', 'worker');
      expect(await readFile(join(log, 'whoami'), 'utf8')).toBe('vcap\n');
      expect(await readFile(join(log, 'worker.stderr.log'), 'utf8')).toBe('');
    }

    // The update drains the canary, then the other instance: neither finds the other's /tmp/drain flag.
    const second = await env.bosh(['-d', 'conventions', 'deploy', await writeManifest('two')]);
    expect(second.code).toBe(0);
    expect(second.stdout.match(/L executing drain: worker\//g)).toHaveLength(2);
    for (const vm of vms) {
      const data = cpiDir(env, 'vms', vm.cid, 'data');
      expect(await exists(join(data, 'root_tmp', 'drain'))).toBe(true);
      expect(await exists(join(data, 'sys', 'log', 'worker', 'drain.log'))).toBe(false);
    }
  });
});
