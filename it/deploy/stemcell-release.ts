/**
 * A release written for real stemcells, as BOSH's acceptance-test release (bat) is: its ctl script chowns its
 * directories to `vcap:vcap` and drops to that user with `chpst -u vcap:vcap`, and its drain script keeps a flag in
 * `/tmp`, which on a stemcell belongs to the VM alone.
 */
import { stringify } from 'yaml';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';

const CTL = `#!/bin/bash
RUN_DIR=/var/vcap/sys/run/worker
LOG_DIR=/var/vcap/sys/log/worker
case $1 in
  start)
    mkdir -p $RUN_DIR $LOG_DIR
    chown -R vcap:vcap $RUN_DIR $LOG_DIR
    echo $$ > $RUN_DIR/worker.pid
    exec chpst -u vcap:vcap /var/vcap/packages/worker/bin/worker <%= p("label") %> \\
      1>>$LOG_DIR/worker.stdout.log 2>>$LOG_DIR/worker.stderr.log
    ;;
  stop)
    kill "$(cat $RUN_DIR/worker.pid)"
    ;;
esac
`;

/** Records who it runs as, then idles. */
const WORKER = `#!/bin/sh
id -un > /var/vcap/sys/log/worker/whoami
exec sleep 1000000
`;

/** bat's static drain: the first drain on a VM leaves its flag; a flag already there was another drain's. */
const DRAIN = `#!/bin/bash
if [ -f /tmp/drain ]; then
  echo "found /tmp/drain" >> /var/vcap/sys/log/worker/drain.log
else
  touch /tmp/drain
fi
echo 0
`;

/** The `stemcell-conventions/1` release: job `worker` (property `label`) and its package. */
export async function stemcellConventionsRelease(dir: string): Promise<string> {
  return buildReleaseTarball(dir, {
    name: 'stemcell-conventions',
    version: '1',
    packages: [
      {
        name: 'worker',
        files: {
          packaging:
            'set -e\nmkdir -p $BOSH_INSTALL_TARGET/bin\ncp worker/worker $BOSH_INSTALL_TARGET/bin/\nchmod +x $BOSH_INSTALL_TARGET/bin/worker\n',
          'worker/worker': WORKER,
        },
      },
    ],
    jobs: [
      {
        name: 'worker',
        packages: ['worker'],
        files: {
          'job.MF': stringify({
            name: 'worker',
            templates: { 'ctl.erb': 'bin/ctl', drain: 'bin/drain' },
            packages: ['worker'],
            properties: { label: { default: 'one' } },
          }),
          monit:
            'check process worker\n  with pidfile /var/vcap/sys/run/worker/worker.pid\n  start program "/var/vcap/jobs/worker/bin/ctl start"\n  stop program "/var/vcap/jobs/worker/bin/ctl stop"\n  group vcap\n',
          'templates/ctl.erb': CTL,
          'templates/drain': DRAIN,
        },
      },
    ],
  });
}
