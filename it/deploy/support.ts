/**
 * The scaffolding of deploy tests: a test dir, the embedded director with a local stemcell, a fixture release and
 * a cloud config uploaded, our CLI as the admin, and the teardown that ends every VM process of the test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { buildLocalStemcell, DirectorProcess, runBosh, type BoshRun } from '../director/harness.js';

export interface DeployEnv {
  readonly dir: string;
  readonly director: DirectorProcess;
  /** Our `bosh` CLI as the admin, with a HOME of its own under the test dir. */
  bosh(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<BoshRun>;
  /** Ends the director and every process of the test's VMs, removes the dir. */
  close(): Promise<void>;
}

/** A fresh 127.x.y.0/24 range, so VMs of concurrent test files do not share addresses. */
export function loopbackRange(): string {
  return `127.${String(100 + Math.floor(Math.random() * 150))}.${String(Math.floor(Math.random() * 250))}`;
}

/** Kills every process whose command line or VM environment names `dir` (VMs outlive the director by design). */
export function killVmProcesses(dir: string): void {
  for (let i = 0; i < 3; i += 1) spawnSync('pkill', ['-9', '-f', dir]);
  spawnSync('sh', [
    '-c',
    `for p in /proc/[0-9]*; do grep -qz "BOSH_LOCAL_CPI_VM_CID" $p/environ 2>/dev/null && grep -q "${dir}" $p/cmdline 2>/dev/null && kill -9 \${p#/proc/}; done`,
  ]);
}

export interface CloudOptions {
  /** The dynamic network's subnet (az, range, dns, ...). */
  readonly subnet?: Record<string, unknown>;
  /** The whole cloud config instead of the default one. */
  readonly cloudConfig?: Record<string, unknown>;
}

export function defaultCloudConfig(subnet: Record<string, unknown>): Record<string, unknown> {
  return {
    azs: [{ name: 'z1' }],
    vm_types: [{ name: 'small' }],
    networks: [{ name: 'default', type: 'dynamic', subnets: [subnet] }],
    compilation: { workers: 1, az: 'z1', vm_type: 'small', network: 'default', reuse_compilation_vms: true },
  };
}

/** A cloud config of one manual network `default` on `<net>.0/24` (gateway `<net>.1`), compiling on it. */
export function manualCloudConfig(
  net: string,
  subnet: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    azs: [{ name: 'z1' }],
    vm_types: [{ name: 'small' }],
    networks: [
      {
        name: 'default',
        type: 'manual',
        subnets: [{ az: 'z1', range: `${net}.0/24`, gateway: `${net}.1`, cloud_properties: {}, ...subnet }],
      },
    ],
    compilation: { workers: 1, az: 'z1', vm_type: 'small', network: 'default', reuse_compilation_vms: true },
  };
}

/**
 * A director with a local stemcell, a release (`release` builds its tarball in the test dir; the fixture release by
 * default) and a cloud config uploaded.
 */
export async function deployEnv(
  prefix: string,
  o: CloudOptions & { release?: (dir: string) => Promise<string> } = {},
): Promise<DeployEnv> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let director: DirectorProcess | undefined;
  const close = async () => {
    await director?.stop();
    killVmProcesses(dir);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    director = await DirectorProcess.start(join(dir, 'director'));
    const d = director;
    const bosh = (args: readonly string[], env: Readonly<Record<string, string>> = {}) =>
      runBosh(d, args, {
        home: join(dir, 'home'),
        cwd: dir,
        env: { BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: d.password, ...env },
      });
    expect((await bosh(['upload-stemcell', buildLocalStemcell(dir)])).code).toBe(0);
    expect((await bosh(['upload-release', await (o.release ?? fixtureRelease)(dir)])).code).toBe(0);
    const cloud = join(dir, 'cloud.yml');
    // The range is the local CPI's cloud property: each test's VMs get addresses of their own.
    const range = `${loopbackRange()}.0/24`;
    const subnet = o.subnet ?? { az: 'z1', dns: [], cloud_properties: { range } };
    await writeFile(cloud, stringify(o.cloudConfig ?? defaultCloudConfig(subnet)));
    expect((await bosh(['update-cloud-config', cloud])).code).toBe(0);
    return { dir, director: d, bosh, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface WebManifest {
  readonly instances: number;
  readonly watch: string;
  readonly properties?: Record<string, unknown>;
  readonly update?: Record<string, unknown>;
  /** Extra keys of the `web` instance group. */
  readonly group?: Record<string, unknown>;
  /** Extra top-level keys. */
  readonly extra?: Record<string, unknown>;
}

/** A manifest of one instance group `web` running the fixture job, written to `<dir>/<name>.yml`. */
export async function writeWebManifest(dir: string, name: string, o: WebManifest): Promise<string> {
  const path = join(dir, `${name}.yml`);
  await writeFile(
    path,
    stringify({
      name,
      releases: [{ name: 'site', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: {
        canaries: 1,
        max_in_flight: 1,
        canary_watch_time: o.watch,
        update_watch_time: o.watch,
        ...o.update,
      },
      instance_groups: [
        {
          name: 'web',
          instances: o.instances,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: 'web', release: 'site', properties: o.properties ?? {} }],
          ...o.group,
        },
      ],
      ...o.extra,
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
    # A port that is not a number never starts (no pidfile), however slowly python would have failed.
    case "<%= p("port") %>" in *[!0-9]*) echo "not a port: <%= p("port") %>" >&2; exit 1 ;; esac
    echo $$ > /var/vcap/sys/run/web/web.pid
    exec /var/vcap/packages/srv/bin/serve <%= p("port") %> <%= spec.ip %> /var/vcap/jobs/web/public \\
      >> /var/vcap/sys/log/web/web.stdout.log 2>> /var/vcap/sys/log/web/web.stderr.log
    ;;
  stop)
    kill "$(cat /var/vcap/sys/run/web/web.pid)"
    ;;
esac
`;

/** The `site/1` release: package `srv` (a python HTTP server) and job `web` serving `public/index.html`. */
export async function fixtureRelease(dir: string): Promise<string> {
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
