import { defineCommand } from './command.js';
import {
  convergeOptions,
  dryRunOption,
  fixOption,
  instanceArg,
  runStateChange,
  skipDrainOption,
} from './instance-state.js';

/** `bosh recreate [INSTANCE-GROUP[/INSTANCE-ID]]`: asks, then converges the deployment (or acts on one instance). */
export const recreateCommand = defineCommand({
  name: 'recreate',
  aliases: [],
  description: 'Recreate instance(s)',
  goOptsType: 'RecreateOpts',
  options: {
    ...skipDrainOption,
    ...fixOption,
    canaries: convergeOptions.canaries,
    maxInFlight: convergeOptions.maxInFlight,
    ...dryRunOption,
    converge: convergeOptions.converge,
    noConverge: convergeOptions.noConverge,
  },
  ...instanceArg,
  run: (ctx) => runStateChange(ctx, { ...ctx.options, action: 'recreate', state: 'recreate' }),
});
