/**
 * The compilation network as the compile stage uses it. On a manual network every compilation VM needs an address
 * of its own: it is taken from what the plan left free (this deployment's and every other holder's reservations),
 * claimed in the database (`ip_addresses`, for the task) so that no other deploy takes it meanwhile, and handed back
 * when the VM goes, so single-use VMs for many packages never exhaust the subnet. An address someone took since the
 * plan is skipped.
 */
import type { CloudConfig } from '../../core/manifest/types.js';
import type { IpReservation } from '../../core/network/allocate.js';
import { formatCidr } from '../../core/network/ip.js';
import { manualNetworkNamed, reserveDynamicIp } from '../../core/planner/networks.js';
import type { CompilationConfig } from '../compile/types.js';
import { storedAddress } from '../deploy/ip-reservations.js';
import { networkSettings } from '../deploy/network-settings.js';

/** Where compilation addresses are claimed for the task (IpRepo's claim and release). */
export interface AddressClaims {
  /** True when the address (stored form) was free and is now the task's. */
  claim(network: string, address: string): Promise<boolean>;
  release(address: string): Promise<void>;
}

export function compilationNetwork(
  cloud: CloudConfig,
  deployment: string,
  reservations: readonly IpReservation[],
  claims: AddressClaims,
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
      reserve: async () => {
        for (;;) {
          const label = `compilation-${String(next++)}`;
          const owner = { id: label, name: label, deployment };
          // Throws BOSH's error once no address is left; one taken meanwhile stays in `current`, so it is skipped.
          const result = reserveDynamicIp(manual, { owner, label, az: cloud.compilation.az }, current);
          current = [...result.reservations];
          if (await claims.claim(name, storedAddress(result.ip.ip)))
            return networkSettings(group, cloud, [result.ip])[name] ?? {};
        }
      },
      release: async (settings) => {
        const ip = settings.ip;
        if (typeof ip !== 'string') return;
        const key = storedAddress(ip);
        current = current.filter((r) => formatCidr(r.ip) !== key);
        await claims.release(key);
      },
    },
  };
}
