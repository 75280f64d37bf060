// Port of bosh-director spec/unit/bosh/director/manifest/changeset_spec.rb (second half: changed values,
// subnet ranges, nil elements, type changes). Expected lines are the spec's, verbatim, for libyaml >= 0.2.5
// (a nil array element prints as `-`, without a trailing space).
import { describe, expect, it } from 'vitest';
import { changesetDiff } from './changeset.js';

type Expected = Array<[string, 'added' | 'removed' | null]>;

const az = (cloudProperties: Record<string, unknown>, name = 'z1'): Record<string, unknown> => ({
  azs: [{ name, cloud_properties: cloudProperties }],
});
const OLD = az({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
const plans = (...names: string[]): unknown[] => names.map((name) => ({ name, description: 'Blah' }));
const REMOVED_PLANS: Expected = [
  ['  - name: cache-small', 'removed'],
  ['    description: Blah', 'removed'],
  ['  - name: cache-medium', 'removed'],
  ['    description: Blah', 'removed'],
  ['  - name: cache-large', 'removed'],
  ['    description: Blah', 'removed'],
];

const cases: Array<{ name: string; old?: unknown; new: unknown; expected: Expected }> = [
  {
    name: 'leaf property changed',
    new: az({ datacenters: [{ name: 'dc1' }, { name: 'dc3' }] }),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - name: dc3', 'added'],
      ['    - name: dc2', 'removed'],
    ],
  },
  {
    name: 'middle property changed (renamed key)',
    new: { azs: [{ name: 'z1', iaas_properties: { datacenters: [{ name: 'dc1' }, { name: 'dc2' }] } }] },
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', 'removed'],
      ['    datacenters:', 'removed'],
      ['    - name: dc1', 'removed'],
      ['    - name: dc2', 'removed'],
      ['  iaas_properties:', 'added'],
      ['    datacenters:', 'added'],
      ['    - name: dc1', 'added'],
      ['    - name: dc2', 'added'],
    ],
  },
  {
    name: 'name changes: the old node is removed and a new one added',
    new: az({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, 'z2'),
    expected: [
      ['azs:', null],
      ['- name: z2', 'added'],
      ['  cloud_properties:', 'added'],
      ['    datacenters:', 'added'],
      ['    - name: dc1', 'added'],
      ['    - name: dc2', 'added'],
      ['- name: z1', 'removed'],
      ['  cloud_properties:', 'removed'],
      ['    datacenters:', 'removed'],
      ['    - name: dc1', 'removed'],
      ['    - name: dc2', 'removed'],
    ],
  },
  {
    name: 'scalar property changes',
    old: az({ location: 'Tashkent', datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }),
    new: az({ location: 'Delhi', datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    location: Tashkent', 'removed'],
      ['    location: Delhi', 'added'],
    ],
  },
  {
    name: 'string in array changes: added and removed',
    old: az({ datacenters: ['dc1', 'dc2'] }),
    new: az({ datacenters: ['dc3', 'dc2'] }),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - dc3', 'added'],
      ['    - dc1', 'removed'],
    ],
  },
  {
    name: 'subnets with the same range are equivalent',
    old: {
      networks: [{ name: 'default', subnets: [{ range: '10.10.10.0/24', reserved: ['10.10.10.11'] }] }],
    },
    new: {
      networks: [{ name: 'default', subnets: [{ range: '10.10.10.0/24', reserved: ['10.10.10.15'] }] }],
    },
    expected: [
      ['networks:', null],
      ['- name: default', null],
      ['  subnets:', null],
      ['  - range: 10.10.10.0/24', null],
      ['    reserved:', null],
      ['    - 10.10.10.15', 'added'],
      ['    - 10.10.10.11', 'removed'],
    ],
  },
  {
    name: 'named hashes in an array, now with nil elements',
    old: { service_catalog: { plans: plans('cache-small', 'cache-medium', 'cache-large') } },
    new: { service_catalog: { plans: [{ name: 'some-name' }, null, null] } },
    expected: [
      ['service_catalog:', null],
      ['  plans:', null],
      ['  - name: some-name', 'added'],
      ['  -', 'added'],
      ['  -', 'added'],
      ...REMOVED_PLANS,
    ],
  },
  {
    name: 'named hashes in an array, now with a range and nil elements',
    old: { service_catalog: { plans: plans('cache-small', 'cache-medium', 'cache-large') } },
    new: { service_catalog: { plans: [{ name: 'some-name', range: 'some-range' }, null, null] } },
    expected: [
      ['service_catalog:', null],
      ['  plans:', null],
      ['  - name: some-name', 'added'],
      ['    range: some-range', 'added'],
      ['  -', 'added'],
      ['  -', 'added'],
      ...REMOVED_PLANS,
    ],
  },
  {
    name: 'integer becomes a hash',
    old: { stuff: { things: 3 } },
    new: { stuff: { things: { cheese: 123, wine: 456 } } },
    expected: [
      ['stuff:', null],
      ['  things: 3', 'removed'],
      ['  things:', 'added'],
      ['    cheese: 123', 'added'],
      ['    wine: 456', 'added'],
    ],
  },
  {
    name: 'string becomes a hash',
    old: { stuff: { things: 'three' } },
    new: { stuff: { things: { cheese: 123, wine: 456 } } },
    expected: [
      ['stuff:', null],
      ['  things: three', 'removed'],
      ['  things:', 'added'],
      ['    cheese: 123', 'added'],
      ['    wine: 456', 'added'],
    ],
  },
];

describe('changesetDiff (changeset_spec: changed)', () => {
  it.each(cases)('$name', (c) => {
    expect(changesetDiff(c.old ?? OLD, c.new, { redact: true })).toEqual(c.expected);
  });
});
