import { describe, expect, it } from 'vitest';
import type { SupervisorAlert } from '../supervisor/types.js';
import { hmAlert, monitSeverity } from './alerts.js';

const alert = (event: string, extra: Partial<SupervisorAlert> = {}): SupervisorAlert => ({
  id: '1700000000.3@vm',
  service: 'nginx',
  job: 'web',
  event,
  action: 'restart',
  description: 'process is not running',
  date: 1_700_000_000_999,
  ...extra,
});

describe('monitSeverity (monit adapter table)', () => {
  it('maps events case-insensitively; unknown ones are critical (not found)', () => {
    expect(monitSeverity('does not exist')).toEqual({ severity: 1, found: true });
    expect(monitSeverity('PID Failed')).toEqual({ severity: 2, found: true });
    expect(monitSeverity('resource limit matched')).toEqual({ severity: 3, found: true });
    expect(monitSeverity('checksum changed')).toEqual({ severity: 4, found: true });
    expect(monitSeverity('action done')).toEqual({ severity: -1, found: true });
    expect(monitSeverity('exists')).toEqual({ severity: -1, found: true });
    expect(monitSeverity('something new')).toEqual({ severity: 2, found: false });
    expect(monitSeverity('constructor')).toEqual({ severity: 2, found: false });
  });
});

describe('hmAlert', () => {
  it('builds id, severity, "<service> (<sorted ips>) - <event> - <action>", summary and created_at', () => {
    expect(hmAlert(alert('does not exist'), ['10.0.0.9', '10.0.0.10'])).toEqual({
      id: '1700000000.3@vm',
      severity: 1,
      title: 'nginx (10.0.0.10, 10.0.0.9) - does not exist - restart',
      summary: 'process is not running',
      created_at: 1_700_000_000,
    });
  });

  it('leaves the IPs out of the title when the VM has none', () => {
    expect(hmAlert(alert('timeout', { action: 'alert' }), [])).toMatchObject({
      severity: 2,
      title: 'nginx - timeout - alert',
    });
  });
});
