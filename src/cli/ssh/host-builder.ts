/**
 * bosh-cli `ssh.HostBuilder` (`bosh ssh -i KEY`): without the director's `ssh setup`, the host is the IP given, or
 * the first IP of the one active VM of the instance (from the deployment's VM infos).
 */
import { wrapError } from '../../base/errors.js';
import type { VmInfo } from '../director-client/api-deployments.js';
import type { SshHost } from './ssh-args.js';

export interface Slug {
  readonly group: string;
  readonly indexOrId: string;
  readonly ip?: string;
}

const slugText = (s: Slug): string => (s.indexOrId !== '' ? `${s.group}/${s.indexOrId}` : s.group);

export async function buildHost(
  slug: Slug,
  username: string,
  vmInfos: () => Promise<VmInfo[]>,
): Promise<SshHost> {
  const base = { job: slug.group, indexOrId: slug.indexOrId, username, hostPublicKey: '' };
  if (slug.ip !== undefined && slug.ip !== '') return { ...base, host: slug.ip };
  let vms: VmInfo[];
  try {
    vms = await vmInfos();
  } catch (e) {
    throw wrapError(e, `Finding VM for ${slugText(slug)}`);
  }
  let target: VmInfo | undefined;
  for (const vm of vms) {
    if (vm.active !== true || vm.jobName !== slug.group) continue;
    if (slug.indexOrId === '') {
      if (target !== undefined) throw new Error(`Instance ${slugText(slug)} refers to more than 1 VM`);
      target = vm;
    } else if (/^[+-]?\d+$/.test(slug.indexOrId) && Number(slug.indexOrId) === vm.index) {
      target = vm;
      break;
    } else if (slug.indexOrId === vm.id) {
      target = vm;
      break;
    }
  }
  if (target === undefined) throw new Error(`Instance ${slugText(slug)} has no active VM`);
  const [ip] = target.ips;
  if (ip === undefined) throw new Error(`VM ${target.vmCid} has no IP address`);
  return { ...base, host: ip };
}
