import { cleanUp, dryCleanUp, type CleanUpReport } from '../director-client/api-cleanup.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { headers, type Cell, type Header } from '../ui/table.js';
import type { Ui } from '../ui/ui.js';
import { defineCommand } from './command.js';

/**
 * `bosh clean-up [--all] [--keep-orphaned-disks] [--dry-run]`: asks, then has the director delete unused releases
 * and stemcells (but the 2 newest of each), orphaned VMs and, with `--all`, everything unused including orphaned
 * disks. `--dry-run` asks nothing and lists what would go, one table per kind.
 */
export const cleanUpCommand = defineCommand({
  name: 'clean-up',
  aliases: [],
  description: 'Clean up old unused resources except orphaned disks',
  goOptsType: 'CleanUpOpts',
  options: {
    all: flag({ long: 'all', description: 'Clean up all unused resources including all orphaned disks' }),
    dryRun: flag({
      long: 'dry-run',
      description: 'Print out the resources that will be deleted but does not delete anything',
    }),
    keepOrphanedDisks: flag({
      long: 'keep-orphaned-disks',
      description: "Keep orphaned disks even with '--all'",
    }),
  },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    const { all, dryRun, keepOrphanedDisks } = ctx.options;
    if (!dryRun) {
      await ctx.ui.askForConfirmation();
      await cleanUp(director, all, keepOrphanedDisks);
      return;
    }
    printCleanUpTables(ctx.ui, await dryCleanUp(director, all, keepOrphanedDisks));
  },
});

/** bosh-cli `PrintCleanUpTable`: seven titled tables, each sorted by its first column. */
function printCleanUpTables(ui: Ui, r: CleanUpReport): void {
  const tables: Array<[string, Header[], Cell[][]]> = [
    [
      'Unused Releases',
      headers('Name', 'Version'),
      r.releases.flatMap((rel) => rel.versions.map((v) => [rel.name, v])),
    ],
    ['Unused Stemcells', headers('Name', 'Version'), r.stemcells.map((s) => [s.name, s.version])],
    [
      'Unused Compiled Packages',
      headers('Name', 'Stemcell OS', 'Stemcell Version'),
      r.compiledPackages.map((p) => [p.name, p.stemcellOs, p.stemcellVersion]),
    ],
    ['Exported Releases', headers('Blob ID'), r.exportedReleases.map((id) => [id])],
    ['Stale DNS Record Blobs', headers('Blob ID'), r.dnsBlobs.map((id) => [id])],
    [
      'Orphaned Disks',
      headers('Disk CID', 'Deployment', 'Instance', 'Size (mb)'),
      r.orphanedDisks.map((d) => [d.cid, d.deployment, d.instance, String(d.size)]),
    ],
    [
      'Orphaned VMs',
      headers('VM CID', 'Deployment', 'Instance'),
      r.orphanedVms.map((v) => [v.cid, v.deployment, v.instance]),
    ],
  ];
  for (const [title, header, rows] of tables)
    ui.printTable({ title, header, rows, sortBy: [{ column: 0, asc: true }] });
}
