import { defineCommand } from './command.js';
import { convergeOptions, instanceArgs, parseInstanceArg, runStateChange } from './instance-state.js';

/** `bosh start [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const startCommand = defineCommand({
  name: 'start',
  aliases: [],
  description: 'Start instance(s)',
  goOptsType: 'StartOpts',
  options: {
    ...convergeOptions,
  },
  args: instanceArgs,
  parseArg: parseInstanceArg,
  async run(ctx) {
    const o = ctx.options;
    await runStateChange(ctx, {
      action: 'start',
      state: 'started',
      skipDrain: false,
      hard: false,
      fix: false,
      dryRun: false,
      canaries: o.canaries,
      maxInFlight: o.maxInFlight,
      converge: o.converge,
      noConverge: o.noConverge,
    });
  },
});
