import { wrapError } from '../../base/errors.js';
import { diffConfig, updateConfig } from '../director-client/api-configs.js';
import { openDirector } from '../director-client/open.js';
import { evaluateWithFlags } from '../evaluate-flags.js';
import { text, value } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { varFlags } from '../var-flags.js';
import { configTable } from './config.js';
import { printDiff } from './config-diff.js';
import { defineCommand } from './command.js';
import { readManifestArg } from './manifest-arg.js';

/** `bosh update-config --type T --name N PATH`: interpolates the file, shows the diff, asks, then uploads it. */
export const updateConfigCommand = defineCommand({
  name: 'update-config',
  aliases: ['uc'],
  description: 'Update config',
  goOptsType: 'UpdateConfigOpts',
  options: {
    type: value(
      { long: 'type', description: "Config type, e.g. 'cloud', 'runtime', or 'cpi'", required: true },
      text,
    ),
    name: value({ long: 'name', description: 'Config name', required: true }, text),
    expectedLatestId: value(
      { long: 'expected-latest-id', description: 'Expected ID of latest config' },
      text,
    ),
    ...varFlags,
    ...opsFlags,
  },
  args: [{ name: 'PATH', description: 'Path to a YAML config file', required: true }],
  parseArg: (_i, raw, ctx) => readManifestArg(raw, ctx),
  async run(ctx) {
    const o = ctx.options;
    const director = await openDirector(ctx);
    let content: string;
    try {
      content = await evaluateWithFlags(String(ctx.args[0]), o, ctx.deps);
    } catch (e) {
      throw wrapError(e, 'Evaluating config');
    }
    const type = o.type ?? '';
    const name = o.name ?? '';
    const diff = await diffConfig(director, type, name, content);
    printDiff(ctx.ui, diff.diff);
    await ctx.ui.askForConfirmation();
    const expected = (o.expectedLatestId ?? '') === '' ? diff.fromId : (o.expectedLatestId ?? '');
    ctx.ui.printTable(configTable(await updateConfig(director, type, name, expected, content)));
  },
});
