/**
 * bosh-cli `ssh.SSHArgs`: the OpenSSH client options for one host (key and known_hosts files of the session,
 * gateway or SOCKS5 proxy, then the user's `--opts`), the login part, and the known_hosts file's content.
 */
import { isIP } from 'node:net';

/** One instance to reach (bosh-cli `director.Host`). */
export interface SshHost {
  readonly job: string;
  readonly indexOrId: string;
  readonly username: string;
  readonly host: string;
  readonly hostPublicKey: string;
}

/** What `ssh setup` answered (bosh-cli `director.SSHResult`). */
export interface SshTargets {
  readonly hosts: readonly SshHost[];
  readonly gatewayUsername: string;
  readonly gatewayHost: string;
}

/** bosh-cli `ssh.ConnectionOpts`. */
export interface ConnectionOpts {
  readonly privateKey: string;
  readonly gatewayDisable: boolean;
  readonly gatewayUsername: string;
  readonly gatewayHost: string;
  readonly gatewayPrivateKeyPath: string;
  readonly socks5Proxy: string;
  /** `--opts` values (trimmed), then what the command adds (`-o StrictHostKeyChecking=yes`). */
  readonly rawOpts: readonly string[];
}

export interface SessionFiles {
  readonly privateKeyPath: string;
  readonly knownHostsPath: string;
}

export interface ArgsContext {
  readonly conn: ConnectionOpts;
  readonly targets: SshTargets;
  readonly files: SessionFiles;
  /** `-tt` (ssh sessions; not scp). */
  readonly forceTty: boolean;
  /** Whether `connect-proxy` is on PATH (preferred over `nc -x` for SOCKS5). */
  readonly hasConnectProxy: boolean;
}

export function loginForHost(host: SshHost): string[] {
  return [host.host, '-l', host.username];
}

/** The gateway: the director's (`gateway_host`/`gateway_user`), overridden by flags, none with `--gw-disable`. */
function gateway(a: ArgsContext): { user: string; host: string; keyPath: string } {
  if (a.conn.gatewayDisable) return { user: '', host: '', keyPath: '' };
  return {
    user: a.conn.gatewayUsername !== '' ? a.conn.gatewayUsername : a.targets.gatewayUsername,
    host: a.conn.gatewayHost !== '' ? a.conn.gatewayHost : a.targets.gatewayHost,
    keyPath: a.conn.gatewayPrivateKeyPath,
  };
}

export function optsForHost(a: ArgsContext, host: SshHost): string[] {
  const opts: string[] = a.forceTty ? ['-tt'] : [];
  opts.push(
    ...['-o', 'ServerAliveInterval=30', '-o', 'ForwardAgent=no', '-o', 'PasswordAuthentication=no'],
    ...['-o', 'IdentitiesOnly=yes', '-o', `IdentityFile=${a.files.privateKeyPath}`],
    ...['-o', `UserKnownHostsFile=${a.files.knownHostsPath}`],
  );
  const gw = gateway(a);
  if (a.conn.socks5Proxy !== '') {
    const proxy = a.conn.socks5Proxy.replace(/^socks5:\/\//, '');
    const command = a.hasConnectProxy ? `connect-proxy -S ${proxy} %h %p` : `nc -x ${proxy} %h %p`;
    opts.push('-o', `ProxyCommand=${command}`);
  } else if (gw.host !== '') {
    const gwOpts = ['-o', 'ServerAliveInterval=30', '-o', 'ForwardAgent=no', '-o', 'ClearAllForwardings=yes'];
    // The gateway only forwards TCP (agent forwarding is off): its host key need not be checked.
    gwOpts.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
    if (gw.keyPath !== '') {
      gwOpts.push(
        '-o',
        'PasswordAuthentication=no',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        `IdentityFile=${gw.keyPath}`,
      );
    }
    // `ssh -W` wants an IPv6 address in brackets.
    const hostPort = host.host.includes(':') ? '[%h]:%p' : '%h:%p';
    opts.push('-o', `ProxyCommand=ssh -tt -W ${hostPort} -l ${gw.user} ${gw.host} ${gwOpts.join(' ')}`);
  }
  opts.push(...a.conn.rawOpts);
  return opts;
}

/**
 * `<host> <key>` per host with a key; an address Go's `net.ParseIP(..).String()` writes otherwise (a shortened
 * IPv6 address, `<nil>` for a name) gets a second line.
 */
export function knownHostsContent(targets: SshTargets): string {
  let content = '';
  for (const h of targets.hosts) {
    if (h.hostPublicKey === '') continue;
    content += `${h.host} ${h.hostPublicKey}\n`;
    const formatted = goIpString(h.host);
    if (formatted !== h.host) content += `${formatted} ${h.hostPublicKey}\n`;
  }
  return content;
}

function goIpString(host: string): string {
  const kind = isIP(host);
  if (kind === 4) return host.split('.').map(Number).join('.');
  if (kind === 6) return new URL(`http://[${host}]/`).hostname.slice(1, -1);
  return '<nil>';
}
