/**
 * The compilation network as the compile stage uses it. On a manual network every compilation VM needs an address
 * of its own: it is taken from what the plan left free (this deployment's and every other holder's reservations)
 * and handed back when the VM goes, so single-use VMs for many packages never exhaust the subnet.
 */
import type { CloudConfig } from '../../core/manifest/types.js';
import type { IpReservation } from '../../core/network/allocate.js';
import { formatCidr } from '../../core/network/ip.js';
import { manualNetworkNamed, reserveDynamicIp } from '../../core/planner/networks.js';
import type { CompilationConfig } from '../compile/types.js';
import { storedAddress } from '../deploy/ip-reservations.js';
import { networkSettings } from '../deploy/network-settings.js';

export function compilationNetwork(
  cloud: CloudConfig,
  deployment: string,
  reservations: readonly IpReservation[],
): CompilationConfig['network'] {
  const name = cloud.compilation.network;
  const group = { name: 'compilation', networks: [{ name, staticIps: null, default: [] }] };
  const manual = manualNetworkNamed(cloud.networks, name);
  if (manual === undefined) return { name, settings: networkSettings(group, cloud)[name] ?? {} };
  let current = [...reservations];
  let next = 0;
  return {
    name,
    settings: {},
    addresses: {
      reserve: () => {
        const label = `compilation-${String(next++)}`;
        const owner = { id: label, name: label, deployment };
        const result = reserveDynamicIp(manual, { owner, label, az: cloud.compilation.az }, current);
        current = [...result.reservations];
        return networkSettings(group, cloud, [result.ip])[name] ?? {};
      },
      release: (settings) => {
        const ip = settings.ip;
        if (typeof ip !== 'string') return;
        const key = storedAddress(ip);
        current = current.filter((r) => formatCidr(r.ip) !== key);
      },
    },
  };
}
