import type { AuthContext, ClientInfo, Connection, ParsedKey, Server as SshServer } from 'ssh2';
import { join } from 'node:path';
import { toError } from '../../base/errors.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import type { SshAccess } from '../ports.js';
import { loadOrCreateHostKey, type HostKey } from './host-key.js';
import { loadedSsh2, loadSsh2 } from './ssh2-module.js';
import { serveSession } from './session.js';
import { SshUsers } from './users.js';

const TAG = 'sshServer';

/** Overrides the port the agent's SSH server listens on (22). */
export const SSH_PORT_ENV = 'BOSH_AGENT_SSH_PORT';

/** The SSH port from the environment: 22 unless `BOSH_AGENT_SSH_PORT` names another (0: any free port). */
export function sshPort(
  env: Readonly<Record<string, string | undefined>>,
  warn: (m: string) => void,
): number {
  const text = env[SSH_PORT_ENV];
  if (text === undefined || text === '') return 22;
  const port = Number(text);
  if (/^\d+$/.test(text) && port <= 65535) return port;
  warn(`Ignoring ${SSH_PORT_ENV}='${text}': not a port number; using 22`);
  return 22;
}

/**
 * The key of one `authorized_keys` line (`<type> <base64> [comment]`); lines with options are not used. Needs
 * ssh2 loaded (`loadSsh2`), as it is once the server runs.
 */
export function authorizedKey(line: string): ParsedKey | undefined {
  const [type, data] = line.trim().split(/\s+/);
  if (type === undefined || data === undefined || type.startsWith('#')) return undefined;
  const parsed = loadedSsh2().utils.parseKey(`${type} ${data}`);
  const key = Array.isArray(parsed) ? (parsed as unknown[])[0] : parsed;
  return key === undefined || key instanceof Error ? undefined : (key as ParsedKey);
}

export interface AgentSshServerOptions {
  readonly users: SshUsers;
  /** `bosh/ssh_host_key` (+ `.pub`). */
  readonly hostKeyFile: string;
  readonly port: number;
  readonly logger: Logger;
  /** What session processes start from (the agent's environment). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * The VM's sshd, served by the agent itself (a local VM shares the host's /etc and has no sshd of its own): the
 * users are those `ssh setup` made, authenticated by public key only; sessions run as the agent's OS user. It
 * listens on the default network IP; when it cannot (port taken), the agent keeps running and `ssh setup` fails
 * with the reason.
 */
export class AgentSshServer implements SshAccess {
  private server: SshServer | undefined;
  private deferred: { readonly ip: string | undefined } | undefined;
  private at: { readonly ip: string; readonly port: number } | undefined;
  private failure: string | undefined;
  private key: Promise<HostKey> | undefined;
  private readonly connections = new Set<Connection>();
  private readonly running = new Set<() => void>();

  constructor(private readonly options: AgentSshServerOptions) {}

  /** Where it listens, once it does. */
  get address(): { readonly ip: string; readonly port: number } | undefined {
    return this.at;
  }

  private hostKey(): Promise<HostKey> {
    this.key ??= loadOrCreateHostKey(this.options.hostKeyFile, (why) => {
      this.options.logger.warn(TAG, why);
    }).catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }

