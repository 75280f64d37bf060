import { wrapError } from '../../base/errors.js';
import { compareGoStrings } from '../../base/go-string.js';
import { compareVersions, formatVersion, parseVersion } from '../../core/release/index.js';
import { releaseSeries } from '../director-client/api-releases.js';
import { openDirector } from '../director-client/open.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh releases`: every release version by name, newest version first; `*` deployed, `+` uncommitted changes. */
export const releasesCommand = defineCommand({
  name: 'releases',
  aliases: ['rs'],
  description: 'List releases',
  goOptsType: 'ReleasesOpts',
  options: {},
  args: [],
  async run(ctx) {
    const series = await releaseSeries(await openDirector(ctx));
    const rows = series.flatMap((s) =>
      s.versions.map((v) => {
        let version;
        try {
          version = parseVersion(v.version);
        } catch (e) {
          throw wrapError(e, `Parsing version for release '${s.name}/${v.version}'`);
        }
        return { name: s.name, version, v };
      }),
    );
    rows.sort((a, b) => compareGoStrings(a.name, b.name) || -compareVersions(a.version, b.version));
    ctx.ui.printTable({
      content: 'releases',
      header: headers('Name', 'Version', 'Commit Hash'),
      rows: rows.map(({ name, version, v }) => [
        name,
        formatVersion(version) + (v.currentlyDeployed ? '*' : ''),
        v.commitHash + (v.uncommittedChanges ? '+' : ''),
      ]),
      notes: ['(*) Currently deployed', '(+) Uncommitted changes'],
    });
  },
});
