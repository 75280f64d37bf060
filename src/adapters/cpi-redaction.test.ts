import { describe, expect, it } from 'vitest';
import { redactCpiArguments } from './cpi-redaction.js';

describe('the CPI log of a request', () => {
  it("hides create_vm's env but bosh.group, groups and tags, and every cloud property value", () => {
    const env = {
      bosh: { password: 'secret', group: 'g', groups: ['a'], tags: { t: '1' } },
      other: { x: 1 },
    };
    const networks = { default: { ip: '10.0.0.2', cloud_properties: { key: 'k' } } };
    const args = ['agent', 'stemcell', { secret_key: 's' }, networks, ['disk'], env];
    expect(redactCpiArguments('create_vm', args)).toEqual([
      'agent',
      'stemcell',
      { secret_key: '<redacted>' },
      { default: { ip: '10.0.0.2', cloud_properties: { key: '<redacted>' } } },
      ['disk'],
      { bosh: { password: '<redacted>', group: 'g', groups: ['a'], tags: { t: '1' } }, other: '<redacted>' },
    ]);
    // The CPI still gets the arguments as they were.
    expect(env.bosh.password).toBe('secret');
    expect(redactCpiArguments('create_disk', [1024, { key: 'k' }, 'vm'])).toEqual([
      1024,
      { key: '<redacted>' },
      'vm',
    ]);
    expect(redactCpiArguments('delete_vm', ['vm'])).toEqual(['vm']);
  });
});
