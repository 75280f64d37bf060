import { hostname } from 'node:os';
import type { Service } from './service.js';
import type { ProcessState, ServiceStatus, SupervisorAlert } from './types.js';

/** A service as `get_state` lists it: vitals only while monitored and alive, zero uptime and kb left out. */
export function processReport(s: Service, now: number): ProcessState {
  const live = s.monitor !== 'no' && s.pid !== undefined;
  const secs = live && s.startedAtMs !== undefined ? Math.floor((now - s.startedAtMs) / 1000) : 0;
  const kb = live ? s.vitals.memKb : 0;
  return {
    name: s.name,
    state: s.state(),
    uptime: secs > 0 ? { secs } : {},
    mem: kb > 0 ? { kb, percent: s.vitals.memPercent } : { percent: 0 },
    cpu: { total: live ? s.vitals.cpuTotal : 0 },
  };
}

export function statusReport(s: Service): ServiceStatus {
  return {
    name: s.name,
    job: s.planned.job,
    reported: s.planned.reported,
    monitor: s.monitor,
    state: s.state(),
    ...(s.pid !== undefined ? { pid: s.pid } : {}),
    errors: [...s.flags, ...s.ruleFailed.flatMap((f, i) => (f ? [s.process.rules[i]?.text ?? ''] : []))],
    attempts: s.attempts,
    restarts: s.restarts,
    native: s.bpm !== undefined ? 'bpm' : 'monit',
  };
}

let sequence = 0;

/** An alert as monit mails it: a `<unix time>.<n>@<host>` message id, the service, event, action, description. */
export function buildAlert(
  s: Service,
  event: string,
  action: string,
  description: string,
  date: number,
): SupervisorAlert {
  return {
    id: `${Math.floor(date / 1000)}.${sequence++}@${hostname()}`,
    service: s.name,
    job: s.planned.job,
    event,
    action,
    description,
    date,
  };
}
