import { describe, expect, it } from 'vitest';
import { logTypeArgument, tailCommand, type LogsSelection } from './tail-command.js';

const base: LogsSelection = {
  follow: true,
  num: 0,
  quiet: false,
  jobs: [],
  filters: [],
  agent: false,
  system: false,
  all: false,
};
const JOB_LOGS =
  '/var/vcap/sys/log/**/*.log $(if [ -f /var/vcap/sys/log/*.log ]; then echo /var/vcap/sys/log/*.log ; fi)';
const SYSTEM_LOGS =
  '$(find /var/log -type f -not -name \\*.gz -and -not -name \\*.xz -and -not -name \\*.\\[1-9] -and -not -path /var/log/sysstat/\\* -and -not -wholename /var/log/wtmp -and -not -wholename /var/log/lastlog)';
const tail = (o: Partial<LogsSelection>) => tailCommand({ ...base, ...o });

describe('bosh logs -f: the tail command (bosh-cli buildTailCmd)', () => {
  it('tails the job logs, with -F, -n and -q as asked', () => {
    expect(tail({})).toEqual(['sudo', 'bash', '-c', `'exec tail -F ${JOB_LOGS}'`]);
    expect(tail({ num: 10, quiet: true })).toEqual([
      'sudo',
      'bash',
      '-c',
      `'exec tail -F -n 10 -q ${JOB_LOGS}'`,
    ]);
    expect(tail({ follow: false, num: 10 })).toEqual(['sudo', 'bash', '-c', `'exec tail -n 10 ${JOB_LOGS}'`]);
  });

  it('tails the agent log, the system logs, or all of them', () => {
    expect(tail({ agent: true })).toEqual([
      'sudo',
      'bash',
      '-c',
      "'exec tail -F /var/vcap/bosh/log/current'",
    ]);
    expect(tail({ system: true })).toEqual(['sudo', 'bash', '-c', `'exec tail -F ${SYSTEM_LOGS}'`]);
    expect(tail({ agent: true, system: true })).toEqual(['sudo', 'bash', '-c', "'exec tail -F'"]);
    expect(tail({ all: true })).toEqual([
      'sudo',
      'bash',
      '-c',
      `'exec tail -F ${SYSTEM_LOGS} /var/vcap/bosh/log/current ${JOB_LOGS}'`,
    ]);
  });

  it('limits to jobs (--job) or to filters (--only)', () => {
    expect(tail({ jobs: ['job1', 'job2'] })).toEqual([
      'sudo',
      'bash',
      '-c',
      "'exec tail -F /var/vcap/sys/log/job1/*.log /var/vcap/sys/log/job2/*.log'",
    ]);
    expect(tail({ agent: true, filters: ['other/*.log', '**/*.log'] })).toEqual([
      'sudo',
      'bash',
      '-c',
      "'exec tail -F /var/vcap/bosh/log/current /var/vcap/sys/log/other/*.log /var/vcap/sys/log/**/*.log'",
    ]);
  });
});

describe('bosh logs: the log types to bundle (bosh-cli buildLogTypeArgument)', () => {
  it('is job by default, agent before system, everything with --all-logs', () => {
    expect(logTypeArgument(base)).toBe('job');
    expect(logTypeArgument({ ...base, system: true })).toBe('system');
    expect(logTypeArgument({ ...base, agent: true, system: true })).toBe('agent');
    expect(logTypeArgument({ ...base, agent: true, all: true })).toBe('agent,job,system');
  });
});
