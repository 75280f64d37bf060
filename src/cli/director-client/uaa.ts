import { wrapError } from '../../base/errors.js';
import type { DirectorInfo } from './api-info.js';
import type { BoshConfig, Creds } from './bosh-config.js';
import { validateCaPem } from './ca-pool.js';
import { encodeQuery } from './go-url.js';
import { DirectorTransport } from './transport.js';

export interface UaaSessionOptions {
  readonly info: DirectorInfo;
  readonly creds: Creds;
  readonly caCert: string;
  readonly config: BoshConfig;
  readonly environment: string;
}

/** `Requesting token via client credentials grant`: a UAA client's token. */
export async function clientCredentialsGrant(o: UaaSessionOptions): Promise<void> {
  await uaaClient(o).grant(
    [['grant_type', 'client_credentials']],
    'Requesting token via client credentials grant',
  );
}

interface Token {
  readonly type: string;
  readonly value: string;
  readonly refresh: string;
}

/**
 * The Authorization of a director that uses UAA (bosh-cli uaa ClientTokenSession / AccessTokenSession): a client
 * gets a token by the client credentials grant (again after a 401); a logged-in user sends the stored access token
 * and, when it is missing or was refused, refreshes it and saves the new tokens to the config.
 */
export function uaaAuthorization(o: UaaSessionOptions): (retried: boolean) => Promise<string | undefined> {
  let token: Token | undefined =
    o.creds.client === ''
      ? { type: o.creds.accessTokenType, value: o.creds.accessToken, refresh: o.creds.refreshToken }
      : undefined;
  return async (retried) => {
    const uaa = uaaClient(o);
    if (o.creds.client !== '') {
      if (token === undefined || retried)
        token = await uaa.grant(
          [['grant_type', 'client_credentials']],
          'Requesting token via client credentials grant',
        );
    } else if (token === undefined || token.type === '' || token.value === '' || retried) {
      try {
        token = await uaa.grant(
          [
            ['grant_type', 'refresh_token'],
            ['refresh_token', token?.refresh ?? ''],
          ],
          'Refreshing token',
        );
      } catch (e) {
        throw wrapError(e, 'refreshing token');
      }
      const t = token;
      await o.config
        .setCredentials(o.environment, {
          client: '',
          clientSecret: '',
          accessTokenType: t.type,
          accessToken: t.value,
          refreshToken: t.refresh,
        })
        .save();
    }
    return `${token.type} ${token.value}`;
  };
}

/** A UAA token endpoint client for the director's UAA (its `user_authentication.options.url`). */
export function uaaClient(o: UaaSessionOptions): {
  grant(form: [string, string][], context: string): Promise<Token>;
} {
  const url = o.info.authOptions['url'];
  if (typeof url !== 'string') throw new Error(`Expected URL '${String(url)}' to be a string`);
  const parsed = new URL(url.includes('://') ? url : `https://${url}`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? 443 : Number(parsed.port);
  let ca: string | undefined;
  try {
    ca = validateCaPem(o.caCert);
  } catch (e) {
    throw wrapError(e, 'Validating UAA connection config');
  }
  const client = o.creds.client === '' ? 'bosh_cli' : o.creds.client;
  const basic = `Basic ${Buffer.from(`${client}:${o.creds.clientSecret}`).toString('base64')}`;
  const transport = new DirectorTransport({
    host,
    port,
    ...(ca !== undefined ? { ca } : {}),
    authorization: () => Promise.resolve(basic),
    attempts: 5,
  });
  const base = parsed.pathname === '/' ? '' : parsed.pathname;
  return {
    async grant(form, context) {
      const path = `${base}/oauth/token`;
      let resp;
      try {
        resp = await transport.send({
          method: 'POST',
          path,
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: encodeQuery(form),
        });
      } catch (e) {
        throw wrapError(
          wrapError(
            wrapError(e, 'Performing POST request'),
            `Performing request POST '${transport.endpoint}${path}'`,
          ),
          context,
        );
      }
      const body = resp.body.toString('utf8');
      if (resp.status !== 200) {
        throw wrapError(
          new Error(
            `UAA responded with non-successful status code '${resp.status.toString()}' response '${body}'`,
          ),
          context,
        );
      }
      const r = JSON.parse(body) as Record<string, unknown>;
      const text = (k: string): string => (typeof r[k] === 'string' ? r[k] : '');
      return { type: text('token_type'), value: text('access_token'), refresh: text('refresh_token') };
    },
  };
}
