import { loadConfig, sessionOf } from '../director-client/open.js';
import { defineCommand } from './command.js';

/** `bosh log-out`: forgets the environment's credentials. */
export const logOutCommand = defineCommand({
  name: 'log-out',
  aliases: ['logout'],
  description: 'Log out',
  goOptsType: 'LogOutOpts',
  options: {},
  args: [],
  async run(ctx) {
    const config = await loadConfig(ctx);
    const environment = sessionOf(ctx, config).environment();
    if (environment === '') throw new Error('Expected non-empty Director URL');
    await config.unsetCredentials(environment).save();
    ctx.ui.printLine(`Logged out from '${environment}'`);
  },
});
