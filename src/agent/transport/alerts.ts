import type { GoJson } from '../../base/go-json.js';
import type { SupervisorAlert } from '../supervisor/types.js';

/** `alert.SeverityLevel`: 1 alert, 2 critical, 3 error, 4 warning; -1: not sent. */
export type Severity = 1 | 2 | 3 | 4 | -1;

const ALERT = 1;
const CRITICAL = 2;
const ERROR = 3;
const WARNING = 4;
const IGNORED = -1;
export const DEFAULT_SEVERITY: Severity = CRITICAL;

/** `monitAdapter.Severity`'s table: monit event name (lower case) → severity. */
const SEVERITIES: Readonly<Record<string, Severity>> = {
  'action done': IGNORED,
  'checksum failed': CRITICAL,
  'checksum changed': WARNING,
  'checksum succeeded': IGNORED,
  'checksum not changed': IGNORED,
  'connection failed': ALERT,
  'connection succeeded': IGNORED,
  'connection changed': ERROR,
  'connection not changed': IGNORED,
  'content failed': ERROR,
  'content succeeded': IGNORED,
  'content match': IGNORED,
  "content doesn't match": ERROR,
  'data access error': ERROR,
  'data access succeeded': IGNORED,
  'data access changed': WARNING,
  'data access not changed': IGNORED,
  'execution failed': ALERT,
  'execution succeeded': IGNORED,
  'execution changed': WARNING,
  'execution not changed': IGNORED,
  'filesystem flags failed': ERROR,
  'filesystem flags succeeded': IGNORED,
  'filesystem flags changed': WARNING,
  'filesystem flags not changed': IGNORED,
  'gid failed': ERROR,
  'gid succeeded': IGNORED,
  'gid changed': WARNING,
  'gid not changed': IGNORED,
  'heartbeat failed': ERROR,
  'heartbeat succeeded': IGNORED,
  'heartbeat changed': WARNING,
  'heartbeat not changed': IGNORED,
  'icmp failed': CRITICAL,
  'icmp succeeded': IGNORED,
  'icmp changed': WARNING,
  'icmp not changed': IGNORED,
  'monit instance failed': ALERT,
  'monit instance succeeded': IGNORED,
  'monit instance changed': IGNORED,
  'monit instance not changed': IGNORED,
  'invalid type': ERROR,
  'type succeeded': IGNORED,
  'type changed': WARNING,
  'type not changed': IGNORED,
  'does not exist': ALERT,
  exists: IGNORED,
  'existence changed': WARNING,
  'existence not changed': IGNORED,
  'permission failed': ERROR,
  'permission succeeded': IGNORED,
  'permission changed': WARNING,
  'permission not changed': IGNORED,
  'pid failed': CRITICAL,
  'pid succeeded': IGNORED,
  'pid changed': WARNING,
  'pid not changed': IGNORED,
  'ppid failed': CRITICAL,
  'ppid succeeded': IGNORED,
  'ppid changed': WARNING,
  'ppid not changed': IGNORED,
  'resource limit matched': ERROR,
  'resource limit succeeded': IGNORED,
  'resource limit changed': WARNING,
  'resource limit not changed': IGNORED,
  'size failed': ERROR,
  'size succeeded': IGNORED,
  'size changed': ERROR,
  'size not changed': IGNORED,
  timeout: CRITICAL,
  'timeout recovery': IGNORED,
  'timeout changed': WARNING,
  'timeout not changed': IGNORED,
  'timestamp failed': ERROR,
  'timestamp succeeded': IGNORED,
  'timestamp changed': WARNING,
  'timestamp not changed': IGNORED,
  'uid failed': CRITICAL,
  'uid succeeded': IGNORED,
  'uid changed': WARNING,
  'uid not changed': IGNORED,
};

/** The severity of a monit event; `found` false means the default (critical) was used. */
export function monitSeverity(event: string): { readonly severity: Severity; readonly found: boolean } {
  const key = event.toLowerCase();
  const severity = Object.hasOwn(SEVERITIES, key) ? SEVERITIES[key] : undefined;
  return severity === undefined ? { severity: DEFAULT_SEVERITY, found: false } : { severity, found: true };
}

/**
 * The `hm.agent.alert.<agent_id>` payload (`alert.Alert` from `monitAdapter.Alert`): the monit message id,
 * severity, `<service> (<sorted VM IPs>) - <event> - <action>`, the description and the alert time (unix seconds).
 */
export function hmAlert(alert: SupervisorAlert, ips: readonly string[]): GoJson {
  const sorted = [...ips].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const service = sorted.length > 0 ? `${alert.service} (${sorted.join(', ')})` : alert.service;
  return {
    id: alert.id,
    severity: monitSeverity(alert.event).severity,
    title: `${service} - ${alert.event} - ${alert.action}`,
    summary: alert.description,
    created_at: Math.floor(alert.date / 1000),
  };
}
