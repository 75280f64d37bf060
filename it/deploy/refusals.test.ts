import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { DirectorProcess } from '../director/harness.js';

// What the deploy refuses before it touches the cloud, each in its own words.
let dir: string;
let director: DirectorProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'it-deploy-refusals-'));
});
afterEach(async () => {
  await director?.stop();
  director = undefined;
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const MANIFEST = {
  name: 'demo',
  releases: [{ name: 'site', version: 'latest' }],
  stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
  update: { canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000 },
  instance_groups: [
    {
      name: 'web',
      instances: 1,
      azs: ['z1'],
      vm_type: 'small',
      stemcell: 'default',
      networks: [{ name: 'default' }],
      jobs: [{ name: 'web', release: 'site' }],
    },
  ],
};

const CLOUD = {
  azs: [{ name: 'z1' }],
  vm_types: [{ name: 'small' }],
  networks: [{ name: 'default', type: 'dynamic', subnets: [{ az: 'z1' }] }],
  compilation: { workers: 1, az: 'z1', vm_type: 'small', network: 'default' },
};

describe('a deploy', { timeout: 120_000 }, () => {
  it('is refused with BOSH-style messages when its inputs are missing, and stores no deployment', async () => {
    director = await DirectorProcess.start(join(dir, 'director'));
    const d = director;
    const yaml = { 'content-type': 'text/yaml' };
    const deploy = async (manifest: unknown): Promise<{ state: string; result: string | null }> => {
      const res = await d.request('POST', '/deployments', { body: stringify(manifest), headers: yaml });
      const id = /^\/tasks\/(\d+)$/.exec(String(res.headers.location))?.[1];
      if (id === undefined) throw new Error(`deploy: ${String(res.status)} ${res.body.toString()}`);
      return d.waitTask(Number(id));
    };

    const unnamed = await d.request('POST', '/deployments', { body: 'releases: []\n', headers: yaml });
    expect([unnamed.status, JSON.parse(unnamed.body.toString())]).toEqual([
      500,
      { code: 100, description: 'Deployment manifest must have a name' },
    ]);
    const unknown = await d.request('GET', '/deployments/nope/instances');
    expect([unknown.status, JSON.parse(unknown.body.toString())]).toEqual([
      404,
      { code: 70000, description: "Deployment 'nope' doesn't exist" },
    ]);

    expect(await deploy(MANIFEST)).toMatchObject({ state: 'error', result: 'No cloud config uploaded yet.' });
    await d.json('POST', '/configs', { type: 'cloud', name: 'default', content: stringify(CLOUD) });
    expect(await deploy(MANIFEST)).toMatchObject({
      state: 'error',
      result: "Release version 'site/latest' doesn't exist",
    });
    const release = await buildReleaseTarball(dir, { name: 'site', version: '1', jobs: [{ name: 'web' }] });
    expect(await d.waitTask(await d.upload('/releases', release))).toMatchObject({ state: 'done' });
    expect(await deploy(MANIFEST)).toMatchObject({
      state: 'error',
      result: "Stemcell 'default/latest' doesn't exist",
    });
    expect(await d.json('GET', '/deployments')).toEqual([]);
  });
});
