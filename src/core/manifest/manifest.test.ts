import { describe, expect, it } from 'vitest';
import { parseCloudConfig, parseDeploymentManifest } from './index.js';
import { CLOUD, MANIFEST, problemsOf, y } from './test-fixtures.js';

describe('realistic nginx/ntp deployment', () => {
  it('parses fully against a cloud config', () => {
    const cloud = parseCloudConfig(y(CLOUD)).value;
    const { value: m, warnings } = parseDeploymentManifest(y(MANIFEST), cloud);
    expect(warnings).toEqual([]);
    expect(m.name).toBe('nginx');
    expect(m.releases[0]).toEqual({
      name: 'nginx',
      version: 'latest',
      url: 'https://example.com/nginx.tgz',
      sha1: 'abc',
    });
    expect(m.stemcells).toEqual([{ alias: 'default', os: 'ubuntu-jammy', name: null, version: 'latest' }]);
    expect(m.update).toEqual({
      canaries: '1',
      maxInFlight: '30%',
      canaryWatchTime: { min: 1000, max: 60000 },
      updateWatchTime: { min: 5000, max: 5000 },
      serial: true,
      vmStrategy: 'create-swap-delete',
      initialDeployAzUpdateStrategy: 'serial',
    });
    const [nginx, smoke] = m.instanceGroups;
    expect(nginx?.update).toMatchObject({
      serial: false,
      maxInFlight: '1',
      canaries: '1',
      vmStrategy: 'create-swap-delete',
    });
    expect(nginx?.networks).toEqual([
      { name: 'default', staticIps: ['10.0.0.10', '10.0.0.11'], default: ['dns', 'gateway'] },
    ]);
    expect(nginx?.persistentDisk).toEqual({ kind: 'type', type: 'ssd' });
    expect(nginx?.jobs.map((j) => `${j.name}@${j.release}`)).toEqual(['nginx@nginx', 'ntpd@ntp']);
    expect(smoke?.lifecycle).toBe('errand');
    expect(m.variables.map((v) => v.type)).toEqual(['password', 'certificate']);
    expect(m.features).toMatchObject({
      useDnsAddresses: true,
      randomizeAzPlacement: true,
      convergeVariables: false,
    });
    expect(m.addons[0]?.include?.instanceGroups).toEqual(['nginx']);
    expect(cloud.networks.map((n) => n.type)).toEqual(['manual', 'dynamic', 'vip']);
    const [net] = cloud.networks;
    expect(net?.type === 'manual' ? net.subnets[0]?.static.length : 0).toBe(11);
    expect(cloud.compilation).toMatchObject({
      workers: 2,
      az: 'z1',
      reuseCompilationVms: true,
      orphanWorkers: false,
    });
  });

  it('warns about global properties, as BOSH does', () => {
    const m = y(MANIFEST);
    if (m instanceof Map) m.set('properties', new Map([['a', 1]]));
    expect(parseDeploymentManifest(m).warnings).toEqual([
      "Global 'properties' are deprecated. Please define 'properties' at the job level.",
    ]);
  });
});

