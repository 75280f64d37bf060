import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';
import { convergeOptions, instanceArg, runStateChange, skipDrainOption } from './instance-state.js';

/** `bosh stop [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const stopCommand = defineCommand({
  name: 'stop',
  aliases: [],
  description: 'Stop instance(s)',
  goOptsType: 'StopOpts',
  options: {
    soft: flag({ long: 'soft', description: 'Stop process only (default)' }),
    hard: flag({ long: 'hard', description: 'Delete VM (but keep persistent disk)' }),
    ...skipDrainOption,
    ...convergeOptions,
  },
  ...instanceArg,
  run: (ctx) =>
    runStateChange(ctx, { ...ctx.options, action: 'stop', state: ctx.options.hard ? 'detached' : 'stopped' }),
});
