import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { buildLocalStemcell, DirectorProcess, runBosh } from '../director/harness.js';

// The first end-to-end deploy: the embedded director, the local CPI, real agents on VMs, our CLI. A release whose
// job serves HTTP on its own VM's IP is compiled on a compilation VM and deployed to 2 instances with a canary.
let dir: string;
let director: DirectorProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'it-deploy-'));
});
afterEach(async () => {
  await director?.stop();
  director = undefined;
  // VMs outlive the director by design: end every process of this test's data dir.
  for (let i = 0; i < 3; i += 1) spawnSync('pkill', ['-9', '-f', dir]);
  spawnSync('sh', [
    '-c',
    `for p in /proc/[0-9]*; do grep -qz "BOSH_LOCAL_CPI_VM_CID" $p/environ 2>/dev/null && grep -q "${dir}" $p/cmdline 2>/dev/null && kill -9 \${p#/proc/}; done`,
  ]);
  await rm(dir, { recursive: true, force: true });
}, 60_000);

/** Our `bosh` CLI as the admin, with a HOME of its own under the test dir. */
const bosh = (d: DirectorProcess, args: readonly string[]) =>
  runBosh(d, args, {
    home: join(dir, 'home'),
    cwd: dir,
    env: { BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: d.password },
  });

/**
 * A director with a local stemcell, the fixture release and a cloud config (one AZ, a dynamic network with
 * `subnet`, compilation on it) uploaded.
 */
async function preparedDirector(subnet: Record<string, unknown>): Promise<DirectorProcess> {
  director = await DirectorProcess.start(join(dir, 'director'));
  const d = director;
  expect((await bosh(d, ['upload-stemcell', buildLocalStemcell(dir)])).code).toBe(0);
  expect((await bosh(d, ['upload-release', await fixtureRelease()])).code).toBe(0);
  const cloud = join(dir, 'cloud.yml');
  await writeFile(
    cloud,
    stringify({
      azs: [{ name: 'z1' }],
      vm_types: [{ name: 'small' }],
      networks: [{ name: 'default', type: 'dynamic', subnets: [subnet] }],
      compilation: {
        workers: 1,
        az: 'z1',
        vm_type: 'small',
        network: 'default',
        reuse_compilation_vms: true,
      },
    }),
  );
  expect((await bosh(d, ['update-cloud-config', cloud])).code).toBe(0);
  return d;
}

/** A manifest of one instance group `web` running the fixture job, written to `<dir>/<name>.yml`. */
async function writeManifest(
  name: string,
  o: { instances: number; watch: string; properties: Record<string, unknown> },
): Promise<string> {
  const path = join(dir, `${name}.yml`);
  await writeFile(
    path,
    stringify({
      name,
      releases: [{ name: 'site', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: { canaries: 1, max_in_flight: 1, canary_watch_time: o.watch, update_watch_time: o.watch },
      instance_groups: [
        {
          name: 'web',
          instances: o.instances,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: 'web', release: 'site', properties: o.properties }],
        },
      ],
    }),
  );
  return path;
}

const SERVE = `#!/bin/sh
# serve <port> <ip> <dir>
cd "$3" && exec python3 -m http.server "$1" --bind "$2"
`;

const CTL = `#!/bin/bash
set -e
mkdir -p /var/vcap/sys/run/web /var/vcap/sys/log/web
case $1 in
  start)
    echo $$ > /var/vcap/sys/run/web/web.pid
    exec /var/vcap/packages/srv/bin/serve <%= p("port") %> <%= spec.ip %> /var/vcap/jobs/web/public \\
      >> /var/vcap/sys/log/web/web.stdout.log 2>> /var/vcap/sys/log/web/web.stderr.log
    ;;
  stop)
    kill "$(cat /var/vcap/sys/run/web/web.pid)"
    ;;
esac
`;

async function fixtureRelease(): Promise<string> {
  return buildReleaseTarball(dir, {
    name: 'site',
    version: '1',
    packages: [
      {
        name: 'srv',
        files: {
          packaging:
            'set -e\nmkdir -p $BOSH_INSTALL_TARGET/bin\ncp srv/serve $BOSH_INSTALL_TARGET/bin/serve\nchmod +x $BOSH_INSTALL_TARGET/bin/serve\n',
          'srv/serve': SERVE,
        },
      },
    ],
    jobs: [
      {
        name: 'web',
        packages: ['srv'],
        files: {
          'job.MF': stringify({
            name: 'web',
            templates: { 'ctl.erb': 'bin/ctl', 'index.html.erb': 'public/index.html' },
            packages: ['srv'],
            properties: { port: { default: 8080 }, message: { default: 'hello' } },
          }),
          monit:
            'check process web\n  with pidfile /var/vcap/sys/run/web/web.pid\n  start program "/var/vcap/jobs/web/bin/ctl start"\n  stop program "/var/vcap/jobs/web/bin/ctl stop"\n  group vcap\n',
          'templates/ctl.erb': CTL,
          'templates/index.html.erb': '<%= p("message") %> from <%= spec.id %>\n',
        },
      },
    ],
  });
}

describe('bosh deploy on the embedded director', { timeout: 300_000 }, () => {
  it('compiles, creates VMs and updates 2 instances with a canary; instances --ps shows them running', async () => {
    const range = `127.${String(100 + Math.floor(Math.random() * 150))}.${String(Math.floor(Math.random() * 250))}`;
    const d = await preparedDirector({ az: 'z1', range: `${range}.0/24`, dns: [] });
    const manifest = await writeManifest('demo', {
      instances: 2,
      watch: '1000-30000',
      properties: { message: 'hi' },
    });
    const deploy = await bosh(d, ['-d', 'demo', 'deploy', manifest]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toMatch(/Compiling packages: srv\//);
    expect(deploy.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(0\) \(canary\)/);
    expect(deploy.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(1\) \(\d\d:\d\d:\d\d\)/);

    const instances = await bosh(d, ['-d', 'demo', 'instances', '--ps']);
    expect(instances.code).toBe(0);
    expect(instances.stdout.match(/running/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(await d.json('GET', '/deployments')).toEqual([expect.objectContaining({ name: 'demo' })]);

    // Nothing changed: the second deploy touches no instance.
    const again = await bosh(d, ['-d', 'demo', 'deploy', manifest]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Updating instance');
    expect(again.stdout).not.toContain('Creating missing vms');
  });

  it("fails with BOSH's error when a job does not stay running, and the CLI wraps it", async () => {
    const d = await preparedDirector({ az: 'z1', dns: [] });
    // A port python cannot parse: the server exits at once, so the job never stays running.
    const manifest = await writeManifest('broken', {
      instances: 1,
      watch: '1000-3000',
      properties: { port: 'not-a-port' },
    });
    const deploy = await bosh(d, ['-d', 'broken', 'deploy', manifest]);
    expect(deploy.code).toBe(1);
    const failure = /'web\/[0-9a-f-]+ \(0\)' is not running after update\. Review logs for failed jobs: web/;
    expect(deploy.stdout).toMatch(new RegExp(`L Error: ${failure.source}`));
    expect(deploy.stdout).toMatch(new RegExp(`\\| Error: ${failure.source}`));
    expect(deploy.stderr).toMatch(
      /^Updating deployment:\n {2}Expected task '\d+' to succeed but state is 'error'/m,
    );
  });
});
