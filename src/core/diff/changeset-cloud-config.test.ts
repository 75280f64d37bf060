// A cloud-config diff as `POST /configs/diff` prints it (`diff(true).order`). The expected lines were produced
// by the director's Ruby Changeset (Ruby + Psych 5.3 on libyaml 0.2.5) from the same data.
import { describe, expect, it } from 'vitest';
import { changesetDiff } from './changeset.js';

const OLD = {
  azs: [
    { name: 'z1', cloud_properties: { availability_zone: 'us-east-1a' } },
    { name: 'z2', cloud_properties: { availability_zone: 'us-east-1b' } },
  ],
  vm_types: [
    { name: 'default', cloud_properties: { instance_type: 'm5.large', ephemeral_disk: { size: 25000 } } },
    { name: 'large', cloud_properties: { instance_type: 'm5.xlarge' } },
  ],
  disk_types: [{ name: 'default', disk_size: 3000 }],
  networks: [
    {
      name: 'default',
      type: 'manual',
      subnets: [
        {
          range: '10.0.0.0/24',
          gateway: '10.0.0.1',
          azs: ['z1', 'z2'],
          reserved: ['10.0.0.2-10.0.0.10'],
          cloud_properties: { subnet: 'subnet-1' },
        },
        { range: '10.0.1.0/24', gateway: '10.0.1.1', azs: ['z2'], cloud_properties: { subnet: 'subnet-2' } },
      ],
    },
  ],
  compilation: { workers: 5, reuse_compilation_vms: true, az: 'z1', vm_type: 'default', network: 'default' },
};

const NEW = {
  azs: [
    { name: 'z1', cloud_properties: { availability_zone: 'us-east-1a' } },
    { name: 'z2', cloud_properties: { availability_zone: 'us-east-1c' } },
    { name: 'z3', cloud_properties: { availability_zone: 'us-east-1d' } },
  ],
  vm_types: [
    { name: 'default', cloud_properties: { instance_type: 'm5.large', ephemeral_disk: { size: 50000 } } },
    { name: 'xlarge', cloud_properties: { instance_type: 'm5.2xlarge' } },
  ],
  vm_extensions: [{ name: 'lb', cloud_properties: { elbs: ['main'] } }],
  disk_types: [
    { name: 'default', disk_size: 5000 },
    { name: 'ssd', disk_size: 10240, cloud_properties: { type: 'gp3' } },
  ],
  networks: [
    {
      name: 'default',
      type: 'manual',
      subnets: [
        {
          range: '10.0.0.0/24',
          gateway: '10.0.0.1',
          azs: ['z1', 'z2', 'z3'],
          reserved: ['10.0.0.2-10.0.0.20'],
          cloud_properties: { subnet: 'subnet-1' },
        },
        { range: '10.0.2.0/24', gateway: '10.0.2.1', azs: ['z3'], cloud_properties: { subnet: 'subnet-3' } },
      ],
    },
  ],
  compilation: { workers: 3, reuse_compilation_vms: true, az: 'z1', vm_type: 'default', network: 'default' },
};

const EXPECTED: Array<[string, 'added' | 'removed' | null]> = [
  ['azs:', null],
  ['- name: z2', null],
  ['  cloud_properties:', null],
  ['    availability_zone: us-east-1b', 'removed'],
  ['    availability_zone: us-east-1c', 'added'],
  ['- name: z3', 'added'],
  ['  cloud_properties:', 'added'],
  ['    availability_zone: us-east-1d', 'added'],
  ['', null],
  ['vm_types:', null],
  ['- name: default', null],
  ['  cloud_properties:', null],
  ['    ephemeral_disk:', null],
  ['      size: 25000', 'removed'],
  ['      size: 50000', 'added'],
  ['- name: xlarge', 'added'],
  ['  cloud_properties:', 'added'],
  ['    instance_type: m5.2xlarge', 'added'],
  ['- name: large', 'removed'],
  ['  cloud_properties:', 'removed'],
  ['    instance_type: m5.xlarge', 'removed'],
  ['', null],
  ['vm_extensions:', 'added'],
  ['- name: lb', 'added'],
  ['  cloud_properties:', 'added'],
  ['    elbs:', 'added'],
  ['    - main', 'added'],
  ['', null],
  ['compilation:', null],
  ['  workers: 5', 'removed'],
  ['  workers: 3', 'added'],
  ['', null],
  ['networks:', null],
  ['- name: default', null],
  ['  subnets:', null],
  ['  - range: 10.0.0.0/24', null],
  ['    azs:', null],
  ['    - z3', 'added'],
  ['    reserved:', null],
  ['    - 10.0.0.2-10.0.0.20', 'added'],
  ['    - 10.0.0.2-10.0.0.10', 'removed'],
  ['  - range: 10.0.2.0/24', 'added'],
  ['    gateway: 10.0.2.1', 'added'],
  ['    azs:', 'added'],
  ['    - z3', 'added'],
  ['    cloud_properties:', 'added'],
  ['      subnet: subnet-3', 'added'],
  ['  - range: 10.0.1.0/24', 'removed'],
  ['    gateway: 10.0.1.1', 'removed'],
  ['    azs:', 'removed'],
  ['    - z2', 'removed'],
  ['    cloud_properties:', 'removed'],
  ['      subnet: subnet-2', 'removed'],
  ['', null],
  ['disk_types:', null],
  ['- name: default', null],
  ['  disk_size: 3000', 'removed'],
  ['  disk_size: 5000', 'added'],
  ['- name: ssd', 'added'],
  ['  disk_size: 10240', 'added'],
  ['  cloud_properties:', 'added'],
  ['    type: gp3', 'added'],
];

describe('changesetDiff: cloud config', () => {
  it('diffs named hashes by name, subnets by range, orders sections azs/vm_types/vm_extensions/compilation/…', () => {
    expect(changesetDiff(OLD, NEW, { redact: true })).toEqual(EXPECTED);
  });

  it('does not redact cloud_properties', () => {
    expect(changesetDiff(OLD, NEW, { redact: false })).toEqual(EXPECTED);
  });
});
