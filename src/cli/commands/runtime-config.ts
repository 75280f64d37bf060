import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { defineCommand } from './command.js';
import { RUNTIME, showTypedConfig } from './typed-config.js';

/** `bosh runtime-config [--name N]`: the latest runtime config's YAML. */
export const runtimeConfigCommand = defineCommand({
  name: 'runtime-config',
  aliases: ['rc'],
  description: 'Show current runtime config',
  goOptsType: 'RuntimeConfigOpts',
  options: { name: value({ long: 'name', description: "Runtime-Config name (default: '')" }, text) },
  args: [],
  async run(ctx) {
    const name = ctx.options.name ?? '';
    const yaml = await showTypedConfig(await openDirector(ctx), RUNTIME, name);
    if (yaml === undefined) {
      throw new Error(name === '' ? 'No default runtime config' : `No runtime config with name '${name}'`);
    }
    ctx.ui.printBlock(yaml);
  },
});
