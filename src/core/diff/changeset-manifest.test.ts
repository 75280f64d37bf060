// A deployment-manifest diff as `POST /deployments/:d/diff` prints it (`diff(redact).order`). The expected
// lines were produced by the director's Ruby Changeset (Ruby + Psych 5.3 on libyaml 0.2.5) from the same data.
import { describe, expect, it } from 'vitest';
import { changesetDiff } from './changeset.js';

const api = (
  instances: number,
  password: string,
  port: number,
  boshPassword: string,
): Record<string, unknown> => ({
  name: 'api',
  instances,
  azs: ['z1', 'z2'],
  vm_type: 'default',
  networks: [{ name: 'default' }],
  jobs: [
    {
      name: 'cloud_controller',
      release: 'cf',
      properties: { cc: { db_password: password, port, tls: true } },
    },
  ],
  env: { bosh: { password: boshPassword, keep_root_password: false }, persistent_disk_fs: 'ext4' },
});
const OLD = {
  name: 'cf',
  releases: [
    {
      name: 'cf',
      version: '1.0.0',
      url: 'https://admin:s3cret@releases.example.com/cf-1.0.0.tgz',
      sha1: 'abc',
    },
    { name: 'bpm', version: '1.2.3' },
  ],
  stemcells: [{ alias: 'default', os: 'ubuntu-jammy', version: '1.100' }],
  update: { canaries: 1, max_in_flight: 2, canary_watch_time: '1000-30000', update_watch_time: '1000-30000' },
  instance_groups: [
    api(2, 'hunter2', 9022, 'crypted-1'),
    {
      name: 'router',
      instances: 1,
      azs: ['z1'],
      vm_type: 'default',
      networks: [{ name: 'default' }],
      jobs: [{ name: 'gorouter', release: 'cf' }],
    },
  ],
  properties: { domain: 'example.com', tokens: ['t1', 't2'] },
  variables: [{ name: 'admin_password', type: 'password' }],
};
const NEW = {
  name: 'cf',
  releases: [
    {
      name: 'cf',
      version: '1.1.0',
      url: 'https://admin:s3cret@releases.example.com/cf-1.1.0.tgz',
      sha1: 'def',
    },
    { name: 'bpm', version: '1.2.3' },
  ],
  stemcells: [{ alias: 'default', os: 'ubuntu-jammy', version: '1.101' }],
  update: { canaries: 2, max_in_flight: 2, canary_watch_time: '1000-30000', update_watch_time: '1000-30000' },
  instance_groups: [
    api(3, 'correct-horse', 9023, 'crypted-2'),
    {
      name: 'worker',
      instances: 1,
      azs: ['z2'],
      vm_type: 'default',
      networks: [{ name: 'default' }],
      jobs: [{ name: 'worker', release: 'cf', properties: { queue: 'jobs' } }],
    },
  ],
  properties: { domain: 'example.org', tokens: ['t1', 't2'] },
  variables: [
    { name: 'admin_password', type: 'password' },
    { name: 'ca', type: 'certificate', options: { is_ca: true, common_name: 'ca' } },
  ],
};

