import { setIgnore, type InstanceTarget } from '../director-client/api-deployments.js';
import { defineCommand } from './command.js';
import { openDeployment, parseInstance } from './deployment-arg.js';

/** `bosh ignore INSTANCE-GROUP/INSTANCE-ID`: PUT .../ignore with `{"ignore":true}`. */
export const ignoreCommand = defineCommand({
  name: 'ignore',
  aliases: [],
  description: 'Ignore an instance',
  goOptsType: 'IgnoreOpts',
  options: {},
  args: [{ name: 'INSTANCE-GROUP/INSTANCE-ID', description: '', required: true }],
  parseArg: (_i, raw) => Promise.resolve(parseInstance(raw)),
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    await setIgnore(director, name, ctx.args[0] as InstanceTarget, true);
  },
});
