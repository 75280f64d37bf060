/**
 * The `errands/1` release: job `daemon` (a long `sleep` under monit) with a colocated errand job `status` (its
 * `bin/run` says which instance it ran on), and the errand job `smoke`, whose `bin/run` prints its `message` to
 * stdout, a line to stderr and to its log, and exits with its `exit_code`. Job `unused`, which no manifest uses,
 * needs package `broken`, whose packaging fails.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';

const CTL = `#!/bin/bash
mkdir -p /var/vcap/sys/run/daemon
case $1 in
  start) echo $$ > /var/vcap/sys/run/daemon/daemon.pid; exec sleep 100000 ;;
  stop) kill "$(cat /var/vcap/sys/run/daemon/daemon.pid)" ;;
esac
`;

const MONIT = `check process daemon
  with pidfile /var/vcap/sys/run/daemon/daemon.pid
  start program "/var/vcap/jobs/daemon/bin/ctl start"
  stop program "/var/vcap/jobs/daemon/bin/ctl stop"
  group vcap
`;

const STATUS = `#!/bin/bash
echo "status of <%= spec.name %>/<%= spec.index %>"
`;

const SMOKE = `#!/bin/bash
mkdir -p /var/vcap/sys/log/smoke
echo "smoke ran" >> /var/vcap/sys/log/smoke/run.log
echo "<%= p('message') %>"
echo "smoke err" >&2
exit <%= p('exit_code') %>
`;

const job = (
  name: string,
  templates: Record<string, string>,
  files: Record<string, string>,
  properties = {},
  packages: string[] = [],
) => ({
  name,
  packages,
  files: {
    'job.MF': stringify({ name, templates, packages, properties }),
    monit: files['monit'] ?? '',
    ...Object.fromEntries(Object.entries(files).filter(([k]) => k !== 'monit')),
  },
});

export function errandsRelease(dir: string): Promise<string> {
  return buildReleaseTarball(dir, {
    name: 'errands',
    version: '1',
    // No instance group runs `unused`: its package, which cannot compile, must not be compiled.
    packages: [{ name: 'broken', files: { packaging: 'echo never compiled >&2; exit 1\n' } }],
    jobs: [
      job('unused', {}, {}, {}, ['broken']),
      job('daemon', { 'ctl.erb': 'bin/ctl' }, { monit: MONIT, 'templates/ctl.erb': CTL }),
      job('status', { 'run.erb': 'bin/run' }, { 'templates/run.erb': STATUS }),
      job(
        'smoke',
        { 'run.erb': 'bin/run' },
        { 'templates/run.erb': SMOKE },
        { message: { default: 'smoke says hi' }, exit_code: { default: 0 } },
      ),
    ],
  });
}

/** Deployment `errands`: `web` (daemon + status) × `webInstances`, and the errand group `smoke-tests` (job `smoke`, one instance). */
export async function writeErrandsManifest(
  dir: string,
  o: { readonly webInstances: number; readonly smoke?: Record<string, unknown> },
): Promise<string> {
  const path = join(dir, 'errands.yml');
  const group = (name: string, jobs: string[], extra: Record<string, unknown> = {}) => ({
    name,
    instances: 1,
    azs: ['z1'],
    vm_type: 'small',
    stemcell: 'default',
    networks: [{ name: 'default' }],
    jobs: jobs.map((j) => ({
      name: j,
      release: 'errands',
      properties: j === 'smoke' ? (o.smoke ?? {}) : {},
    })),
    ...extra,
  });
  await writeFile(
    path,
    stringify({
      name: 'errands',
      releases: [{ name: 'errands', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: { canaries: 1, max_in_flight: 2, canary_watch_time: 1000, update_watch_time: 1000 },
      instance_groups: [
        group('web', ['daemon', 'status'], { instances: o.webInstances }),
        group('smoke-tests', ['smoke'], { lifecycle: 'errand' }),
      ],
    }),
  );
  return path;
}
