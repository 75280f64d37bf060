import { timeCell } from '../director-client/go-time.js';
import { orphanDisks } from '../director-client/api-deployments.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { iecBytes } from '../release/byte-size.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh disks --orphaned`: the orphaned disks, most recently orphaned first. */
export const disksCommand = defineCommand({
  name: 'disks',
  aliases: [],
  description: 'List disks',
  goOptsType: 'DisksOpts',
  options: { orphaned: flag({ long: 'orphaned', short: 'o', description: 'List orphaned disks' }) },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    if (!ctx.options.orphaned) throw new Error('Only --orphaned is supported');
    const disks = await orphanDisks(director);
    disks.sort((a, b) => b.orphanedAt - a.orphanedAt);
    ctx.ui.printTable({
      content: 'disks',
      header: headers('Disk CID', 'Size', 'Deployment', 'Instance', 'AZ', 'Orphaned At'),
      rows: disks.map((d) => [
        d.cid,
        iecBytes(d.size * 1024 * 1024),
        d.deployment,
        d.instance,
        d.az,
        timeCell(d.orphanedAt),
      ]),
    });
  },
});
