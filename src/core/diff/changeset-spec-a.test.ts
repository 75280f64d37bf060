// Port of bosh-director spec/unit/bosh/director/manifest/changeset_spec.rb (first half: same / added /
// removed). Expected lines are the spec's, verbatim. The spec calls `diff` (redact defaults to true) without
// `order`; every case has a single top-level key, for which `order` changes nothing.
import { describe, expect, it } from 'vitest';
import { changesetDiff } from './changeset.js';

type Expected = Array<[string, 'added' | 'removed' | null]>;

const dcs = (...names: string[]): Array<{ name: string }> => names.map((name) => ({ name }));
const az = (datacenters: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  azs: [{ name: 'z1', ...extra, cloud_properties: { datacenters } }],
});
const OLD = az(dcs('dc1', 'dc2'));

const cases: Array<{ name: string; old?: unknown; new: unknown; expected: Expected }> = [
  { name: 'old and new are the same', new: OLD, expected: [] },
  { name: 'array elements order changed', new: az(dcs('dc2', 'dc1')), expected: [] },
  {
    name: 'property added to a leaf: change by name, includes name',
    new: az([{ name: 'dc1' }, { name: 'dc2', location: 'Tashkent' }]),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - name: dc2', null],
      ['      location: Tashkent', 'added'],
    ],
  },
  {
    name: 'leaf property without name: separate changes',
    new: { azs: [{ cloud_properties: { datacenters: [{ name: 'dc1' }, { location: 'Tashkent' }] } }] },
    expected: [
      ['azs:', null],
      ['- cloud_properties:', 'added'],
      ['    datacenters:', 'added'],
      ['    - name: dc1', 'added'],
      ['    - location: Tashkent', 'added'],
      ['- name: z1', 'removed'],
      ['  cloud_properties:', 'removed'],
      ['    datacenters:', 'removed'],
      ['    - name: dc1', 'removed'],
      ['    - name: dc2', 'removed'],
    ],
  },
  {
    name: 'middle property added',
    new: az(dcs('dc1', 'dc2'), { release: 'test-release' }),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  release: test-release', 'added'],
    ],
  },
  {
    name: 'property added to array',
    old: { azs: ['az1', 'az2'] },
    new: { azs: ['az1', 'az2', 'az3'] },
    expected: [
      ['azs:', null],
      ['- az3', 'added'],
    ],
  },
  {
    name: 'array element added to a leaf',
    new: az(dcs('dc1', 'dc2', 'dc3')),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - name: dc3', 'added'],
    ],
  },
  {
    name: 'array element added in the middle',
    new: {
      azs: [...(OLD['azs'] as unknown[]), { name: 'z2', cloud_properties: { datacenters: dcs('dc2') } }],
    },
    expected: [
      ['azs:', null],
      ['- name: z2', 'added'],
      ['  cloud_properties:', 'added'],
      ['    datacenters:', 'added'],
      ['    - name: dc2', 'added'],
    ],
  },
  {
    name: 'arrays added to an array',
    old: az([['dc1', 'dc2']]),
    new: az([['dc1', 'dc2'], ['dc3', 'dc4'], ['dc5'], ['dc6']]),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - - dc3', 'added'],
      ['      - dc4', 'added'],
      ['    - - dc5', 'added'],
      ['    - - dc6', 'added'],
    ],
  },
  {
    name: 'leaf property removed (also: array element removed)',
    new: az(dcs('dc1')),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - name: dc2', 'removed'],
    ],
  },
  {
    name: 'middle property removed',
    old: az(dcs('dc1'), { release: 'test-release' }),
    new: { azs: [{ name: 'z1' }] },
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  release: test-release', 'removed'],
      ['  cloud_properties:', 'removed'],
      ['    datacenters:', 'removed'],
      ['    - name: dc1', 'removed'],
    ],
  },
  {
    name: 'property removed from array',
    old: { azs: ['az1', 'az2', 'az3'] },
    new: { azs: ['az1', 'az2'] },
    expected: [
      ['azs:', null],
      ['- az3', 'removed'],
    ],
  },
  {
    name: 'string removed from a named hash array',
    old: { networks: [{ name: 'default', default: ['dns', 'gateway'] }] },
    new: { networks: [{ name: 'default', default: ['dns'] }] },
    expected: [
      ['networks:', null],
      ['- name: default', null],
      ['  default:', null],
      ['  - gateway', 'removed'],
    ],
  },
  {
    name: 'array element removed in the middle',
    old: {
      azs: [
        { name: 'z1', cloud_properties: { datacenters: dcs('dc1') } },
        { name: 'z2', cloud_properties: { datacenters: dcs('dc2') } },
      ],
    },
    new: { azs: [{ name: 'z2', cloud_properties: { datacenters: dcs('dc2') } }] },
    expected: [
      ['azs:', null],
      ['- name: z1', 'removed'],
      ['  cloud_properties:', 'removed'],
      ['    datacenters:', 'removed'],
      ['    - name: dc1', 'removed'],
    ],
  },
  {
    name: 'arrays removed from an array',
    old: az([['dc1', 'dc2'], ['dc3', 'dc4'], ['dc5'], ['dc6']]),
    new: az([['dc1', 'dc2']]),
    expected: [
      ['azs:', null],
      ['- name: z1', null],
      ['  cloud_properties:', null],
      ['    datacenters:', null],
      ['    - - dc3', 'removed'],
      ['      - dc4', 'removed'],
      ['    - - dc5', 'removed'],
      ['    - - dc6', 'removed'],
    ],
  },
];

describe('changesetDiff (changeset_spec: same, added, removed)', () => {
  it.each(cases)('$name', (c) => {
    expect(changesetDiff(c.old ?? OLD, c.new, { redact: true })).toEqual(c.expected);
  });

  it('diffs identical inputs to nothing', () => {
    expect(changesetDiff({ foo: ['bar'] }, { foo: ['bar'] }, { redact: true })).toEqual([]);
    expect(changesetDiff({}, {}, { redact: false })).toEqual([]);
  });
});
