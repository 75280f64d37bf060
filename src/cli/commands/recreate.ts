import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';
import { convergeOptions, instanceArg, runStateChange, skipDrainOption } from './instance-state.js';

/** `bosh recreate [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const recreateCommand = defineCommand({
  name: 'recreate',
  aliases: [],
  description: 'Recreate instance(s)',
  goOptsType: 'RecreateOpts',
  options: {
    ...skipDrainOption,
    fix: flag({
      long: 'fix',
      description: 'Recreate an instance with an unresponsive agent instead of erroring',
    }),
    canaries: convergeOptions.canaries,
    maxInFlight: convergeOptions.maxInFlight,
    dryRun: flag({ long: 'dry-run', description: 'Renders job templates without altering deployment' }),
    converge: convergeOptions.converge,
    noConverge: convergeOptions.noConverge,
  },
  ...instanceArg,
  run: (ctx) => runStateChange(ctx, { ...ctx.options, action: 'recreate', state: 'recreate' }),
});
