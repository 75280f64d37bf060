import { join } from 'node:path';

/** What `npm run demo [-- ...]` was asked to do. */
export interface DemoOptions {
  readonly mode: 'up' | 'down' | 'help';
  /** Everything the demo makes lives here (the director's data, its log and pid, the release, the stemcell). */
  readonly dataDir: string;
  /** The director's port when given; otherwise the port it had, or 25555 on its first start. */
  readonly port: number | undefined;
  /** The IPv4 CIDR the local CPI hands the VMs' addresses out of. */
  readonly network: string;
}

export const DEFAULT_PORT = 25555;
// A loopback range of its own, so the demo's VMs never take the addresses of other local CPIs (which default to
// 127.254.0.0/16): IP claims are per CPI data dir, and every instance listens on <its ip>:8080.
const DEFAULT_NETWORK = '127.77.0.0/24';

export const USAGE = `Usage: npm run demo [-- OPTIONS]

Starts a director with the local CPI, builds and uploads examples/demo-release and a local stemcell, and deploys
examples/demo/manifest.yml as deployment 'demo' on environment alias 'demo'. Re-runnable.

Options:
  --down            Delete the deployment, stop the director, remove the data dir and the 'demo' alias
  --dir DIR         Data dir (env BOSH_TS_DEMO_DIR; default ~/.bosh-ts/demo)
  --port N          Director port (env BOSH_TS_DEMO_PORT; default 25555)
  --network CIDR    The VMs' address range (env BOSH_TS_DEMO_NETWORK; default ${DEFAULT_NETWORK})
  -h, --help        Show this help`;

/** Flags win over the environment, which wins over the defaults; a bad value is an Error naming it. */
export function parseDemoArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): DemoOptions {
  let mode: DemoOptions['mode'] = 'up';
  let dataDir = env.BOSH_TS_DEMO_DIR;
  let port = env.BOSH_TS_DEMO_PORT;
  let network = env.BOSH_TS_DEMO_NETWORK;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[(i += 1)];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--down') mode = 'down';
    else if (flag === '-h' || flag === '--help') mode = 'help';
    else if (flag === '--dir') dataDir = value();
    else if (flag === '--port') port = value();
    else if (flag === '--network') network = value();
    else throw new Error(`unknown argument '${arg}'`);
  }
  return {
    mode,
    dataDir: dataDir !== undefined && dataDir !== '' ? dataDir : join(home, '.bosh-ts', 'demo'),
    port: port === undefined || port === '' ? undefined : parsePort(port),
    network: network === undefined || network === '' ? DEFAULT_NETWORK : parseNetwork(network),
  };
}

function parsePort(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) throw new Error(`port must be 1-65535, got '${raw}'`);
  return n;
}

function parseNetwork(raw: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(raw);
  const octets = m?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(m?.[5]);
  // Loopback: the VMs share the host's network, where only 127/8 reaches this host without an interface of its
  // own. At least 8 addresses: .1 is the gateway, the 3 instances and a compilation VM need their own.
  if (m === null || octets[0] !== 127 || octets.some((o) => o > 255) || prefix < 8 || prefix > 29) {
    throw new Error(
      `network must be a 127.x.y.z CIDR such as ${DEFAULT_NETWORK} (prefix 8-29), got '${raw}'`,
    );
  }
  return raw;
}
