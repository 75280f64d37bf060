import { parseReleaseManifest } from '../../core/release/index.js';
import { tablesOf } from '../release/release-manifest-of.js';
import { printReleaseTables } from '../release/release-tables.js';
import { defineCommand } from './command.js';

/** `bosh inspect-local-release PATH`: the tables of a release tarball (only tarballs, as in bosh-cli). */
export const inspectLocalReleaseCommand = defineCommand({
  name: 'inspect-local-release',
  aliases: [],
  description: 'Display information from release metadata',
  goOptsType: 'InspectLocalReleaseOpts',
  options: {},
  args: [{ name: 'PATH', description: 'Path to release', required: true }],
  async run({ ui, args, deps }) {
    const path = String(args[0]);
    const tools = await deps.releaseTools();
    const tarball = await tools.tarballReader.read(path);
    try {
      printReleaseTables(ui, tablesOf(parseReleaseManifest(tarball.manifestText), path));
    } finally {
      await tarball.cleanUp();
    }
  },
});
