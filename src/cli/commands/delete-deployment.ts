import { deleteDeployment } from '../director-client/api-deployments.js';
import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';
import { openDeployment } from './deployment-arg.js';

/** `bosh delete-deployment`: asks, then deletes the deployment (a failure counts only if it is still there). */
export const deleteDeploymentCommand = defineCommand({
  name: 'delete-deployment',
  aliases: ['deld'],
  description: 'Delete deployment',
  goOptsType: 'DeleteDeploymentOpts',
  options: { force: flag({ long: 'force', description: 'Ignore errors' }) },
  args: [],
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    await ctx.ui.askForConfirmation();
    await deleteDeployment(director, name, ctx.options.force);
  },
});
