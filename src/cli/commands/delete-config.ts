import { toError } from '../../base/errors.js';
import { deleteConfig, deleteConfigPath } from '../director-client/api-configs.js';
import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { configTarget } from './config.js';
import { defineCommand } from './command.js';

/** `bosh delete-config ID` or `--type T --name N`: asks, then deletes (saying so when nothing matched). */
export const deleteConfigCommand = defineCommand({
  name: 'delete-config',
  aliases: ['dc'],
  description: 'Delete config',
  goOptsType: 'DeleteConfigOpts',
  options: {
    type: value({ long: 'type', description: "Config type, e.g. 'cloud', 'runtime', or 'cpi'" }, text),
    name: value({ long: 'name', description: 'Config name' }, text),
  },
  args: [{ name: 'ID', description: 'Config ID', required: false }],
  async run(ctx) {
    const director = await openDirector(ctx);
    const { id, type, name } = configTarget(ctx.args, ctx.options);
    await ctx.ui.askForConfirmation();
    // As in bosh-cli, a failure also reports that nothing was deleted.
    let deleted = false;
    let failure: Error | undefined;
    try {
      deleted = await deleteConfig(director, id !== '' ? `/configs/${id}` : deleteConfigPath(type, name));
    } catch (e) {
      failure = toError(e);
    }
    if (!deleted) {
      ctx.ui.printLine(
        id !== ''
          ? `No configs to delete: no matches for id '${id}' found.`
          : `No configs to delete: no matches for type '${type}' and name '${name}' found.`,
      );
    }
    if (failure !== undefined) throw failure;
  },
});
