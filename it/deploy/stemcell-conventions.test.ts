import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { vmRows } from './query-support.js';
import { stemcellConventionsRelease } from './stemcell-release.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// Releases are written for stemcells: a vcap user and group, runit's chpst, and a /tmp of the VM's own. A release
// that relies on all three (as BOSH's acceptance-test release does) deploys and updates unchanged on local VMs.
const env = sharedDeployEnv('it-stemcell-conventions-', { release: stemcellConventionsRelease });

async function writeManifest(label: string): Promise<string> {
  const path = join(env.dir, `conventions-${label}.yml`);
  await writeFile(
    path,
    stringify({
      name: 'conventions',
      releases: [{ name: 'stemcell-conventions', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: {
        canaries: 1,
        max_in_flight: 1,
        canary_watch_time: '1000-30000',
        update_watch_time: '1000-30000',
      },
      instance_groups: [
        {
          name: 'worker',
          instances: 2,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: 'worker', release: 'stemcell-conventions', properties: { label } }],
        },
      ],
    }),
  );
  return path;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

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
