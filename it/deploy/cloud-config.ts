/** The cloud configs of the deploy tests, each on loopback addresses of its own. */

/** A fresh 127.x.y.0/24 range, so VMs of concurrent test files do not share addresses. */
export function loopbackRange(): string {
  return `127.${String(100 + Math.floor(Math.random() * 150))}.${String(Math.floor(Math.random() * 250))}`;
}

export interface CloudOptions {
  /** The dynamic network's subnet (az, range, dns, ...). */
  readonly subnet?: Record<string, unknown>;
  /** The whole cloud config instead of the default one. */
  readonly cloudConfig?: Record<string, unknown>;
}

export function defaultCloudConfig(subnet: Record<string, unknown>): Record<string, unknown> {
  return {
    azs: [{ name: 'z1' }],
    vm_types: [{ name: 'small' }],
    networks: [{ name: 'default', type: 'dynamic', subnets: [subnet] }],
    compilation: { workers: 1, az: 'z1', vm_type: 'small', network: 'default', reuse_compilation_vms: true },
  };
}

/** A cloud config of one manual network `default` on `<net>.0/24` (gateway `<net>.1`), compiling on it. */
export function manualCloudConfig(
  net: string,
  subnet: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    azs: [{ name: 'z1' }],
    vm_types: [{ name: 'small' }],
    networks: [
      {
        name: 'default',
        type: 'manual',
        subnets: [{ az: 'z1', range: `${net}.0/24`, gateway: `${net}.1`, cloud_properties: {}, ...subnet }],
      },
    ],
    compilation: { workers: 1, az: 'z1', vm_type: 'small', network: 'default', reuse_compilation_vms: true },
  };
}