const REDACTED: Array<[string, 'added' | 'removed' | null]> = [
  ['stemcells:', null],
  ['- alias: default', 'added'],
  ['  os: ubuntu-jammy', 'added'],
  ["  version: '1.101'", 'added'],
  ['- alias: default', 'removed'],
  ['  os: ubuntu-jammy', 'removed'],
  ["  version: '1.100'", 'removed'],
  ['', null],
  ['releases:', null],
  ['- name: cf', null],
  ['  version: 1.0.0', 'removed'],
  ['  version: 1.1.0', 'added'],
  ['  url: https://<redacted>:<redacted>@releases.example.com/cf-1.0.0.tgz', 'removed'],
  ['  url: https://<redacted>:<redacted>@releases.example.com/cf-1.1.0.tgz', 'added'],
  ['  sha1: abc', 'removed'],
  ['  sha1: def', 'added'],
  ['', null],
  ['update:', null],
  ['  canaries: 1', 'removed'],
  ['  canaries: 2', 'added'],
  ['', null],
  ['variables:', null],
  ['- name: ca', 'added'],
  ['  type: certificate', 'added'],
  ['  options:', 'added'],
  ['    is_ca: true', 'added'],
  ['    common_name: ca', 'added'],
  ['', null],
  ['instance_groups:', null],
  ['- name: api', null],
  ['  instances: 2', 'removed'],
  ['  instances: 3', 'added'],
  ['  jobs:', null],
  ['  - name: cloud_controller', null],
  ['    properties:', null],
  ['      cc:', null],
  ['        db_password: "<redacted>"', 'removed'],
  ['        db_password: "<redacted>"', 'added'],
  ['        port: "<redacted>"', 'removed'],
  ['        port: "<redacted>"', 'added'],
  ['  env:', null],
  ['    bosh:', null],
  ['      password: "<redacted>"', 'removed'],
  ['      password: "<redacted>"', 'added'],
  ['- name: worker', 'added'],
  ['  instances: 1', 'added'],
  ['  azs:', 'added'],
  ['  - z2', 'added'],
  ['  vm_type: default', 'added'],
  ['  networks:', 'added'],
  ['  - name: default', 'added'],
  ['  jobs:', 'added'],
  ['  - name: worker', 'added'],
  ['    release: cf', 'added'],
  ['    properties:', 'added'],
  ['      queue: "<redacted>"', 'added'],
  ['- name: router', 'removed'],
  ['  instances: 1', 'removed'],
  ['  azs:', 'removed'],
  ['  - z1', 'removed'],
  ['  vm_type: default', 'removed'],
  ['  networks:', 'removed'],
  ['  - name: default', 'removed'],
  ['  jobs:', 'removed'],
  ['  - name: gorouter', 'removed'],
  ['    release: cf', 'removed'],
  ['', null],
  ['properties:', null],
  ['  domain: "<redacted>"', 'removed'],
  ['  domain: "<redacted>"', 'added'],
];

/** The lines that differ without redaction: [redacted text, status, plain text]. */
const UNREDACTED: Array<[string, string, string]> = [
  [
    '  url: https://<redacted>:<redacted>@releases.example.com/cf-1.0.0.tgz',
    'removed',
    '  url: https://admin:s3cret@releases.example.com/cf-1.0.0.tgz',
  ],
  [
    '  url: https://<redacted>:<redacted>@releases.example.com/cf-1.1.0.tgz',
    'added',
    '  url: https://admin:s3cret@releases.example.com/cf-1.1.0.tgz',
  ],
  ['        db_password: "<redacted>"', 'removed', '        db_password: hunter2'],
  ['        db_password: "<redacted>"', 'added', '        db_password: correct-horse'],
  ['        port: "<redacted>"', 'removed', '        port: 9022'],
  ['        port: "<redacted>"', 'added', '        port: 9023'],
  ['      password: "<redacted>"', 'removed', '      password: crypted-1'],
  ['      password: "<redacted>"', 'added', '      password: crypted-2'],
  ['      queue: "<redacted>"', 'added', '      queue: jobs'],
  ['  domain: "<redacted>"', 'removed', '  domain: example.com'],
  ['  domain: "<redacted>"', 'added', '  domain: example.org'],
];

describe('changesetDiff: deployment manifest', () => {
  it('redacts properties, env.bosh and release URL credentials; `name:` unchanged, so no name section', () => {
    expect(changesetDiff(OLD, NEW, { redact: true })).toEqual(REDACTED);
  });

  it('prints the real values with redact: false', () => {
    const plain = new Map(UNREDACTED.map(([text, status, value]) => [`${text}|${status}`, value]));
    const expected = REDACTED.map(([text, status]): [string, 'added' | 'removed' | null] => [
      plain.get(`${text}|${String(status)}`) ?? text,
      status,
    ]);
    expect(changesetDiff(OLD, NEW, { redact: false })).toEqual(expected);
  });
});
