import { errands } from '../director-client/api-errands.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';
import { openDeployment } from './deployment-arg.js';

/** `bosh errands`: the deployment's errands (errand instance groups and jobs with a `bin/run`), by name. */
export const errandsCommand = defineCommand({
  name: 'errands',
  aliases: ['es'],
  description: 'List errands',
  goOptsType: 'ErrandsOpts',
  options: {},
  args: [],
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    const names = await errands(director, name);
    ctx.ui.printTable({
      content: 'errands',
      header: headers('Name'),
      rows: names.map((n) => [n]),
      sortBy: [{ column: 0, asc: true }],
    });
  },
});
