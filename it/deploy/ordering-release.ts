/**
 * The `ordering/1` release for update-order tests: job `ntpd` (as in the seed's ntp deploy) whose drain,
 * pre-start, post-start and post-deploy scripts and start/stop append `<event> <generation> <ns clock>` to
 * `/var/vcap/sys/log/ntpd/order.log`, so a test reads back what ran on each VM and in which order.
 */
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';

const LOG = '/var/vcap/sys/log/ntpd/order.log';
const note = (event: string) =>
  `mkdir -p /var/vcap/sys/log/ntpd\necho "${event} <%= p("generation") %> $(date +%s%N)" >> ${LOG}\n`;

const CTL = `#!/bin/bash
mkdir -p /var/vcap/sys/run/ntpd
case $1 in
  start)
    ${note('start')}    echo $$ > /var/vcap/sys/run/ntpd/ntpd.pid
    exec sleep 100000
    ;;
  stop)
    ${note('stop')}    kill "$(cat /var/vcap/sys/run/ntpd/ntpd.pid)"
    ;;
esac
`;

export function orderingRelease(dir: string): Promise<string> {
  const script = (event: string, tail = '') => `#!/bin/bash\n${note(event)}${tail}`;
  return buildReleaseTarball(dir, {
    name: 'ordering',
    version: '1',
    packages: [],
    jobs: [
      {
        name: 'ntpd',
        packages: [],
        files: {
          'job.MF': stringify({
            name: 'ntpd',
            templates: {
              'ctl.erb': 'bin/ctl',
              'drain.erb': 'bin/drain',
              'pre-start.erb': 'bin/pre-start',
              'post-start.erb': 'bin/post-start',
              'post-deploy.erb': 'bin/post-deploy',
            },
            packages: [],
            properties: { generation: { default: 0 } },
          }),
          monit:
            'check process ntpd\n  with pidfile /var/vcap/sys/run/ntpd/ntpd.pid\n  start program "/var/vcap/jobs/ntpd/bin/ctl start"\n  stop program "/var/vcap/jobs/ntpd/bin/ctl stop"\n  group vcap\n',
          'templates/ctl.erb': CTL,
          'templates/drain.erb': script('drain', 'echo 0\n'),
          'templates/pre-start.erb': script('pre-start'),
          'templates/post-start.erb': script('post-start'),
          'templates/post-deploy.erb': script('post-deploy'),
        },
      },
    ],
  });
}

export interface OrderEntry {
  readonly event: string;
  readonly generation: number;
  readonly ns: bigint;
}

export function parseOrderLog(text: string): OrderEntry[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [event = '', generation = '0', ns = '0'] = l.split(' ');
      return { event, generation: Number(generation), ns: BigInt(ns) };
    });
}
