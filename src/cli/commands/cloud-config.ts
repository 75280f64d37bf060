import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { defineCommand } from './command.js';
import { CLOUD, showTypedConfig } from './typed-config.js';

/** `bosh cloud-config [--name N]`: the latest cloud config's YAML. */
export const cloudConfigCommand = defineCommand({
  name: 'cloud-config',
  aliases: ['cc'],
  description: 'Show current cloud config',
  goOptsType: 'CloudConfigOpts',
  options: { name: value({ long: 'name', description: "Cloud-Config name (default: '')" }, text) },
  args: [],
  async run(ctx) {
    const yaml = await showTypedConfig(await openDirector(ctx), CLOUD, ctx.options.name ?? '');
    if (yaml === undefined) throw new Error('No cloud config');
    ctx.ui.printBlock(yaml);
  },
});
