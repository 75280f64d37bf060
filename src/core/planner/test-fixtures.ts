/** Documents and a fake "orchestrator" (apply a plan to get the next current state) for the planner tests. */
import { parseYaml } from '../../base/yaml/parse.js';
import { parseCloudConfig, parseDeploymentManifest } from '../manifest/index.js';
import { desiredGroup } from './desired.js';
import { planDeployment } from './plan-deployment.js';
import type {
  CurrentDeployment,
  CurrentInstance,
  DeploymentPlan,
  DesiredDeployment,
  PlanOptions,
} from './types.js';

export const CLOUD = `
azs: [{name: z1, cloud_properties: {zone: a}}, {name: z2, cloud_properties: {zone: b}}]
vm_types: [{name: small, cloud_properties: {cpu: 1}}]
disk_types: [{name: ssd, disk_size: 1024}]
networks:
- name: default
  type: manual
  subnets:
  - {range: 10.0.1.0/24, gateway: 10.0.1.1, reserved: [10.0.1.2/31, 10.0.1.4/30, 10.0.1.8/31], static: [10.0.1.10-10.0.1.20], azs: [z1]}
  - {range: 10.0.2.0/24, gateway: 10.0.2.1, reserved: [10.0.2.2/31, 10.0.2.4/30, 10.0.2.8/31], static: [10.0.2.10-10.0.2.20], azs: [z2]}
compilation: {workers: 1, az: z1, vm_type: small, network: default}
`;

export interface ManifestKnobs {
  readonly web?: number;
  readonly webAzs?: string;
  readonly property?: string;
  readonly db?: number;
  readonly dbIps?: string;
  readonly dbState?: string;
}

export function manifestYaml(k: ManifestKnobs = {}): string {
  return `
name: app
releases: [{name: app, version: latest}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update: {canaries: 1, max_in_flight: 2, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- name: web
  azs: ${k.webAzs ?? '[z1, z2]'}
  instances: ${k.web ?? 3}
  vm_type: small
  stemcell: default
  networks: [{name: default}]
  jobs: [{name: web, release: app, properties: {port: ${k.property ?? '80'}}}]
- name: db
  azs: [z1]
  instances: ${k.db ?? 2}
  vm_type: small
  stemcell: default
  persistent_disk_type: ssd
  networks: [{name: default, static_ips: ${k.dbIps ?? '[10.0.1.10, 10.0.1.11]'}}]
  jobs: [{name: db, release: app}]
${k.dbState !== undefined ? `  state: ${k.dbState}` : ''}
`;
}

export function desired(k: ManifestKnobs = {}, stemcellVersion = '1.1'): DesiredDeployment {
  const cloudConfig = parseCloudConfig(parseYaml(CLOUD)).value;
  const manifest = parseDeploymentManifest(parseYaml(manifestYaml(k)), cloudConfig).value;
  return {
    manifest,
    cloudConfig,
    stemcells: { default: { name: 'bosh-stemcell-ubuntu-jammy', version: stemcellVersion } },
    releases: { app: '7' },
  };
}

export const EMPTY: CurrentDeployment = { deployed: false, instances: [] };

/** Deterministic ids: `uuid-1`, `uuid-2`, … */
export function ids(prefix = 'uuid'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export function plan(
  d: DesiredDeployment,
  current: CurrentDeployment,
  options: PlanOptions = {},
  newId = ids('new'),
) {
  return planDeployment({ desired: d, current, now: '2024-01-01T00:00:00Z', newId, options });
}

/** What a successful deploy of `p` leaves in the database. */
export function apply(d: DesiredDeployment, p: DeploymentPlan): CurrentDeployment {
  const instances: CurrentInstance[] = [];
  for (const g of p.groups) {
    const group = d.manifest.instanceGroups.find((x) => x.name === g.name);
    if (!group) continue;
    const want = desiredGroup(group, d);
    for (const i of g.instances) {
      instances.push({
        uuid: i.uuid,
        group: i.group,
        index: i.index,
        az: i.az,
        bootstrap: i.bootstrap,
        state: i.state,
        ignore: false,
        vm: {
          cid: `vm-${i.uuid}`,
          agentId: `agent-${i.uuid}`,
          stemcell: want.stemcell,
          cloudProperties: want.cloudProperties(i.az),
          env: want.env,
        },
        disks: want.disks.map((disk) => ({ cid: `disk-${i.uuid}`, ...disk })),
        ips: i.ips.map((ip) => ({ network: ip.network, ip: ip.ip, static: ip.type === 'static' })),
        applied: {
          packages: {},
          jobs: want.jobs,
          configurationHash: null,
          properties: want.properties,
          tags: want.tags,
        },
      });
    }
  }
  return { deployed: true, instances };
}
