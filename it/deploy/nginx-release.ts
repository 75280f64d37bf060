/**
 * The `nginx/1` release of the seed 000 scenario: job `nginx` whose pre-start runs the manifest's `pre_start`
 * property (as the seed's test manifest does), whose process is a long `sleep`, and whose `index.html` names the
 * instance.
 */
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';

const CTL = `#!/bin/bash
mkdir -p /var/vcap/sys/run/nginx
case $1 in
  start)
    echo $$ > /var/vcap/sys/run/nginx/nginx.pid
    exec sleep 100000
    ;;
  stop)
    kill "$(cat /var/vcap/sys/run/nginx/nginx.pid)"
    ;;
esac
`;

export function nginxRelease(dir: string): Promise<string> {
  return buildReleaseTarball(dir, {
    name: 'nginx',
    version: '1',
    packages: [],
    jobs: [
      {
        name: 'nginx',
        packages: [],
        files: {
          'job.MF': stringify({
            name: 'nginx',
            templates: {
              'ctl.erb': 'bin/ctl',
              'pre-start.erb': 'bin/pre-start',
              'index.html.erb': 'index.html',
            },
            packages: [],
            properties: { pre_start: { default: 'true' } },
          }),
          monit:
            'check process nginx\n  with pidfile /var/vcap/sys/run/nginx/nginx.pid\n  start program "/var/vcap/jobs/nginx/bin/ctl start"\n  stop program "/var/vcap/jobs/nginx/bin/ctl stop"\n  group vcap\n',
          'templates/ctl.erb': CTL,
          'templates/pre-start.erb': '#!/bin/bash\nset -x\n<%= p("pre_start") %>\n',
          'templates/index.html.erb': 'nginx <%= spec.id %>\n',
        },
      },
    ],
  });
}
