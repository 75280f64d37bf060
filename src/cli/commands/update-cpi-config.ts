import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { varFlags } from '../var-flags.js';
import { defineCommand } from './command.js';
import { readManifestArg } from './manifest-arg.js';
import { CPI, updateTypedConfigFlow } from './typed-config.js';

/** `bosh update-cpi-config PATH`: interpolates, shows the diff, asks, then uploads. */
export const updateCpiConfigCommand = defineCommand({
  name: 'update-cpi-config',
  aliases: [],
  description: 'Update current CPI config',
  goOptsType: 'UpdateCPIConfigOpts',
  options: {
    ...varFlags,
    ...opsFlags,
    noRedact: flag({ long: 'no-redact', description: 'Show non-redacted manifest diff' }),
  },
  args: [{ name: 'PATH', description: 'Path to a CPI config file', required: true }],
  parseArg: (_i, raw, ctx) => readManifestArg(raw, ctx),
  async run(ctx) {
    const director = await openDirector(ctx);
    await updateTypedConfigFlow(
      director,
      CPI,
      { template: String(ctx.args[0]), flags: ctx.options, name: '', noRedact: ctx.options.noRedact },
      ctx.ui,
      ctx.deps,
    );
  },
});
