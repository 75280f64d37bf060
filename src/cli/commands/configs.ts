import { listConfigs } from '../director-client/api-configs.js';
import { openDirector } from '../director-client/open.js';
import { parseGoInt } from '../flags/go-int.js';
import { text, value } from '../flags/option.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh configs`: the active configs (`-r N`: the N latest of each type and name); `*` marks active ones. */
export const configsCommand = defineCommand({
  name: 'configs',
  aliases: ['cs'],
  description: 'List configs',
  goOptsType: 'ConfigsOpts',
  options: {
    name: value({ long: 'name', description: 'Config name', optional: {} }, text),
    type: value({ long: 'type', description: 'Config type', optional: {} }, text),
    recent: value(
      {
        long: 'recent',
        short: 'r',
        description: 'Number of configs to show',
        goType: 'int',
        defaultText: '1',
        optional: { optionalValue: '1' },
      },
      parseGoInt,
    ),
  },
  args: [],
  async run(ctx) {
    const recent = ctx.options.recent ?? 1;
    const configs = await listConfigs(
      await openDirector(ctx),
      recent,
      ctx.options.type ?? '',
      ctx.options.name ?? '',
    );
    const notes = configs.some((c) => c.current) ? ['(*) Currently active'] : [];
    if (recent <= 1)
      notes.push('Only showing active configs. To see older versions use the --recent=10 option.');
    ctx.ui.printTable({
      content: 'configs',
      header: headers('ID', 'Type', 'Name', 'Team', 'Created At'),
      rows: configs.map((c) => [c.current ? `${c.id}*` : c.id, c.type, c.name, c.team, c.createdAt]),
      notes,
    });
  },
});
