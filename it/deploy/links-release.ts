/**
 * The `links/1` release for link tests: job `server` provides a link of type `conn` with its `port` property; job
 * `client` consumes it (and optionally a `backup` link of a type nobody provides) and writes what it got, plus its
 * required `label` property, to `config/conn.txt`. Both jobs run a long `sleep`.
 */
import { readFile, readlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { instancesOf, vmRows } from './query-support.js';
import { cpiDir, type DeployEnv } from './support.js';

const ctl = (job: string) => `#!/bin/bash
mkdir -p /var/vcap/sys/run/${job}
case $1 in
  start)
    echo $$ > /var/vcap/sys/run/${job}/${job}.pid
    exec sleep 100000
    ;;
  stop)
    kill "$(cat /var/vcap/sys/run/${job}/${job}.pid)"
    ;;
esac
`;

const monit = (job: string) =>
  `check process ${job}\n  with pidfile /var/vcap/sys/run/${job}/${job}.pid\n  start program "/var/vcap/jobs/${job}/bin/ctl start"\n  stop program "/var/vcap/jobs/${job}/bin/ctl stop"\n  group vcap\n`;

/** Line 1 needs `label` (no default), line 2 the `conn` link, line 3 the optional `backup` one. */
export const CONN_TEMPLATE = [
  "label=<%= p('label') %>",
  "conn=<%= link('conn').instances.map(&:address).join(',') %>:<%= link('conn').p('port') %>",
  "backup=<% if_link('backup') do |b| %><%= b.instances.size %><% end.else do %>none<% end %>",
  '',
].join('\n');

export function linksRelease(dir: string): Promise<string> {
  return buildReleaseTarball(dir, {
    name: 'links',
    version: '1',
    packages: [],
    jobs: [
      {
        name: 'server',
        packages: [],
        files: {
          'job.MF': stringify({
            name: 'server',
            templates: { 'ctl.erb': 'bin/ctl' },
            packages: [],
            provides: [{ name: 'conn', type: 'conn', properties: ['port'] }],
            properties: { port: { default: 4222 } },
          }),
          monit: monit('server'),
          'templates/ctl.erb': ctl('server'),
        },
      },
      {
        name: 'client',
        packages: [],
        files: {
          'job.MF': stringify({
            name: 'client',
            templates: { 'ctl.erb': 'bin/ctl', 'conn.txt.erb': 'config/conn.txt' },
            packages: [],
            consumes: [
              { name: 'conn', type: 'conn' },
              { name: 'backup', type: 'backup', optional: true },
            ],
            properties: { label: { description: 'required: no default' } },
          }),
          monit: monit('client'),
          'templates/ctl.erb': ctl('client'),
          'templates/conn.txt.erb': CONN_TEMPLATE,
        },
      },
    ],
  });
}

/** An instance group of a links manifest: `instances` of one job of the release, on the `default` network. */
export interface LinksGroup {
  readonly name: string;
  readonly instances: number;
  /** The job as the manifest names it (`properties`, `provides`, `consumes`, ...); its release is `links`. */
  readonly job: Readonly<Record<string, unknown>> & { readonly name: 'server' | 'client' };
}

/** Writes `<dir>/<name>.yml`, deployment `name` of the `links` release with `groups` (after the keys of `extra`). */
export async function writeLinksManifest(
  dir: string,
  name: string,
  groups: readonly LinksGroup[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const path = join(dir, `${name}.yml`);
  await writeFile(
    path,
    stringify({
      ...extra,
      name,
      releases: [{ name: 'links', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: { canaries: 1, max_in_flight: 2, canary_watch_time: 1000, update_watch_time: 1000 },
      instance_groups: groups.map((g) => ({
        name: g.name,
        instances: g.instances,
        azs: ['z1'],
        vm_type: 'small',
        stemcell: 'default',
        networks: [{ name: 'default' }],
        jobs: [{ release: 'links', ...g.job }],
      })),
    }),
  );
  return path;
}

/** The IPs of the deployment's `server` instances, by index. */
export async function serverIps(env: DeployEnv, deployment: string, group = 'server'): Promise<string[]> {
  const rows = await vmRows(env, deployment);
  return (await instancesOf(env, deployment))
    .filter((i) => i.job === group)
    .sort((a, b) => a.index - b.index)
    .map((i) => rows.find((r) => r.instance === `${group}/${i.id}`)?.ip ?? '');
}

/** The `config/conn.txt` the `client` job of the deployment's first client instance runs with. */
export async function renderedConn(env: DeployEnv, deployment: string, group = 'client'): Promise<string> {
  const client = (await instancesOf(env, deployment)).find((i) => i.job === group);
  const vm = cpiDir(env, 'vms', client?.cid ?? '');
  // The VM's /var/vcap/jobs/client links to the version last applied (a path inside the VM: its name is enough).
  const version = basename(await readlink(join(vm, 'jobs', 'client')));
  return readFile(join(vm, 'data', 'jobs', 'client', version, 'config', 'conn.txt'), 'utf8');
}
