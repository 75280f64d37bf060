import { locks } from '../director-client/api-misc.js';
import { timeCell } from '../director-client/go-time.js';
import { openDirector } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh locks`: current deployment, release and stemcell locks, by task ID. */
export const locksCommand = defineCommand({
  name: 'locks',
  aliases: [],
  description: 'List current locks',
  goOptsType: 'LocksOpts',
  options: {},
  args: [],
  async run(ctx) {
    const found = await locks(await openDirector(ctx));
    ctx.ui.printTable({
      content: 'locks',
      header: headers('Type', 'Resource', 'Task ID', 'Expires at'),
      rows: found.map((l) => [l.type, l.resource.join(':'), l.taskId, timeCell(l.expiresAt)]),
      sortBy: [{ column: 2, asc: true }],
    });
  },
});
