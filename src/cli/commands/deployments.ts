import { wrapError } from '../../base/errors.js';
import { formatVersion, parseVersion } from '../../core/release/index.js';
import { deployments } from '../director-client/api-misc.js';
import { openDirector } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh deployments`: each deployment with its releases, stemcells and teams, by name. */
export const deploymentsCommand = defineCommand({
  name: 'deployments',
  aliases: ['ds', 'deps'],
  description: 'List deployments',
  goOptsType: 'DeploymentsOpts',
  options: {},
  args: [],
  async run(ctx) {
    const found = await deployments(await openDirector(ctx));
    const slugs = (what: string, items: readonly { name: string; version: string }[]): string =>
      items
        .map((i) => {
          try {
            return `${i.name}/${formatVersion(parseVersion(i.version))}`;
          } catch (e) {
            throw wrapError(e, `Parsing version for ${what} '${i.name}/${i.version}'`);
          }
        })
        .join('\n');
    ctx.ui.printTable({
      content: 'deployments',
      header: headers('Name', 'Release(s)', 'Stemcell(s)', 'Team(s)'),
      rows: found.map((d) => [
        d.name,
        slugs('release', d.releases),
        slugs('stemcell', d.stemcells),
        d.teams.join('\n'),
      ]),
      sortBy: [{ column: 0, asc: true }],
    });
  },
});
