import { openDirector } from '../director-client/open.js';
import { defineCommand } from './command.js';
import { CPI, showTypedConfig } from './typed-config.js';

/** `bosh cpi-config`: the latest CPI config's YAML. */
export const cpiConfigCommand = defineCommand({
  name: 'cpi-config',
  aliases: [],
  description: 'Show current CPI config',
  goOptsType: 'CPIConfigOpts',
  options: {},
  args: [],
  async run(ctx) {
    const yaml = await showTypedConfig(await openDirector(ctx), CPI, '');
    if (yaml === undefined) throw new Error('No CPI config');
    ctx.ui.printBlock(yaml);
  },
});