  /**
   * Listens on `ip` (a no-op when it already does); without an IP it does not listen. A failure to listen is
   * logged and remembered, not thrown.
   */
  async listen(ip: string | undefined): Promise<void> {
    this.deferred = undefined;
    if (this.server !== undefined && this.at?.ip === ip) return;
    await this.close();
    const { logger } = this.options;
    if (ip === undefined || ip === '') {
      this.failure = 'the VM has no default network IP to listen on';
      logger.warn(TAG, `Not serving SSH: ${this.failure}`);
      return;
    }
    let key: HostKey;
    try {
      key = await this.hostKey();
    } catch (e) {
      this.failure = `no host key: ${toError(e).message}`;
      logger.error(TAG, `Not serving SSH: ${this.failure}`);
      return;
    }
    const { Server } = await loadSsh2();
    const server = new Server({ hostKeys: [key.privateKey], ident: 'bosh-agent' }, (client, info) => {
      this.onConnection(client, info);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port, ip, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      this.failure = `cannot listen on ${ip}:${String(this.options.port)}: ${toError(e).message}`;
      logger.warn(TAG, `Not serving SSH: ${this.failure}`);
      return;
    }
    server.on('error', (e: Error) => {
      logger.error(TAG, `SSH server: ${e.message}`);
    });
    const bound = server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : this.options.port;
    this.server = server;
    this.at = { ip, port };
    this.failure = undefined;
    logger.info(TAG, `Listening for SSH on ${ip}:${String(port)}`);
  }

  /** Stops listening, disconnects every client and ends their sessions' processes. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.at = undefined;
    for (const end of [...this.running]) end();
    for (const client of [...this.connections]) client.end();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Listens on `ip` now when users exist (they may log in), else on the first `ssh setup` (hostPublicKey): until
   * someone can log in there is nothing to serve, and not loading ssh2 keeps idle agents small.
   */
  async listenWhenNeeded(ip: string | undefined): Promise<void> {
    if ((await this.options.users.list().catch(() => [])).length > 0) await this.listen(ip);
    else this.deferred = { ip };
  }

  async hostPublicKey(): Promise<string> {
    if (this.deferred !== undefined) await this.listen(this.deferred.ip);
    if (this.failure !== undefined) throw new Error(`SSH server is not running: ${this.failure}`);
    return (await this.hostKey()).publicKey;
  }

  createUser(user: string): Promise<void> {
    return this.options.users.create(user);
  }

  setupSsh(user: string, publicKeys: readonly string[]): Promise<void> {
    return this.options.users.setAuthorizedKeys(user, publicKeys);
  }

  async deleteEphemeralUsersMatching(matches: (user: string) => boolean): Promise<void> {
    const deleted = await this.options.users.deleteEphemeralMatching(matches);
    if (deleted.length > 0) this.options.logger.info(TAG, `Deleted SSH users ${deleted.join(', ')}`);
  }

  /** Whether `ctx` proves the user holds one of its authorized keys (a signature-less query: whether it may). */
  private async authenticated(ctx: AuthContext): Promise<boolean> {
    if (ctx.method !== 'publickey') return false;
    const lines = await this.options.users.authorizedKeys(ctx.username);
    for (const line of lines ?? []) {
      const key = authorizedKey(line);
      if (key === undefined || !key.getPublicSSH().equals(ctx.key.data)) continue;
      if (ctx.signature === undefined) return true;
      if (ctx.blob === undefined) return false;
      // ssh2's verify answers an Error (not false) when the signature cannot even be checked.
      const verified: unknown = key.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
      return verified === true;
    }
    return false;
  }

  private onConnection(client: Connection, info: ClientInfo): void {
    const { logger } = this.options;
    this.connections.add(client);
    let user: string | undefined;
    client.on('authentication', (ctx: AuthContext) => {
      this.authenticated(ctx).then(
        (ok) => {
          if (ok) {
            if (ctx.method === 'publickey' && ctx.signature !== undefined) user = ctx.username;
            ctx.accept();
          } else ctx.reject(['publickey']);
        },
        (e: unknown) => {
          logger.error(TAG, `Authenticating ${ctx.username}: ${toError(e).message}`);
          ctx.reject(['publickey']);
        },
      );
    });
    client.on('ready', () => {
      if (user === undefined) {
        client.end();
        return;
      }
      const name = user;
      logger.info(TAG, `${name} logged in from ${info.ip}:${String(info.port)}`);
      client.on('session', (accept) => {
        const at = this.at;
        serveSession(accept(), {
          user: name,
          home: this.options.users.home(name),
          baseEnv: this.options.baseEnv,
          remote: { address: info.ip, port: info.port },
          local: { address: at?.ip ?? '', port: at?.port ?? this.options.port },
          logger,
          track: (end) => {
            this.running.add(end);
            return () => this.running.delete(end);
          },
        });
      });
    });
    client.on('error', (e: Error) => {
      logger.debug(TAG, `Connection from ${info.ip}:${String(info.port)}: ${e.message}`);
    });
    client.on('close', () => {
      this.connections.delete(client);
    });
  }
}

/**
 * The agent's SSH server for the VM of `dirs`: users under `<base>/bosh_ssh` (bosh-agent's `ssh setup` base), the
 * host key in `bosh/ssh_host_key` (a stemcell's sshd has `/etc/ssh/ssh_host_rsa_key`), the port from
 * `BOSH_AGENT_SSH_PORT` (22).
 */
export function agentSshServer(
  dirs: Dirs,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>>,
): AgentSshServer {
  return new AgentSshServer({
    users: new SshUsers(join(dirs.base, 'bosh_ssh')),
    hostKeyFile: join(dirs.bosh, 'ssh_host_key'),
    port: sshPort(env, (m) => {
      logger.warn(TAG, m);
    }),
    logger,
    baseEnv: env,
  });
}

export { loadSsh2 } from './ssh2-module.js';
