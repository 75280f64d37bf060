/** What `bosh logs` asks for: the log types to bundle, or the `tail` to run over SSH (`-f`, `--num`). */

export interface LogsSelection {
  readonly follow: boolean;
  readonly num: number;
  readonly quiet: boolean;
  /** `--job` (follow only). */
  readonly jobs: readonly string[];
  /** `--only`. */
  readonly filters: readonly string[];
  readonly agent: boolean;
  readonly system: boolean;
  /** `--all-logs`. */
  readonly all: boolean;
}

/** bosh-cli buildLogTypeArgument: `agent,job,system` for all, else agent, system or job (agent wins). */
export function logTypeArgument(o: LogsSelection): string {
  if (o.all) return 'agent,job,system';
  if (o.agent) return 'agent';
  if (o.system) return 'system';
  return 'job';
}

const LOGS_DIR = '/var/vcap/sys/log';

/**
 * Files under /var/log worth tailing: no compressed or rotated files, no binary sysstat files, no wtmp/lastlog.
 * The whole tail runs as `sudo bash -c '<tail>'`, so the globs are backslash-escaped rather than quoted.
 */
const SYSTEM_LOGS =
  '$(find /var/log -type f -not -name \\*.gz -and -not -name \\*.xz -and -not -name \\*.\\[1-9] -and -not -path /var/log/sysstat/\\* -and -not -wholename /var/log/wtmp -and -not -wholename /var/log/lastlog)';

/** bosh-cli buildTailCmd: `sudo bash -c '<exec tail ...>'` as the remote command's words. */
export function tailCommand(o: LogsSelection): string[] {
  const tail = ['exec', 'tail'];
  // -F keeps following across renames (log rotation).
  if (o.follow) tail.push('-F');
  if (o.num > 0) tail.push('-n', String(o.num));
  if (o.quiet) tail.push('-q');
  if ((o.system && !o.agent) || o.all) tail.push(SYSTEM_LOGS);
  if ((o.agent && !o.system) || o.all) tail.push('/var/vcap/bosh/log/current');
  if (o.jobs.length > 0) {
    for (const job of o.jobs) tail.push(`${LOGS_DIR}/${job}/*.log`);
  } else if (o.filters.length > 0) {
    for (const filter of o.filters) tail.push(`${LOGS_DIR}/${filter}`);
  } else if ((!o.agent && !o.system) || o.all) {
    tail.push(`${LOGS_DIR}/**/*.log`);
    tail.push(`$(if [ -f ${LOGS_DIR}/*.log ]; then echo ${LOGS_DIR}/*.log ; fi)`);
  }
  return ['sudo', 'bash', '-c', `'${tail.join(' ')}'`];
}
