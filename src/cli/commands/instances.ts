import { MultiError } from '../../base/errors.js';
import { parallelDo } from '../../base/work-pool.js';
import { deploymentInfos, deploymentNames, type VmInfo } from '../director-client/api-deployments.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import type { Section } from '../ui/table.js';
import { defineCommand } from './command.js';
import {
  asRow,
  instanceHeaders,
  type InstanceColumns,
  isRunning,
  processValues,
  vmInfoValues,
} from './instance-table.js';

/**
 * `bosh instances`: a table per deployment (every deployment without `-d`) of its instances, from the
 * `format=full` task; `--ps` adds the processes, `--details` and `--vitals` more columns, `--failing` hides the
 * healthy ones.
 */
export const instancesCommand = defineCommand({
  name: 'instances',
  aliases: ['is'],
  description: 'List all instances in a deployment',
  goOptsType: 'InstancesOpts',
  options: {
    details: flag({
      long: 'details',
      short: 'i',
      description: 'Show details including VM CID, persistent disk CID, etc.',
    }),
    vitals: flag({ long: 'vitals', description: 'Show vitals' }),
    processes: flag({ long: 'ps', short: 'p', description: 'Show processes' }),
    failing: flag({ long: 'failing', short: 'f', description: 'Only show failing instances' }),
  },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const o = ctx.options;
    const columns: InstanceColumns = {
      processes: o.processes,
      vmDetails: false,
      deploymentDetails: true,
      details: o.details,
      stemcell: false,
      vitals: o.vitals,
      cloudProperties: false,
    };
    const print = (name: string, infos: readonly VmInfo[]): void => {
      const sections: Section[] = [];
      for (const info of infos) {
        if (o.failing && isRunning(info)) continue;
        const row = asRow(columns, vmInfoValues(info));
        const section: Section = { firstColumn: row[0] ?? '', rows: [row] };
        if (o.processes) {
          for (const p of info.processes) {
            if (o.failing && p.state === 'running') continue;
            section.rows.push(asRow(columns, processValues(p)));
          }
        }
        sections.push(section);
      }
      ctx.ui.printTable({
        title: `Deployment '${name}'`,
        content: 'instances',
        header: instanceHeaders(columns),
        rows: [],
        sections,
        sortBy: [
          { column: 0, asc: true },
          { column: 1, asc: true },
        ],
      });
    };
    const only = ctx.globals.deployment ?? '';
    if (only !== '') {
      print(only, await deploymentInfos(director, only, 'instances'));
      return;
    }
    await printEach(await deploymentNames(director), ctx.globals.parallel ?? 5, 'instances', director, print);
  },
});

/** Every deployment's infos fetched in parallel, printed in the deployments' order; the failures then, together. */
export async function printEach(
  names: readonly string[],
  parallel: number,
  kind: 'instances' | 'vms',
  director: Parameters<typeof deploymentInfos>[0],
  print: (name: string, infos: readonly VmInfo[]) => void,
): Promise<void> {
  const found = new Map<string, VmInfo[]>();
  const errors: Error[] = [];
  await parallelDo(
    parallel === 0 ? 1 : parallel,
    names.map((name) => async () => {
      try {
        found.set(name, await deploymentInfos(director, name, kind));
      } catch (e) {
        errors.push(e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
  for (const name of names) {
    const infos = found.get(name);
    if (infos) print(name, infos);
  }
  if (errors.length > 0) throw new MultiError(errors);
}
