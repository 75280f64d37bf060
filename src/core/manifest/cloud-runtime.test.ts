import { describe, expect, it } from 'vitest';
import { parseCloudConfig, parseRuntimeConfig } from './index.js';
import { problemsOf, y } from './test-fixtures.js';

describe('cloud config errors', () => {
  const cases: [string, string, string][] = [
    ['no networks', 'networks: []\ncompilation: {workers: 1, network: net1}', 'No networks specified'],
    ['dup az', 'azs: [{name: a}, {name: a}]', "Duplicate az name 'a'"],
    ['dup vm type', 'vm_types: [{name: a}, {name: a}]', "Duplicate vm type name 'a'"],
    ['bad type', 'networks: [{name: net1, type: foo}]', "Invalid network type 'foo'"],
    [
      'gateway outside',
      'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.1.0.1}]}]',
      "Invalid gateway for network 'net1': must be inside the range",
    ],
    [
      'static reserved',
      'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, reserved: [10.0.0.5], static: [10.0.0.5]}]}]',
      "Static IP '10.0.0.5' is in network 'net1' reserved range",
    ],
    [
      'static out',
      'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, static: [10.0.1.5]}]}]',
      "Static IP '10.0.1.5' is out of network 'net1' range",
    ],
    [
      'bad ip',
      'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, static: [10.0.0.x]}]}]',
      'Invalid IP or CIDR format: 10.0.0.x',
    ],
    [
      'unknown subnet az',
      'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, az: z}]}]',
      "Network 'net1' refers to an unknown availability zone 'z'",
    ],
    [
      'workers min',
      'compilation: {workers: 0, network: net1}',
      "'workers' value (0) should be greater than 1",
    ],
    [
      'compilation network',
      'networks: [{name: net1, type: dynamic}]\ncompilation: {workers: 1, network: m}',
      "Compilation config references an unknown network 'm'",
    ],
    [
      'disk size',
      'disk_types: [{name: d, disk_size: -1}]',
      "Disk types 'd' references an invalid persistent disk size '-1'",
    ],
  ];
  it.each(cases)('%s', (_label, text, message) => {
    const messages = problemsOf(() => parseCloudConfig(y(text))).map((p) => p.message);
    expect(messages).toContain(message);
  });
});

describe('runtime config', () => {
  it('parses releases, addons with include/exclude, variables and tags', () => {
    const { value } = parseRuntimeConfig(
      y(`releases: [{name: os-conf, version: "22"}]
addons:
- name: a
  jobs: [{name: user_add, release: os-conf, properties: {users: []}}]
  include: {deployments: [d], stemcell: [{os: ubuntu-jammy}], lifecycle: service, teams: [t]}
  exclude: {jobs: [{name: x, release: rel}], networks: [n]}
variables: [{name: v, type: password}]
tags: {a: b}`),
    );
    expect(value.addons[0]?.include).toMatchObject({
      deployments: ['d'],
      stemcellOs: ['ubuntu-jammy'],
      lifecycle: 'service',
    });
    expect(value.addons[0]?.exclude?.jobs).toEqual([{ name: 'x', release: 'rel' }]);
  });
  it.each([
    [
      'releases: [{name: r, version: latest}]',
      "Runtime manifest contains the release 'r' with version as 'latest'. Please specify the actual version string.",
    ],
    [
      'addons: [{name: a, jobs: [{name: j, release: r}]}]',
      "Manifest specifies job 'j' which is defined in 'r', but 'r' is not listed in the runtime releases section.",
    ],
    [
      'addons: [{name: a, include: {stemcell: [{name: x}]}}]',
      `Stemcell {"name" => "x"} in runtime config's include section must have an os name.`,
    ],
    [
      'addons: [{name: a, exclude: {jobs: [{name: x}]}}]',
      `Job {"name" => "x"} in runtime config's exclude section must have both name and release.`,
    ],
    ['variables: [{name: v}]', "Type for variable 'v' is missing; 'type' must be specified"],
    [
      'variables: [{name: v, type: password}, {name: v, type: password}]',
      "Some of the variables have duplicate names, eg: 'v'",
    ],
  ])('%s', (text, message) => {
    expect(problemsOf(() => parseRuntimeConfig(y(text))).map((p) => p.message)).toEqual([message]);
  });
});

describe('manual subnet reserved entries', () => {
  it('keep ranges whole, so allocation never hands out an address inside them', () => {
    const parsed = parseCloudConfig(
      y(
        'networks: [{name: net1, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, reserved: [10.0.0.2 - 10.0.0.9, 10.0.0.16/30, 10.0.0.200]}]}]\ncompilation: {workers: 1, network: net1}',
      ),
    );
    const net = parsed.value.networks[0];
    const reserved = net?.type === 'manual' ? net.subnets[0]?.reserved : undefined;
    expect(reserved).toEqual(expect.arrayContaining(['10.0.0.2 - 10.0.0.9', '10.0.0.16/30', '10.0.0.200']));
    expect(reserved).not.toContain('10.0.0.2');
  });
});
