import { cancelTask, findTask } from '../director-client/api-tasks.js';
import { openDirector } from '../director-client/open.js';
import { parseGoInt } from '../flags/go-int.js';
import { defineCommand } from './command.js';

/** `bosh cancel-task ID`: the task stops at its next checkpoint. */
export const cancelTaskCommand = defineCommand({
  name: 'cancel-task',
  aliases: ['ct'],
  description: 'Cancel task at its next checkpoint',
  goOptsType: 'CancelTaskOpts',
  options: {},
  args: [{ name: 'ID', description: '', required: true }],
  parseArg: (_i, raw) => Promise.resolve(parseGoInt(raw)),
  async run(ctx) {
    const director = await openDirector(ctx);
    const task = await findTask(director, Number(ctx.args[0]));
    await cancelTask(director, task.id);
  },
});
