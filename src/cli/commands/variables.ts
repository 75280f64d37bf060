import { deploymentVariables } from '../director-client/api-deployments.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';
import { openDeployment } from './deployment-arg.js';

/** `bosh variables`: the config server IDs and names of the deployment's variables, by name. */
export const variablesCommand = defineCommand({
  name: 'variables',
  aliases: ['vars'],
  description: 'List variables',
  goOptsType: 'VariablesOpts',
  options: {},
  args: [],
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    const vars = await deploymentVariables(director, name);
    ctx.ui.printTable({
      content: 'variables',
      header: headers('ID', 'Name'),
      rows: vars.map((v) => [v.id, v.name]),
      sortBy: [{ column: 1, asc: true }],
    });
  },
});
