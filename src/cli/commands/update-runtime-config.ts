import { openDirector } from '../director-client/open.js';
import { flag, text, value } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { configReleasesOf, uploadConfigReleases } from '../release/config-releases.js';
import { varFlags } from '../var-flags.js';
import { defineCommand } from './command.js';
import { readManifestArg } from './manifest-arg.js';
import { RUNTIME, updateTypedConfigFlow } from './typed-config.js';

/**
 * `bosh update-runtime-config PATH`: interpolates, shows the diff, uploads the releases the config names by URL
 * (creating `version: create` ones), asks, then uploads the config.
 */
export const updateRuntimeConfigCommand = defineCommand({
  name: 'update-runtime-config',
  aliases: ['urc'],
  description: 'Update current runtime config',
  goOptsType: 'UpdateRuntimeConfigOpts',
  options: {
    ...varFlags,
    ...opsFlags,
    noRedact: flag({ long: 'no-redact', description: 'Show non-redacted manifest diff' }),
    name: value({ long: 'name', description: "Runtime-Config name (default: '')" }, text),
    fixReleases: flag({
      long: 'fix-releases',
      description: 'Reupload releases in config and replace corrupt or missing jobs/packages',
    }),
  },
  args: [{ name: 'PATH', description: 'Path to a runtime config file', required: true }],
  parseArg: (_i, raw, ctx) => readManifestArg(raw, ctx),
  async run(ctx) {
    const o = ctx.options;
    const director = await openDirector(ctx);
    await updateTypedConfigFlow(
      director,
      RUNTIME,
      {
        template: String(ctx.args[0]),
        flags: o,
        name: o.name ?? '',
        noRedact: o.noRedact,
        beforeConfirm: (yaml) => uploadConfigReleases(yaml, configReleasesOf(director, ctx, o.fixReleases)),
      },
      ctx.ui,
      ctx.deps,
    );
  },
});
