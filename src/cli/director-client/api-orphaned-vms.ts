import type { Director } from './director.js';
import { orphanedAtOf } from './api-deployments.js';
import { list, str, strings } from './json-fields.js';
import { wrapError } from '../../base/errors.js';

export interface OrphanedVm {
  readonly cid: string;
  readonly deployment: string;
  readonly instance: string;
  readonly az: string;
  readonly ips: readonly string[];
  /** Unix seconds. */
  readonly orphanedAt: number;
}

/** GET /orphaned_vms (bosh-cli `Client#OrphanedVMs`). */
export async function orphanedVms(d: Director): Promise<OrphanedVm[]> {
  let r: unknown;
  try {
    r = await d.req.get('/orphaned_vms');
  } catch (e) {
    throw wrapError(e, 'Finding orphaned VMs');
  }
  return list(r).map(orphanedVmOf);
}

/** One orphaned VM as the director lists it (bosh-cli `OrphanedVMResp`; also `GET /cleanup/dryrun`'s). */
export function orphanedVmOf(x: unknown): OrphanedVm {
  return {
    cid: str(x, 'cid'),
    deployment: str(x, 'deployment_name'),
    instance: str(x, 'instance_name'),
    az: str(x, 'az'),
    ips: strings(x, 'ip_addresses'),
    orphanedAt: orphanedAtOf(x),
  };
}
