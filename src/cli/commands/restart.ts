import { defineCommand } from './command.js';
import {
  convergeOptions,
  instanceArgs,
  parseInstanceArg,
  runStateChange,
  skipDrainOption,
} from './instance-state.js';

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
  args: instanceArgs,
  parseArg: parseInstanceArg,
  async run(ctx) {
    const o = ctx.options;
    await runStateChange(ctx, {
      action: 'restart',
      state: 'restart',
      skipDrain: o.skipDrain,
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
