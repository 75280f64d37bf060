import { wrapError } from '../../base/errors.js';
import { emitReleaseManifest } from '../../core/release/index.js';
import { flag, value } from '../flags/option.js';
import { createRelease, type CreatedRelease } from '../release/create-release.js';
import { dirOption, releaseDirOf, releaseIdentityOptions } from '../release/dir-option.js';
import { releaseFromManifest } from '../release/release-from-manifest.js';
import { tablesOf } from '../release/release-manifest-of.js';
import { printReleaseTables } from '../release/release-tables.js';
import { defineCommand } from './command.js';

const options = {
  ...dirOption,
  ...releaseIdentityOptions,
  timestampVersion: flag({
    long: 'timestamp-version',
    description: 'Create release with the timestamp as the dev version (e.g.: 1+dev.TIMESTAMP)',
  }),
  final: flag({ long: 'final', description: 'Make it a final release' }),
  tarball: value(
    {
      long: 'tarball',
      description: 'Create release tarball at path (e.g. /tmp/release.tgz)',
      goType: 'opts.FileArg',
    },
    (raw, ctx) => ctx.fs.expandPath(raw),
  ),
};

/** `bosh create-release [MANIFEST-PATH]`: build a dev or final release, optionally as a tarball. */
export const createReleaseCommand = defineCommand({
  name: 'create-release',
  aliases: ['cr'],
  description: 'Create release',
  goOptsType: 'CreateReleaseOpts',
  options,
  args: [
    {
      name: 'PATH',
      description: 'Path to release manifest (e.g. dev_releases/name/name-1.0.0.yml)',
      required: false,
    },
  ],
  parseArg: (_i, raw, ctx) => Promise.resolve(ctx.fs.expandPath(raw)),
  async run({ ui, options: o, args, deps, globals }) {
    const tools = await deps.releaseTools();
    const dir = releaseDirOf(o.dir, deps.cwd);
    const manifestPath = args[0];
    const created: CreatedRelease =
      typeof manifestPath === 'string'
        ? await releaseFromManifest(manifestPath, dir, tools, ui)
        : await createRelease(
            {
              dir,
              name: o.name,
              version: o.version,
              timestampVersion: o.timestampVersion,
              final: o.final,
              force: o.force,
              parallel: globals.parallel ?? 5,
            },
            tools,
            ui,
          );
    let archivePath: string | undefined;
    if (o.tarball !== undefined) {
      archivePath = o.tarball
        .replaceAll('((name))', created.manifest.name)
        .replaceAll('((version))', created.manifest.version);
      const { built } = created;
      try {
        await tools.tarballWriter.write(
          {
            manifestText: emitReleaseManifest(created.manifest),
            jobs: built.jobs.map((j) => ({ name: j.name, archivePath: j.archive.path })),
            packages: built.packages.map((p) => ({ name: p.name, archivePath: p.archive.path })),
            ...(built.license ? { license: { archivePath: built.license.archive.path } } : {}),
          },
          archivePath,
        );
      } catch (e) {
        throw wrapError(e, 'Moving release archive to final destination');
      }
    }
    printReleaseTables(ui, tablesOf(created.manifest, archivePath));
  },
});
