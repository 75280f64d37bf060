import { wrapError } from '../../base/errors.js';
import { compareGoStrings } from '../../base/go-string.js';
import { compareVersions, formatVersion, parseVersion } from '../../core/release/index.js';
import { stemcells } from '../director-client/api-stemcells.js';
import { openDirector } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh stemcells`: every stemcell by name, newest version first; `*` marks those in use. */
export const stemcellsCommand = defineCommand({
  name: 'stemcells',
  aliases: ['ss'],
  description: 'List stemcells',
  goOptsType: 'StemcellsOpts',
  options: {},
  args: [],
  async run(ctx) {
    const found = (await stemcells(await openDirector(ctx))).map((s) => {
      try {
        return { s, version: parseVersion(s.version) };
      } catch (e) {
        throw wrapError(e, `Parsing version for stemcell '${s.name}/${s.version}'`);
      }
    });
    found.sort((a, b) => compareGoStrings(a.s.name, b.s.name) || -compareVersions(a.version, b.version));
    ctx.ui.printTable({
      content: 'stemcells',
      header: headers('Name', 'Version', 'OS', 'CPI', 'CID'),
      rows: found.map(({ s, version }) => [
        s.name,
        formatVersion(version) + (s.currentlyDeployed ? '*' : ''),
        s.operatingSystem,
        s.cpi,
        s.cid,
      ]),
      notes: ['(*) Currently deployed'],
    });
  },
});
