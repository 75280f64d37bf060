import { CPI_METHODS, decodeCpiRequest, type CpiMethod, type CpiResponse } from '../../protocol/cpi.js';
import { Args } from './args.js';
import type { LocalCpiConfig } from './config.js';
import type { CpiEnv, Handler } from './cpi-env.js';
import * as disks from './disks.js';
import { Layout } from './layout.js';
import type { LaunchMode } from './namespace.js';
import { CpiFault, toCpiError } from './response.js';
import * as snapshots from './snapshots.js';
import * as stemcells from './stemcells.js';
import * as vms from './vms.js';

/** This CPI speaks CPI API v2 and still answers v1 requests. */
export const CPI_API_VERSION = 2;

const HANDLERS: Readonly<Record<CpiMethod, Handler>> = {
  info: (_env, args) => {
    args.arity(0);
    return Promise.resolve({
      api_version: CPI_API_VERSION,
      stemcell_formats: [...stemcells.STEMCELL_FORMATS],
    });
  },
  create_stemcell: stemcells.createStemcell,
  delete_stemcell: stemcells.deleteStemcell,
  create_vm: vms.createVm,
  delete_vm: vms.deleteVm,
  has_vm: vms.hasVm,
  reboot_vm: vms.rebootVm,
  set_vm_metadata: vms.setVmMetadata,
  calculate_vm_cloud_properties: vms.calculateVmCloudProperties,
  set_disk_metadata: disks.setDiskMetadata,
  create_disk: disks.createDisk,
  delete_disk: disks.deleteDisk,
  has_disk: disks.hasDisk,
  attach_disk: disks.attachDisk,
  detach_disk: disks.detachDisk,
  get_disks: disks.getDisks,
  resize_disk: disks.resizeDisk,
  update_disk: disks.updateDisk,
  snapshot_disk: snapshots.snapshotDisk,
  delete_snapshot: snapshots.deleteSnapshot,
};

/** What main.ts provides: the config (loaded on demand), ids, time, and the host's launch mode. */
export interface CpiDeps {
  readonly loadConfig: () => Promise<LocalCpiConfig>;
  readonly newCid: (prefix: string) => string;
  readonly now: () => Date;
  readonly launchMode: (config: LocalCpiConfig, log: (line: string) => void) => LaunchMode;
}

function isCpiMethod(method: string): method is CpiMethod {
  return (CPI_METHODS as readonly string[]).includes(method);
}

/** Answers one request; never throws: every failure becomes the response's `error`. */
export async function handleRequest(input: string, deps: CpiDeps): Promise<CpiResponse> {
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(`${deps.now().toISOString()} ${line}`);
  };
  const respond = (result: unknown, error: CpiResponse['error']): CpiResponse => ({
    result: error === null ? result : null,
    error,
    log: lines.map((l) => `${l}\n`).join(''),
  });

  const decoded = decodeCpiRequest(input);
  if (!decoded.ok) return respond(null, decoded.error);
  const request = decoded.value;
  if (!isCpiMethod(request.method)) {
    const fault = new CpiFault(
      'Bosh::Clouds::NotImplemented',
      `Method is not known, got: '${request.method}'`,
    );
    return respond(null, fault.toWire());
  }
  const method = request.method;
  try {
    const config = method === 'info' ? undefined : await deps.loadConfig();
    const layout = new Layout(config?.dataDir ?? '');
    if (config) await layout.prepare();
    let mode: LaunchMode | undefined;
    const env: CpiEnv = {
      get config(): LocalCpiConfig {
        if (!config) throw new Error('no config for info');
        return config;
      },
      layout,
      apiVersion: request.api_version ?? 1,
      context: request.context,
      newCid: deps.newCid,
      now: deps.now,
      log,
      launchMode: () => (mode ??= deps.launchMode(env.config, log)),
    };
    log(`${method} (api_version ${env.apiVersion}, request ${request.context.request_id ?? '-'})`);
    return respond(await HANDLERS[method](env, new Args(request.arguments)), null);
  } catch (e) {
    if (!(e instanceof CpiFault))
      log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return respond(null, toCpiError(e));
  }
}