describe('deployment manifest errors', () => {
  const base = `name: d\nreleases: [{name: r, version: 1}]\nstemcells: [{alias: s, os: ubuntu, version: 1}]\nupdate: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}\n`;
  const ig = `instance_groups:\n- {name: web, instances: 1, vm_type: default, stemcell: s, networks: [{name: default}], jobs: [{name: j, release: r}]`;
  const cases: [string, string, [string, number, string][]][] = [
    [
      'legacy jobs',
      `name: d\njobs: []\n`,
      [['V1DeprecatedJob', 140023, 'Jobs are no longer supported, please use instance groups instead']],
    ],
    [
      'resource_pools',
      `resource_pools: []\n`,
      [
        [
          'V1DeprecatedResourcePools',
          140028,
          'resource_pools is no longer supported. You must now define resources in a cloud-config',
        ],
      ],
    ],
    [
      'vm_types section',
      `vm_types: []\n`,
      [
        [
          'DeploymentInvalidProperty',
          190014,
          "Deployment manifest contains 'vm_types' section, but this can only be set in a cloud-config.",
        ],
      ],
    ],
    [
      'missing update',
      `name: d\nreleases: []\n`,
      [
        [
          'ValidationMissingField',
          40001,
          `Required property 'update' was not specified in object ({"name" => "d", "releases" => []})`,
        ],
      ],
    ],
    [
      'bad watch time',
      `update: {canaries: 1, max_in_flight: 1, canary_watch_time: 5-1, update_watch_time: x}\n`,
      [
        ['UpdateConfigInvalidWatchTime', 180001, 'Min watch time cannot be greater than max watch time'],
        [
          'UpdateConfigInvalidWatchTime',
          180001,
          'Watch time should be an integer or a range of two integers',
        ],
      ],
    ],
    [
      'bad vm_strategy',
      `update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1, update_watch_time: 1, vm_strategy: x}\n`,
      [
        [
          'ValidationInvalidValue',
          40005,
          "Invalid vm_strategy 'x', valid strategies are: create-swap-delete, delete-create",
        ],
      ],
    ],
    [
      'stemcell without alias',
      'stemcells: [{os: ubuntu, version: 1}]\n',
      [
        [
          'ValidationMissingField',
          40001,
          `Required property 'alias' was not specified in object ({"os" => "ubuntu", "version" => 1})`,
        ],
      ],
    ],
    [
      'stemcell without os',
      `stemcells: [{alias: s, version: 1}]\n`,
      [
        [
          'ValidationMissingField',
          40001,
          `Required property 'os' or 'name' was not specified in object ({"alias" => "s", "version" => 1})`,
        ],
      ],
    ],
    [
      'unknown release',
      `${ig.replace('release: r', 'release: x')}}\n`,
      [
        [
          'InstanceGroupUnknownRelease',
          140002,
          "Job 'j' (instance group 'web') references an unknown release 'x'",
        ],
      ],
    ],
    [
      'unknown vm type',
      `${ig.replace('vm_type: default', 'vm_type: big')}}\n`,
      [['InstanceGroupUnknownVmType', 140004, "Instance group 'web' references an unknown vm type 'big'"]],
    ],
    [
      'unknown az',
      `${ig}, azs: [z9]}\n`,
      [
        [
          'JobNetworkMissingRequiredAvailabilityZone',
          150006,
          "Instance group 'web' must specify availability zone that matches availability zones of network 'default'",
        ],
        [
          'JobUnknownAvailabilityZone',
          140018,
          "Instance group 'web' references unknown availability zone 'z9'",
        ],
      ],
    ],
    [
      'static ip outside static range',
      `${ig.replace('{name: default}', '{name: default, static_ips: [10.0.0.50]}')}, azs: [z1]}\n`,
      [
        [
          'InstanceGroupNetworkInstanceIpMismatch',
          150002,
          "Instance group 'web' with network 'default' declares static ip '10.0.0.50', which belongs to no subnet",
        ],
      ],
    ],
    [
      'instances vs static ips',
      `${ig.replace('{name: default}', '{name: default, static_ips: [10.0.0.10 - 10.0.0.12]}')}, azs: [z1]}\n`,
      [
        [
          'InstanceGroupNetworkInstanceIpMismatch',
          150002,
          "Instance group 'web' has 1 instances but was allocated 3 static IPs in network 'default'",
        ],
      ],
    ],
    [
      'duplicate group',
      `${ig}, azs: [z1]}\n- {name: web, instances: 1, azs: [z1], vm_type: default, stemcell: s, networks: [{name: default}], jobs: [{name: j, release: r}]}\n`,
      [
        [
          'DeploymentCanonicalJobNameTaken',
          190006,
          "Invalid instance group name 'web', canonical name already taken",
        ],
      ],
    ],
    [
      'instances type',
      `${ig.replace('instances: 1', 'instances: "one"')}, azs: [z1]}\n`,
      [
        [
          'ValidationInvalidType',
          40000,
          `Property 'instances' value ("one") did not match the required type 'Integer'`,
        ],
      ],
    ],
  ];
  it.each(cases)('%s', (_label, extra, expected) => {
    const doc = y(extra.startsWith('name: d\n') ? extra : base + extra);
    const cloud = parseCloudConfig(y(CLOUD)).value;
    const got = problemsOf(() => parseDeploymentManifest(doc, cloud));
    expect(
      got.map((p) => [p.kind, p.code, p.message]).filter((p) => expected.some((e) => e[0] === p[0])),
    ).toEqual(expected);
  });

  it('lists every problem in one error', () => {
    const e = problemsOf(() => parseDeploymentManifest(y('jobs: []\nnetworks: []\n')));
    expect(e.length).toBeGreaterThan(2);
  });
});
