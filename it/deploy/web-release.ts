/**
 * The web release of the deploy tests: `site/1`, whose job `web` serves `public/index.html` with a python HTTP server
 * on its VM's IP, and manifests of one instance group running it.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { writeOneGroupManifest, type OneGroupManifest } from './one-group-manifest.js';

export type WebManifest = Omit<OneGroupManifest, 'release' | 'job'>;

/** A manifest of one instance group `web` running the fixture job, written to `<dir>/<name>.yml`. */
export function writeWebManifest(dir: string, name: string, o: WebManifest): Promise<string> {
  return writeOneGroupManifest(join(dir, `${name}.yml`), name, { ...o, release: 'site', job: 'web' });
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
