import { defineCommand } from './command.js';
import { convergeOptions, instanceArg, runStateChange, skipDrainOption } from './instance-state.js';

/** `bosh restart [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const restartCommand = defineCommand({
  name: 'restart',
  aliases: [],
  description: 'Restart instance(s)',
  goOptsType: 'RestartOpts',
  options: {
    ...skipDrainOption,
    ...convergeOptions,
  },
  ...instanceArg,
  run: (ctx) => runStateChange(ctx, { ...ctx.options, action: 'restart', state: 'restart' }),
});
