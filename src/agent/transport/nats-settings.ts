import type { UpdateSettings } from '../../protocol/agent.js';
import type { AgentSettings, CertKeyPair } from '../settings/settings.js';

/** `Settings.GetMbusURLs`: update_settings mbus.urls > env.bosh.mbus.urls > [settings.mbus] (none when empty). */
export function mbusUrls(s: AgentSettings, u: UpdateSettings | undefined): readonly string[] {
  const fromUpdate = u?.mbus.urls;
  if (fromUpdate && fromUpdate.length > 0) return fromUpdate;
  const fromEnv = s.env.mbusUrls;
  if (fromEnv && fromEnv.length > 0) return fromEnv;
  return s.mbus === '' ? [] : [s.mbus];
}

/** `Settings.GetMbusCerts`: update_settings mbus.cert when its CA is set, else env.bosh.mbus.cert. */
export function mbusCerts(s: AgentSettings, u: UpdateSettings | undefined): CertKeyPair {
  return u !== undefined && u.mbus.cert.ca !== '' ? u.mbus.cert : s.env.mbusCert;
}

/** Where and as whom the NATS client connects. */
export interface NatsEndpoint {
  /** `host:port` of each URL, in order (nats.go's cluster list). */
  readonly servers: readonly string[];
  readonly user?: string;
  readonly pass?: string;
  /** userinfo without a password, as nats.go reads it. */
  readonly token?: string;
}

const DEFAULT_PORT = '4222';

/**
 * The servers and credentials of the mbus URLs (`nats://user:password@host:port`). nats.go takes the credentials
 * from the URL it dials; this client has one set for the whole list, so the first URL carrying userinfo gives it.
 */
export function natsEndpoint(urls: readonly string[]): NatsEndpoint {
  if (urls.length === 0) throw new Error('Getting connection info: no mbus URL');
  const servers: string[] = [];
  let credentials: { user?: string; pass?: string; token?: string } | undefined;
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch (e) {
      throw new Error(
        `Getting connection info: Parsing Nats URL "${redact(raw)}": ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (url.protocol !== 'nats:' && url.protocol !== 'tls:') {
      throw new Error(`Getting connection info: Parsing Nats URL "${redact(raw)}": unsupported scheme`);
    }
    if (url.hostname === '') {
      throw new Error(`Getting connection info: Parsing Nats URL "${redact(raw)}": missing host`);
    }
    servers.push(`${url.hostname}:${url.port === '' ? DEFAULT_PORT : url.port}`);
    if (credentials === undefined && (url.username !== '' || url.password !== '')) {
      const user = decodeURIComponent(url.username);
      credentials =
        url.password === '' && !/^[^@/]*:@/.test(raw.replace(/^[a-z]+:\/\//i, ''))
          ? { token: user }
          : { user, pass: decodeURIComponent(url.password) };
    }
  }
  return { servers, ...credentials };
}

/** A URL for logs: the password replaced. */
export function redact(raw: string): string {
  return raw.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1*****@');
}
