import { parseYaml } from '../../base/yaml/parse.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { ManifestError } from './index.js';

/** A YAML document decoded for the parsers. */
export const y = (text: string): YamlValue => parseYaml(text);

/** The problems of the ManifestError `fn` throws (fails when it throws none). */
export function problemsOf(fn: () => unknown): { kind: string; code: number; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e.problems.map((p) => ({ ...p }));
    throw e;
  }
  throw new Error('expected a ManifestError');
}

/** Small nginx/ntp style documents the manifest tests parse. */
export const CLOUD = `
azs: [{name: z1}, {name: z2}]
vm_types: [{name: default, cloud_properties: {instance_type: m1}}]
vm_extensions: [{name: lb}]
disk_types: [{name: ssd, disk_size: 1024}]
networks:
- name: default
  type: manual
  subnets:
  - range: 10.0.0.0/24
    gateway: 10.0.0.1
    dns: [8.8.8.8]
    reserved: [10.0.0.2 - 10.0.0.9]
    static: [10.0.0.10 - 10.0.0.20]
    azs: [z1, z2]
- name: dyn
  type: dynamic
- name: public
  type: vip
compilation: {workers: 2, az: z1, vm_type: default, network: default, reuse_compilation_vms: true}
`;

export const MANIFEST = `
name: nginx
releases:
- {name: nginx, version: latest, url: https://example.com/nginx.tgz, sha1: abc}
- {name: ntp, version: "4.2"}
stemcells:
- {alias: default, os: ubuntu-jammy, version: latest}
update:
  canaries: 1
  max_in_flight: 30%
  canary_watch_time: 1000-60000
  update_watch_time: "5000"
  vm_strategy: create-swap-delete
instance_groups:
- name: nginx
  azs: [z1]
  instances: 2
  lifecycle: service
  vm_type: default
  vm_extensions: [lb]
  stemcell: default
  persistent_disk_type: ssd
  networks:
  - {name: default, static_ips: [10.0.0.10 - 10.0.0.11]}
  jobs:
  - name: nginx
    release: nginx
    properties: {nginx_conf: "http {}"}
    provides: {web: {as: web}}
  - {name: ntpd, release: ntp}
  update: {serial: false, max_in_flight: 1}
- name: smoke
  lifecycle: errand
  instances: 1
  azs: [z2]
  vm_type: default
  stemcell: default
  networks: [{name: default}]
  jobs: [{name: smoke-tests, release: nginx}]
variables:
- {name: admin_password, type: password}
- {name: ca, type: certificate, options: {is_ca: true, common_name: ca}}
features: {use_dns_addresses: true, randomize_az_placement: true}
tags: {team: web}
addons:
- name: os-conf
  jobs: [{name: user_add, release: ntp}]
  include: {instance_groups: [nginx]}
`;
