import { latestConfig, latestConfigById, type Config } from '../director-client/api-configs.js';
import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh config ID` or `bosh config --type T --name N`: one config with its content. */
export const configCommand = defineCommand({
  name: 'config',
  aliases: ['c'],
  description: 'Show current config for either ID or both type and name',
  goOptsType: 'ConfigOpts',
  options: {
    name: value({ long: 'name', description: 'Config name' }, text),
    type: value({ long: 'type', description: 'Config type' }, text),
  },
  args: [{ name: 'ID', description: 'Config ID', required: false }],
  async run(ctx) {
    const director = await openDirector(ctx);
    const { id, type, name } = configTarget(ctx.args, ctx.options);
    const config =
      id !== '' ? await latestConfigById(director, id) : await latestConfig(director, type, name);
    ctx.ui.printTable(configTable(config));
  },
});

/** The `ID` argument or `--type` and `--name` of `config` and `delete-config`, checked as bosh-cli does. */
export function configTarget(
  args: readonly unknown[],
  options: { readonly type?: string | undefined; readonly name?: string | undefined },
): { id: string; type: string; name: string } {
  const id = typeof args[0] === 'string' ? args[0] : '';
  const type = options.type ?? '';
  const name = options.name ?? '';
  checkIdOrTypeAndName(id, type, name);
  return { id, type, name };
}

/** bosh-cli's argument checks of `config` and `delete-config`. */
function checkIdOrTypeAndName(id: string, type: string, name: string): void {
  if (id === '' && type === '' && name === '') {
    throw new Error('Either <ID> or parameters --type and --name must be provided');
  }
  if (id !== '' && (type !== '' || name !== '')) {
    throw new Error("Can only specify one of ID or parameters '--type' and '--name'");
  }
  if (id === '' && (type === '' || name === '')) {
    throw new Error("Need to specify both parameters '--type' and '--name'");
  }
}

/** bosh-cli ConfigTable: transposed, content `config`. */
export function configTable(c: Config): Table {
  return {
    content: 'config',
    header: headers('ID', 'Type', 'Name', 'Created At', 'Content'),
    rows: [[c.id, c.type, c.name, c.createdAt, c.content]],
    notes: [],
    fillFirstColumn: true,
    transpose: true,
  };
}
