import type { VmInfo, VmProcess } from '../director-client/api-deployments.js';
import { field, record, str, strings } from '../director-client/json-fields.js';
import { timeCell } from '../director-client/go-time.js';
import { siBytes } from '../release/byte-size.js';
import { headers, type Header } from '../ui/table.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { GoFloat, type YamlValue } from '../../base/yaml/value.js';

/** Which column groups a table of instances or VMs shows (bosh-cli InstanceTable). */
export interface InstanceColumns {
  readonly processes: boolean;
  readonly vmDetails: boolean;
  readonly deploymentDetails: boolean;
  readonly details: boolean;
  readonly stemcell: boolean;
  readonly vitals: boolean;
  readonly cloudProperties: boolean;
}

type Values = Record<ColumnKey, string>;
type ColumnKey = keyof typeof TITLES;

const TITLES = {
  name: 'Instance',
  process: 'Process',
  processState: 'Process State',
  az: 'AZ',
  vmType: 'VM Type',
  active: 'Active',
  ips: 'IPs',
  deployment: 'Deployment',
  state: 'State',
  vmCid: 'VM CID',
  diskCids: 'Disk CIDs',
  agentId: 'Agent ID',
  index: 'Index',
  bootstrap: 'Bootstrap',
  ignore: 'Ignore',
  vmCreatedAt: 'VM Created At',
  cloudProperties: 'Cloud Properties',
  stemcell: 'Stemcell',
  uptime: 'Uptime',
  load: 'Load\n(1m, 5m, 15m)',
  cpuTotal: 'CPU\nTotal',
  cpuUser: 'CPU\nUser',
  cpuSys: 'CPU\nSys',
  cpuWait: 'CPU\nWait',
  memory: 'Memory\nUsage',
  swap: 'Swap\nUsage',
  systemDisk: 'System\nDisk Usage',
  ephemeralDisk: 'Ephemeral\nDisk Usage',
  persistentDisk: 'Persistent\nDisk Usage',
} as const;

function columnsOf(t: InstanceColumns): ColumnKey[] {
  const keys: ColumnKey[] = ['name'];
  if (t.processes) keys.push('process');
  keys.push('processState', 'az', 'ips');
  if (t.deploymentDetails) keys.push('deployment');
  if (t.details) keys.push('state', 'vmCid', 'vmType', 'diskCids', 'agentId', 'index', 'bootstrap', 'ignore');
  else if (t.vmDetails) keys.push('vmCid', 'vmType', 'active');
  if (t.stemcell) keys.push('stemcell');
  if (t.cloudProperties) keys.push('cloudProperties');
  if (t.vitals) {
    keys.push('vmCreatedAt', 'uptime', 'load', 'cpuTotal', 'cpuUser', 'cpuSys', 'cpuWait', 'memory', 'swap');
    keys.push('systemDisk', 'ephemeralDisk', 'persistentDisk');
  }
  return keys;
}

export function instanceHeaders(t: InstanceColumns): Header[] {
  return headers(...columnsOf(t).map((k) => TITLES[k]));
}

const EMPTY: Values = Object.fromEntries(Object.keys(TITLES).map((k) => [k, ''])) as Values;

export function asRow(t: InstanceColumns, v: Values): string[] {
  return columnsOf(t).map((k) => v[k]);
}

/** bosh-cli VMInfo.InstanceState: the job state, hidden when it is `running` and there are no processes. */
export function instanceState(i: VmInfo): string {
  return i.processState !== 'running' || i.processes.length > 0 ? i.processState : '';
}

export function isRunning(i: VmInfo): boolean {
  return instanceState(i) === 'running' && i.processes.every((p) => p.state === 'running');
}

const percent = (s: string): string => (s === '' ? '' : `${s}%`);

function uptime(secs: number | undefined): string {
  if (secs === undefined) return '';
  const s = Math.trunc(secs);
  const days = Math.floor(s / 86400);
  const hrs = Math.floor(s / 3600) % 24;
  const mins = Math.floor(s / 60) % 60;
  return `${days.toString()}d ${hrs.toString()}h ${mins.toString()}m ${(s % 60).toString()}s`;
}

const cpuTotal = (t: number | undefined): string => (t === undefined ? '' : `${t.toFixed(1)}%`);

function memSize(m: unknown): string {
  const kb = str(m, 'kb');
  const pct = str(m, 'percent');
  if (pct === '' || kb === '' || !/^\d+$/.test(kb)) return '';
  return `${pct}% (${siBytes(Number(kb) * 1000)})`;
}

function diskSize(d: unknown): string {
  const pct = str(d, 'percent');
  const inode = str(d, 'inode_percent');
  return pct !== '' && inode !== '' ? `${pct}% (${inode}i%)` : '';
}

function interfaceCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v) && v.length === 0) return '';
  if (typeof v === 'object' && Object.keys(v).length === 0) return '';
  return emitYaml(toYaml(v)).trim();
}

/**
 * JSON as Go's yaml.Marshal sees a map[string]interface{}: keys sorted, and every number a float64 (so 1000000
 * prints as `1e+06`, as bosh-cli shows it).
 */
function toYaml(v: unknown): YamlValue {
  if (Array.isArray(v)) return v.map(toYaml);
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new Map(entries.map(([k, x]) => [k, toYaml(x)]));
  }
  if (typeof v === 'number') return new GoFloat(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

export function vmInfoValues(i: VmInfo): Values {
  const vitals = i.vitals;
  const cpu = record(vitals, 'cpu');
  const disk = record(vitals, 'disk');
  const secs = field(record(vitals, 'uptime'), 'secs');
  let name = i.jobName !== '' ? i.jobName : '?';
  if (i.id !== '') name += `/${i.id}`;
  return {
    ...EMPTY,
    name,
    processState: instanceState(i),
    az: i.az,
    vmType: i.vmType !== '' ? i.vmType : i.resourcePool,
    active: i.active === undefined ? '-' : String(i.active),
    ips: i.ips.join('\n'),
    deployment: i.deployment,
    state: i.state,
    vmCid: i.vmCid,
    diskCids: i.diskCids.join('\n'),
    agentId: i.agentId,
    index: (i.index ?? 0).toString(),
    bootstrap: String(i.bootstrap),
    ignore: String(i.ignore),
    vmCreatedAt: timeCell(i.vmCreatedAt),
    cloudProperties: interfaceCell(i.cloudProperties),
    stemcell: i.stemcell.name !== '' ? `${i.stemcell.name}/${i.stemcell.version}` : '-',
    uptime: uptime(typeof secs === 'number' ? secs : undefined),
    load: strings(vitals, 'load').join(', '),
    cpuTotal: cpuTotal(undefined),
    cpuUser: percent(str(cpu, 'user')),
    cpuSys: percent(str(cpu, 'sys')),
    cpuWait: percent(str(cpu, 'wait')),
    memory: memSize(record(vitals, 'mem')),
    swap: memSize(record(vitals, 'swap')),
    systemDisk: diskSize(record(disk, 'system')),
    ephemeralDisk: diskSize(record(disk, 'ephemeral')),
    persistentDisk: diskSize(record(disk, 'persistent')),
  };
}

export function processValues(p: VmProcess): Values {
  return {
    ...EMPTY,
    process: p.name,
    processState: p.state,
    uptime: uptime(p.uptime),
    memory:
      p.memPercent !== undefined && p.memKb !== undefined
        ? `${p.memPercent.toFixed(1)}% (${siBytes(p.memKb * 1000)})`
        : '',
    cpuTotal: cpuTotal(p.cpuTotal),
  };
}
