import { loadConfig } from '../director-client/open.js';
import { defineCommand } from './command.js';

/** `bosh unalias-env ALIAS`: forgets an environment. */
export const unaliasEnvCommand = defineCommand({
  name: 'unalias-env',
  aliases: [],
  description: 'Remove an aliased environment',
  goOptsType: 'UnaliasEnvOpts',
  options: {},
  args: [{ name: 'ALIAS', description: 'Environment alias', required: true }],
  async run(ctx) {
    const config = await loadConfig(ctx);
    await config.unaliasEnvironment(String(ctx.args[0])).save();
  },
});
