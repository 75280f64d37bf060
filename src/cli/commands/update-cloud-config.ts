import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { varFlags } from '../var-flags.js';
import { defineCommand } from './command.js';
import { readManifestArg } from './manifest-arg.js';
import { CLOUD, updateTypedConfigFlow } from './typed-config.js';

/** `bosh update-cloud-config PATH`: interpolates, shows the diff, asks, then uploads. */
export const updateCloudConfigCommand = defineCommand({
  name: 'update-cloud-config',
  aliases: ['ucc'],
  description: 'Update current cloud config',
  goOptsType: 'UpdateCloudConfigOpts',
  options: {
    ...varFlags,
    ...opsFlags,
    name: value({ long: 'name', description: "Cloud-Config name (default: '')" }, text),
  },
  args: [{ name: 'PATH', description: 'Path to a cloud config file', required: true }],
  parseArg: (_i, raw, ctx) => readManifestArg(raw, ctx),
  async run(ctx) {
    const director = await openDirector(ctx);
    await updateTypedConfigFlow(
      director,
      CLOUD,
      { template: String(ctx.args[0]), flags: ctx.options, name: ctx.options.name ?? '', noRedact: false },
      ctx.ui,
      ctx.deps,
    );
  },
});
