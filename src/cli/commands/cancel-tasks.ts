import { cancelTasks } from '../director-client/api-tasks.js';
import { openDirector } from '../director-client/open.js';
import { list, text } from '../flags/option.js';
import { defineCommand } from './command.js';

/** `bosh cancel-tasks [-t TYPE]... [-s STATE]...`: cancels the matching tasks (queued ones by default). */
export const cancelTasksCommand = defineCommand({
  name: 'cancel-tasks',
  aliases: ['cts'],
  description: 'Cancel tasks at their next checkpoints',
  goOptsType: 'CancelTasksOpts',
  options: {
    types: list(
      {
        long: 'type',
        short: 't',
        description:
          'task types to cancel (cck_scan_and_fix, cck_apply, update_release, update_deployment, vms, etc) (default is all types)',
        goType: '[]string',
        optional: {},
      },
      text,
    ),
    states: list(
      {
        long: 'state',
        short: 's',
        description: 'task states to cancel (queued, processing) (default: queued)',
        goType: '[]string',
        optional: {},
      },
      text,
    ),
  },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const o = ctx.options;
    await cancelTasks(director, {
      deployment: ctx.globals.deployment ?? '',
      types: o.types.length > 0 ? o.types : undefined,
      states: o.states.length > 0 ? o.states : undefined,
    });
  },
});
