import { currentTasks, recentTasks, type TaskInfo } from '../director-client/api-tasks.js';
import { timeCell } from '../director-client/go-time.js';
import { openDirector } from '../director-client/open.js';
import { parseGoInt } from '../flags/go-int.js';
import { flag, value } from '../flags/option.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh tasks`: running tasks (all types), or with `-r[=N]` the N (30) most recent of the main types (`-a`: all). */
export const tasksCommand = defineCommand({
  name: 'tasks',
  aliases: ['ts'],
  description: 'List running or recent tasks',
  goOptsType: 'TasksOpts',
  options: {
    recent: value(
      {
        long: 'recent',
        short: 'r',
        description: "Show 30 recent tasks. Use '=' to specify the number of tasks to show",
        goType: '*int',
        optional: { optionalValue: '30' },
      },
      parseGoInt,
    ),
    all: flag({ long: 'all', short: 'a', description: 'Include all task types (ssh, logs, vms, etc)' }),
  },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const filter = { all: ctx.options.all, deployment: ctx.globals.deployment ?? '' };
    const tasks =
      ctx.options.recent !== undefined
        ? await recentTasks(director, ctx.options.recent, filter)
        : await currentTasks(director, { ...filter, all: true });
    ctx.ui.printTable(tasksTable(tasks));
  },
});

/** By ID, newest first; a task not finished yet shows `-` as its end (a `Started At` of 0 shows nothing). */
export function tasksTable(tasks: readonly TaskInfo[]): Table {
  const sorted = [...tasks].sort((a, b) => b.id - a.id);
  return {
    content: 'tasks',
    header: headers(
      'ID',
      'State',
      'Started At',
      'Finished At',
      'User',
      'Deployment',
      'Description',
      'Result',
    ),
    rows: sorted.map((t) => [
      t.id.toString(),
      t.state,
      timeCell(t.startedAt),
      t.finishedAt === 0 ? '-' : timeCell(t.finishedAt),
      t.user,
      t.deployment,
      t.description,
      t.result,
    ]),
  };
}
