import { describe, expect, it } from 'vitest';
import type { VmInfo } from '../director-client/api-deployments.js';
import { vmInfoValues } from './instance-table.js';

const vm = (cloudProperties: unknown): VmInfo => ({
  agentId: 'a',
  jobName: 'web',
  id: 'uuid',
  index: 0,
  processState: 'running',
  active: true,
  bootstrap: true,
  ips: [],
  deployment: 'd',
  az: 'z1',
  state: 'started',
  vmCid: 'vm-1',
  vmType: 'small',
  resourcePool: '',
  ignore: false,
  diskCids: [],
  vmCreatedAt: 0,
  cloudProperties,
  processes: [],
  vitals: {},
  stemcell: { name: '', version: '' },
});

describe('the Cloud Properties column', () => {
  it('prints numbers as the float64s Go decoded them into, keys sorted', () => {
    const cell = vmInfoValues(vm({ ephemeral_disk: { size: 1000000 }, cpu: 2, ratio: 0.5, tags: ['x'] }));
    expect(cell.cloudProperties).toBe('cpu: 2\nephemeral_disk:\n  size: 1e+06\nratio: 0.5\ntags:\n- x');
  });

  it('is empty for no properties', () => {
    expect(vmInfoValues(vm({})).cloudProperties).toBe('');
    expect(vmInfoValues(vm(null)).cloudProperties).toBe('');
  });
});
