import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';
import {
  convergeOptions,
  instanceArgs,
  parseInstanceArg,
  runStateChange,
  skipDrainOption,
} from './instance-state.js';

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
  args: instanceArgs,
  parseArg: parseInstanceArg,
  async run(ctx) {
    const o = ctx.options;
    await runStateChange(ctx, {
      action: 'stop',
      state: o.hard ? 'detached' : 'stopped',
      skipDrain: o.skipDrain,
      hard: o.hard,
      fix: false,
      dryRun: false,
      canaries: o.canaries,
      maxInFlight: o.maxInFlight,
      converge: o.converge,
      noConverge: o.noConverge,
    });
  },
});
