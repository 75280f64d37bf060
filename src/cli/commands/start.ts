import { defineCommand } from './command.js';
import { convergeOptions, instanceArg, runStateChange } from './instance-state.js';

/** `bosh start [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const startCommand = defineCommand({
  name: 'start',
  aliases: [],
  description: 'Start instance(s)',
  goOptsType: 'StartOpts',
  options: {
    ...convergeOptions,
  },
  ...instanceArg,
  run: (ctx) => runStateChange(ctx, { ...ctx.options, action: 'start', state: 'started' }),
});
