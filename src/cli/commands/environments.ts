import { loadConfig } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh envs`: the environments of `~/.bosh/config` with their aliases, by URL. */
export const environmentsCommand = defineCommand({
  name: 'environments',
  aliases: ['envs'],
  description: 'List environments',
  goOptsType: 'EnvironmentsOpts',
  options: {},
  args: [],
  async run(ctx) {
    const config = await loadConfig(ctx);
    ctx.ui.printTable({
      content: 'environments',
      header: headers('URL', 'Alias'),
      rows: config.environments().map((e) => [e.url, e.alias]),
      sortBy: [{ column: 0, asc: true }],
    });
  },
});
