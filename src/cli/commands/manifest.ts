import { deploymentManifest } from '../director-client/api-deployments.js';
import { defineCommand } from './command.js';
import { openDeployment } from './deployment-arg.js';

/** `bosh manifest`: the deployment's last deployed manifest, as it is. */
export const manifestCommand = defineCommand({
  name: 'manifest',
  aliases: ['man'],
  description: 'Show deployment manifest',
  goOptsType: 'ManifestOpts',
  options: {},
  args: [],
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    ctx.ui.printBlock(await deploymentManifest(director, name));
  },
});
