import { fetchInfo } from '../director-client/api-info.js';
import { loadConfig, sessionOf } from '../director-client/open.js';
import { defineCommand } from './command.js';
import { infoTable } from './environment.js';

/** `bosh -e URL [--ca-cert CA] alias-env ALIAS`: checks the director answers, then saves the alias. */
export const aliasEnvCommand = defineCommand({
  name: 'alias-env',
  aliases: [],
  description: 'Alias environment to save URL and CA certificate',
  goOptsType: 'AliasEnvOpts',
  options: {},
  args: [{ name: 'ALIAS', description: 'Environment alias', required: true }],
  async run(ctx) {
    const config = await loadConfig(ctx);
    const updated = config.aliasEnvironment(
      ctx.globals.environment ?? '',
      String(ctx.args[0]),
      ctx.globals.caCert ?? '',
    );
    const director = await sessionOf(ctx, updated).director();
    const info = await fetchInfo(director);
    await updated.save();
    ctx.ui.printTable(infoTable(info));
  },
});
