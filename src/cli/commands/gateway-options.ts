/** bosh-cli `GatewayFlags` (ssh, logs): how the OpenSSH client reaches instances through a gateway or proxy. */
import { flag, text, value } from '../flags/option.js';
import type { ConnectionOpts } from '../ssh/ssh-args.js';

export const gatewayOptions = {
  gwDisable: flag({
    long: 'gw-disable',
    description: 'Disable usage of gateway connection',
    env: 'BOSH_GW_DISABLE',
  }),
  gwUser: value(
    { long: 'gw-user', description: 'Username for gateway connection', env: 'BOSH_GW_USER' },
    text,
  ),
  gwHost: value({ long: 'gw-host', description: 'Host for gateway connection', env: 'BOSH_GW_HOST' }, text),
  gwPrivateKey: value(
    {
      long: 'gw-private-key',
      description: 'Private key path for gateway connection',
      env: 'BOSH_GW_PRIVATE_KEY',
    },
    text,
  ),
  gwSocks5: value({ long: 'gw-socks5', description: 'SOCKS5 URL', env: 'BOSH_ALL_PROXY' }, text),
};

export interface GatewayValues {
  readonly gwDisable: boolean;
  readonly gwUser: string | undefined;
  readonly gwHost: string | undefined;
  readonly gwPrivateKey: string | undefined;
  readonly gwSocks5: string | undefined;
}

/** `GatewayFlags.AsSSHOpts`' connection options, with the session's private key and the raw `ssh` options. */
export function connectionOpts(
  g: GatewayValues,
  privateKey: string,
  rawOpts: readonly string[],
): ConnectionOpts {
  const socks5Proxy = g.gwSocks5 ?? '';
  // bosh-cli starts a SOCKS5 proxy of its own over SSH for these; we do not.
  if (socks5Proxy.startsWith('ssh+'))
    throw new Error(`SOCKS5 proxies over SSH ('${socks5Proxy}') are not supported; use a socks5:// proxy`);
  return {
    privateKey,
    gatewayDisable: g.gwDisable,
    gatewayUsername: g.gwUser ?? '',
    gatewayHost: g.gwHost ?? '',
    gatewayPrivateKeyPath: g.gwPrivateKey ?? '',
    socks5Proxy,
    rawOpts,
  };
}

/** bosh-cli `CreateEnvAuthFlags` (ssh, logs): reaching a create-env VM's agent directly instead of a director. */
export const createEnvAuthOptions = {
  director: flag({
    long: 'director',
    description: 'Target the command at the BOSH director (or other type of VM deployed via create-env)',
  }),
  agentEndpoint: value(
    {
      long: 'agent-endpoint',
      description: "Address to connect to the agent's HTTPS endpoint (used with --director)",
      env: 'BOSH_AGENT_ENDPOINT',
    },
    text,
  ),
  agentCertificate: value(
    {
      long: 'agent-certificate',
      description: "CA certificate to validate the agent's HTTPS endpoint (used with --director)",
      env: 'BOSH_AGENT_CERTIFICATE',
    },
    text,
  ),
};

/** `--director` checks its flags as bosh-cli does; talking to a create-env VM's agent is not implemented. */
export function refuseCreateEnvTarget(o: {
  readonly director: boolean;
  readonly agentEndpoint: string | undefined;
  readonly agentCertificate: string | undefined;
}): void {
  if (!o.director) return;
  if ((o.agentEndpoint ?? '') === '' || (o.agentCertificate ?? '') === '')
    throw new Error(
      'the --director flag requires both the --agent-endpoint and --agent-certificate flags to be set',
    );
  throw new Error('the --director flag (VMs deployed with create-env) is not supported yet');
}
