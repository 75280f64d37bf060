import { currentTasks, findTask, taskOutput } from '../director-client/api-tasks.js';
import { openDirector } from '../director-client/open.js';
import { TaskReporterImpl } from '../director-client/task-reporter.js';
import { parseGoInt } from '../flags/go-int.js';
import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';

/**
 * `bosh task [ID]`: follows a task (the newest running one without an ID) and renders its event log; `--event`,
 * `--cpi`, `--debug` and `--result` print that raw output instead.
 */
export const taskCommand = defineCommand({
  name: 'task',
  aliases: ['t'],
  description: 'Show task status and start tracking its output',
  goOptsType: 'TaskOpts',
  options: {
    event: flag({ long: 'event', description: 'Track event log' }),
    cpi: flag({ long: 'cpi', description: 'Track CPI log' }),
    debug: flag({ long: 'debug', description: 'Track debug log' }),
    result: flag({ long: 'result', description: 'Track result log' }),
    all: flag({ long: 'all', short: 'a', description: 'Include all task types (ssh, logs, vms, etc)' }),
  },
  args: [{ name: 'ID', description: '', required: false }],
  parseArg: (_i, raw) => Promise.resolve(parseGoInt(raw)),
  async run(ctx) {
    const o = ctx.options;
    const director = await openDirector(ctx);
    const id = typeof ctx.args[0] === 'number' ? ctx.args[0] : 0;
    let taskId: number;
    if (id === 0) {
      const tasks = await currentTasks(director, { all: o.all, deployment: ctx.globals.deployment ?? '' });
      const first = tasks[0];
      if (first === undefined) throw new Error('No task found');
      taskId = first.id;
    } else {
      taskId = (await findTask(director, id)).id;
    }
    const type = o.event ? 'event' : o.cpi ? 'cpi' : o.debug ? 'debug' : o.result ? 'result' : undefined;
    const reporter = new TaskReporterImpl(ctx.ui, type === undefined);
    await taskOutput(director, taskId, type ?? 'event', reporter);
  },
});
