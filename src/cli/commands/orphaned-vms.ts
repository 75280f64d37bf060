import { timeCell } from '../director-client/go-time.js';
import { orphanedVms } from '../director-client/api-orphaned-vms.js';
import { openDirector } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh orphaned-vms`: the VMs create-swap-delete took out of service, most recently orphaned first. */
export const orphanedVmsCommand = defineCommand({
  name: 'orphaned-vms',
  aliases: [],
  description: 'List all the orphaned VMs in all deployments',
  goOptsType: 'OrphanedVMsOpts',
  options: {},
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const vms = await orphanedVms(director);
    // bosh-cli sorts on the time column (descending), not on its text.
    vms.sort((a, b) => b.orphanedAt - a.orphanedAt);
    ctx.ui.printTable({
      content: 'orphaned_vms',
      header: headers('VM CID', 'Deployment', 'Instance', 'AZ', 'IPs', 'Orphaned At'),
      rows: vms.map((v) => [v.cid, v.deployment, v.instance, v.az, v.ips.join('\n'), timeCell(v.orphanedAt)]),
    });
  },
});
