import type { BoshConfig } from '../director-client/bosh-config.js';
import { fetchInfo } from '../director-client/api-info.js';
import { isBasicComplete } from '../director-client/creds.js';
import { loadConfig, sessionOf, type SessionContext } from '../director-client/open.js';
import { clientCredentialsGrant } from '../director-client/uaa.js';
import { defineCommand } from './command.js';

/**
 * `bosh log-in`: with basic auth, asks for whatever of username and password `--client`/`--client-secret` (or the
 * config) do not give, checks them against GET /info (`user` set) and saves them to the config, asking again after a
 * failure unless both were given. A UAA client gets a token to prove its credentials.
 */
export const logInCommand = defineCommand({
  name: 'log-in',
  aliases: ['l', 'login'],
  description: 'Log in',
  goOptsType: 'LogInOpts',
  options: {},
  args: [],
  async run(ctx) {
    const config = await loadConfig(ctx);
    const session = sessionOf(ctx, config);
    const info = await fetchInfo(session.anonymousDirector());
    if (info.authType === 'basic') return basicLogIn(ctx, config);
    if (info.authType !== 'uaa') throw new Error(`Unknown auth type '${info.authType}'`);
    const creds = session.credentials();
    if (creds.client === '') {
      throw new Error(
        'Logging in as a UAA user is not supported by this CLI; use --client and --client-secret',
      );
    }
    try {
      await clientCredentialsGrant({
        info,
        creds,
        caCert: session.caCert(),
        config,
        environment: session.environment(),
      });
    } catch (e) {
      ctx.ui.errorLine('Failed to authenticate with UAA');
      throw e;
    }
    ctx.ui.printLine('Successfully authenticated with UAA');
  },
});

async function basicLogIn(ctx: SessionContext, config: BoshConfig): Promise<void> {
  const session = sessionOf(ctx, config);
  const environment = session.environment();
  const initial = session.credentials();
  ctx.ui.printLine(`Using environment '${environment}'`);
  for (;;) {
    const client = initial.client !== '' ? initial.client : await ctx.ui.askForText('Username');
    const clientSecret =
      initial.clientSecret !== '' ? initial.clientSecret : await ctx.ui.askForPassword('Password');
    const updated = config.setCredentials(environment, { ...initial, client, clientSecret });
    const director = await sessionOf(ctx, updated).director();
    if ((await fetchInfo(director)).user !== '') {
      await updated.save();
      ctx.ui.printLine(`Logged in to '${environment}'`);
      return;
    }
    ctx.ui.errorLine(`Failed to login to '${environment}'`);
    if (isBasicComplete(initial)) throw new Error('Invalid credentials');
  }
}
