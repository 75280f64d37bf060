import { describe, expect, it } from 'vitest';
import type { CpiNetwork } from '../../protocol/cpi.js';
import { decodeConfig, isInterfaceName } from './config.js';
import {
  bridgeAddresses,
  checkNetnsHost,
  linkKind,
  NETNS_ROOT_HELP,
  netnsNames,
  netnsPlan,
} from './netns.js';
import { formatIpv4, overlapsLoopback, parseCidr, prefixOf } from './network.js';
import { CpiFault } from './response.js';

/** The CPI error `run` fails with. */
function fault(run: () => unknown): { type: string; message: string } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof CpiFault)) throw e;
    return { type: e.type, message: e.message };
  }
  throw new Error('expected a failure');
}

const cloudError = (message: string) => ({ type: 'Bosh::Clouds::CloudError', message });
const vmCreationFailed = (message: string) => ({ type: 'Bosh::Clouds::VMCreationFailed', message });

const baseConfig = {
  data_dir: '/var/lib/cpi',
  agent: { mbus: 'https://mbus:p@{ip}:6868' },
  agent_command: ['/bin/agent'],
};

describe('netnsNames', () => {
  it('derives one name of 15 characters (the longest interface name) from the cid', () => {
    const names = netnsNames('vm-5a0c3d58-6a43-4bd6-9d2e-0f0b6a3c1f47');
    // sha256("vm-5a0c3d58-6a43-4bd6-9d2e-0f0b6a3c1f47") starts with these 10 hex digits.
    expect(names).toEqual({ netns: 'bosh-f272957102', hostVeth: 'bosh-f272957102' });
    expect(isInterfaceName(names.hostVeth)).toBe(true);
    expect(netnsNames('vm-5a0c3d58-6a43-4bd6-9d2e-0f0b6a3c1f47')).toEqual(names);
  });

  it('gives different cids different names', () => {
    const names = new Set(Array.from({ length: 1000 }, (_, i) => netnsNames(`vm-${i}`).netns));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^bosh-[0-9a-f]{10}$/);
  });
});

const net = (fields: Partial<CpiNetwork>): CpiNetwork => ({ type: 'manual', ...fields });

describe('netnsPlan', () => {
  it('puts each IP on the VM, each gateway once on the bridge, and routes via the default gateway', () => {
    expect(
      netnsPlan({
        a: net({ ip: '10.245.0.5', netmask: '255.255.255.0', gateway: '10.245.0.1', default: ['dns'] }),
        b: net({ ip: '10.246.0.9', netmask: '255.255.0.0', gateway: '10.246.0.1', default: ['gateway'] }),
        c: net({ ip: '10.245.0.6', netmask: '255.255.255.0', gateway: '10.245.0.1' }),
        vip: net({ type: 'vip' }),
      }),
    ).toEqual({
      addresses: ['10.245.0.5/24', '10.246.0.9/16', '10.245.0.6/24'],
      bridgeAddresses: ['10.245.0.1/24', '10.246.0.1/16'],
      defaultGateway: '10.246.0.1',
    });
  });

  it("routes via the first network's gateway when none is default for it; no IP, no route", () => {
    const plan = netnsPlan({ a: net({ ip: '10.1.2.3', netmask: '255.255.255.0', gateway: '10.1.2.254' }) });
    expect(plan.defaultGateway).toBe('10.1.2.254');
    expect(netnsPlan({})).toEqual({ addresses: [], bridgeAddresses: [], defaultGateway: undefined });
  });

  it('explains what a network lacks for a bridge', () => {
    expect(fault(() => netnsPlan({ n: net({ ip: '10.1.2.3', gateway: '10.1.2.1' }) }))).toEqual(
      vmCreationFailed(
        `Network 'n' needs a netmask of at most 30 bits with "isolation": "netns", got undefined`,
      ),
    );
    expect(
      fault(() => netnsPlan({ n: net({ ip: '10.1.2.3', netmask: '255.0.255.0', gateway: '10.1.2.1' }) })),
    ).toEqual(
      vmCreationFailed(
        `Network 'n' needs a netmask of at most 30 bits with "isolation": "netns", got "255.0.255.0"`,
      ),
    );
    expect(fault(() => netnsPlan({ n: net({ ip: '10.1.2.3', netmask: '255.255.255.0' }) }))).toEqual(
      vmCreationFailed(
        `Network 'n' needs a gateway with "isolation": "netns" (the bridge gets its address, through which ` +
          'the host reaches the VM), got undefined',
      ),
    );
    expect(
      fault(() => netnsPlan({ n: net({ ip: '10.1.2.3', netmask: '255.255.255.0', gateway: '10.1.3.1' }) })),
    ).toEqual(vmCreationFailed(`Gateway '10.1.3.1' of network 'n' is not another address of 10.1.2.0/24`));
    expect(
      fault(() => netnsPlan({ n: net({ ip: '10.1.2.3', netmask: '255.255.255.0', gateway: '10.1.2.3' }) })),
    ).toEqual(vmCreationFailed(`Gateway '10.1.2.3' of network 'n' is not another address of 10.1.2.0/24`));
  });
});

