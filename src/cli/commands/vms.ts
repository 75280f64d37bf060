import { deploymentInfos, deploymentNames, type VmInfo } from '../director-client/api-deployments.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { defineCommand } from './command.js';
import { asRow, instanceHeaders, type InstanceColumns, vmInfoValues } from './instance-table.js';
import { printEach } from './instances.js';

/** `bosh vms`: a table per deployment (every deployment without `-d`) of its VMs; `--vitals` adds their vitals. */
export const vmsCommand = defineCommand({
  name: 'vms',
  aliases: [],
  description: 'List all VMs in all deployments',
  goOptsType: 'VMsOpts',
  options: {
    vitals: flag({ long: 'vitals', description: 'Show vitals' }),
    cloudProperties: flag({ long: 'cloud-properties', description: 'Show cloud properties' }),
  },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const columns: InstanceColumns = {
      processes: false,
      vmDetails: true,
      deploymentDetails: false,
      details: false,
      stemcell: true,
      vitals: ctx.options.vitals,
      cloudProperties: ctx.options.cloudProperties,
    };
    const print = (name: string, infos: readonly VmInfo[]): void => {
      ctx.ui.printTable({
        title: `Deployment '${name}'`,
        content: 'vms',
        header: instanceHeaders(columns),
        rows: infos.map((i) => asRow(columns, vmInfoValues(i))),
        sortBy: [{ column: 0, asc: true }],
      });
    };
    const only = ctx.globals.deployment ?? '';
    if (only !== '') {
      print(only, await deploymentInfos(director, only, 'vms'));
      return;
    }
    await printEach(await deploymentNames(director), ctx.globals.parallel ?? 5, 'vms', director, print);
  },
});