describe('checkNetnsHost', () => {
  const found = (program: string) => `/usr/bin/${program}`;

  it('needs root, and says how to do without', () => {
    expect(
      fault(() => {
        checkNetnsHost(1000, found);
      }),
    ).toEqual(cloudError(NETNS_ROOT_HELP));
    expect(NETNS_ROOT_HELP).toBe(
      "VM isolation 'netns' needs root: it creates a network namespace, a veth pair and a bridge per VM; run the " +
        'CPI as root, or set "isolation": "mount-ns" in the CPI config to run VMs on loopback IPs without it',
    );
    expect(
      fault(() => {
        checkNetnsHost(undefined, found);
      }),
    ).toEqual(cloudError(NETNS_ROOT_HELP));
  });

  it('names the missing command and its package', () => {
    const without = (missing: string) => (program: string) => {
      if (program === missing)
        throw new CpiFault('Bosh::Clouds::CloudError', `Executable '${program}' not found`);
      return found(program);
    };
    expect(
      fault(() => {
        checkNetnsHost(0, without('ip'));
      }),
    ).toEqual(
      cloudError("VM isolation 'netns' needs the 'ip' command (iproute2): Executable 'ip' not found"),
    );
    expect(
      fault(() => {
        checkNetnsHost(0, without('nsenter'));
      }),
    ).toEqual(
      cloudError(
        "VM isolation 'netns' needs the 'nsenter' command (util-linux): Executable 'nsenter' not found",
      ),
    );
    expect(() => {
      checkNetnsHost(0, found);
    }).not.toThrow();
  });
});

describe('ip -j output', () => {
  it('reads the kind of a link and the IPv4 addresses of a bridge', () => {
    expect(linkKind('[{"ifname":"br0","linkinfo":{"info_kind":"bridge","info_data":{}}}]')).toBe('bridge');
    expect(linkKind('[{"ifname":"eth0"}]')).toBeUndefined();
    expect(linkKind('not json')).toBeUndefined();
    const addr = JSON.stringify([
      {
        ifname: 'br0',
        addr_info: [
          { family: 'inet', local: '10.245.0.1', prefixlen: 24 },
          { family: 'inet6', local: 'fe80::1', prefixlen: 64 },
          { family: 'inet', local: '10.246.0.1', prefixlen: 16 },
        ],
      },
    ]);
    expect(bridgeAddresses(addr)).toEqual(['10.245.0.1/24', '10.246.0.1/16']);
    expect(bridgeAddresses('[]')).toEqual([]);
  });
});

describe('address helpers', () => {
  it('turns netmasks into prefix lengths, and nothing else', () => {
    expect(prefixOf('255.255.255.0')).toBe(24);
    expect(prefixOf('255.255.240.0')).toBe(20);
    expect(prefixOf('0.0.0.0')).toBe(0);
    expect(prefixOf('255.255.255.255')).toBe(32);
    expect(prefixOf('255.0.255.0')).toBeUndefined();
    expect(prefixOf('24')).toBeUndefined();
  });

  it('knows which ranges reach into 127.0.0.0/8', () => {
    const overlaps = (cidr: string) => {
      const range = parseCidr(cidr);
      if (range === undefined) throw new Error(cidr);
      return overlapsLoopback(range);
    };
    expect(['127.254.0.0/16', '127.0.0.0/8', '96.0.0.0/3', '0.0.0.0/0'].map(overlaps)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.254.0.0/16', '126.0.0.0/8', '128.0.0.0/8'].map(overlaps)).toEqual([false, false, false]);
    expect(formatIpv4(parseCidr('10.254.7.9/16')?.base ?? 0)).toBe('10.254.0.0');
  });
});

describe('config for isolation netns', () => {
  it('defaults the bridge to bosh-local0 and the dynamic range to 10.254.0.0/16', () => {
    const config = decodeConfig({ ...baseConfig, isolation: 'netns' }, '/');
    expect(config.isolation).toBe('netns');
    expect(config.bridge).toBe('bosh-local0');
    expect(config.dynamicIps).toEqual(parseCidr('10.254.0.0/16'));
    const other = decodeConfig({ ...baseConfig, bridge: 'br-test.1' }, '/');
    expect(other.bridge).toBe('br-test.1');
    expect(other.isolation).toBeUndefined();
    expect(other.dynamicIps).toEqual(parseCidr('127.254.0.0/16'));
  });

  it('rejects a loopback dynamic range, a bad bridge name and an unknown isolation, with exact texts', () => {
    expect(
      fault(() =>
        decodeConfig(
          { ...baseConfig, isolation: 'netns', dynamic_ip_range: '127.9.0.0/16', bridge: 'x'.repeat(16) },
          '/',
        ),
      ),
    ).toEqual(
      cloudError(
        [
          'Invalid local CPI config:',
          `- 'dynamic_ip_range' must not be a loopback range with "isolation": "netns" (loopback addresses cannot be used on a bridge), got "127.9.0.0/16"`,
          `- 'bridge' must be a network interface name (1 to 15 letters, digits, '.', '-' or '_'), got "${'x'.repeat(16)}"`,
        ].join('\n'),
      ),
    );
    expect(fault(() => decodeConfig({ ...baseConfig, isolation: 'vm', bridge: 7 }, '/'))).toEqual(
      cloudError(
        [
          'Invalid local CPI config:',
          `- 'isolation' must be 'none', 'mount-ns' or 'netns', got "vm"`,
          `- 'bridge' must be a network interface name (1 to 15 letters, digits, '.', '-' or '_'), got 7`,
        ].join('\n'),
      ),
    );
    for (const name of ['', '..', 'br 0', 'br/0', 'a'.repeat(16)])
      expect(isInterfaceName(name), name).toBe(false);
    // A loopback range is fine without netns: VMs then share the host's loopback.
    expect(decodeConfig({ ...baseConfig, dynamic_ip_range: '127.9.0.0/16' }, '/').dynamicIps).toEqual(
      parseCidr('127.9.0.0/16'),
    );
  });
});
