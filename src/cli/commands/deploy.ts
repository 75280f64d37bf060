import { parse as parseYaml } from 'yaml';
import { wrapError } from '../../base/errors.js';
import { goString, unmarshal } from '../../core/release/go-yaml-struct.js';
import { goStruct } from '../../core/release/go-yaml-composite.js';
import { listConfigs } from '../director-client/api-configs.js';
import { deploymentDiff, updateDeployment } from '../director-client/api-deployments.js';
import { evaluateWithFlags } from '../evaluate-flags.js';
import { flag, list } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { configReleasesOf, uploadConfigReleases } from '../release/config-releases.js';
import { varFlags } from '../var-flags.js';
import { defineCommand } from './command.js';
import { printDiff } from './config-diff.js';
import { openDeployment, parseSkipDrain, skipDrainQuery } from './deployment-arg.js';
import { readManifestArg } from './manifest-arg.js';
import { convergeOptions, dryRunOption, fixOption } from './instance-state.js';

const options = {
  ...varFlags,
  ...opsFlags,
  noRedact: flag({ long: 'no-redact', description: 'Show non-redacted manifest diff' }),
  recreate: flag({ long: 'recreate', description: 'Recreate all VMs in deployment' }),
  recreatePersistentDisks: flag({
    long: 'recreate-persistent-disks',
    description: 'Recreate all persistent disks in deployment',
  }),
  ...fixOption,
  fixReleases: flag({
    long: 'fix-releases',
    description: 'Reupload releases in manifest and replace corrupt or missing jobs/packages',
  }),
  skipDrain: list(
    {
      long: 'skip-drain',
      valueName: '[INSTANCE-GROUP[/INSTANCE-ID]]',
      description: 'Skip running drain and pre-stop scripts for specific instance groups',
      optional: { optionalValue: '*' },
      goType: '[]director.SkipDrain',
    },
    parseSkipDrain,
  ),
  skipUploadReleases: flag({
    long: 'skip-upload-releases',
    description: 'Skips the upload procedure for releases',
  }),
  canaries: convergeOptions.canaries,
  maxInFlight: convergeOptions.maxInFlight,
  ...dryRunOption,
  forceLatestVariables: flag({
    long: 'force-latest-variables',
    description:
      'Retrieve the latest variable values from the config server regardless of their update strategy',
  }),
};

const nameCodec = goStruct('director.Manifest', { name: goString });

/**
 * `bosh deploy PATH`: deploy-config flags, interpolation, the name check, release uploads, the diff, the
 * confirmation, then POST /deployments with the diff's context, followed as a task.
 */
export const deployCommand = defineCommand({
  name: 'deploy',
  aliases: ['d'],
  description: 'Update deployment',
  goOptsType: 'DeployOpts',
  options,
  args: [{ name: 'PATH', description: 'Path to a manifest file', required: true }],
  parseArg: (_i, raw, ctx) => readManifestArg(raw, ctx),
  async run(ctx) {
    const { director, name } = await openDeployment(ctx);
    const o = { ...ctx.options };
    let configs: Awaited<ReturnType<typeof listConfigs>> = [];
    try {
      configs = await listConfigs(director, 1, 'deploy', '');
    } catch {
      // bosh-cli ignores a failure to list deploy configs
    }
    for (const config of configs) {
      const conf = deployConf(config.content);
      if (conf.include !== undefined && conf.exclude !== undefined) {
        ctx.ui.printLine(
          `Ignoring deployment flags from config of type '${config.type}' (name: '${config.name}'). Please use only 'include'- OR 'exclude'-property in the config.`,
        );
        continue;
      }
      const included = conf.include?.includes(name) ?? false;
      const excluded = conf.exclude?.includes(name) ?? false;
      if (
        (conf.include === undefined && conf.exclude === undefined) ||
        included ||
        (!excluded && conf.exclude !== undefined)
      ) {
        ctx.ui.errorLine(
          `Using deployment flags from config of type '${config.type}' (name: '${config.name}')`,
        );
        for (const f of conf.flags) {
          if (f === 'fix-releases') o.fixReleases = true;
          else if (f === 'fix') o.fix = true;
          else if (f === 'recreate') o.recreate = true;
          else if (f === 'recreate-persistent-disks') o.recreatePersistentDisks = true;
          else if (f === 'skip-upload-releases') o.skipUploadReleases = true;
        }
      }
    }
    let manifest: string;
    try {
      manifest = await evaluateWithFlags(String(ctx.args[0]), o, ctx.deps);
    } catch (e) {
      throw wrapError(e, 'Evaluating manifest');
    }
    let manifestName: string;
    try {
      manifestName = unmarshal(manifest, nameCodec).name;
    } catch (e) {
      throw wrapError(e, 'Parsing manifest');
    }
    if (manifestName !== name) {
      throw new Error(`Expected manifest to specify deployment name '${name}' but was '${manifestName}'`);
    }
    if (o.skipUploadReleases && !o.fixReleases) {
      ctx.ui.printLine('Release-Check skipped.');
    } else {
      manifest = await uploadConfigReleases(manifest, configReleasesOf(director, ctx, o.fixReleases));
    }
    const diff = await deploymentDiff(director, name, manifest, o.noRedact);
    printDiff(ctx.ui, diff.diff);
    await ctx.ui.askForConfirmation();
    await updateDeployment(director, manifest, {
      recreate: o.recreate,
      recreatePersistentDisks: o.recreatePersistentDisks,
      fix: o.fix,
      skipDrain: skipDrainQuery(o.skipDrain),
      canaries: o.canaries ?? '',
      maxInFlight: o.maxInFlight ?? '',
      dryRun: o.dryRun,
      forceLatestVariables: o.forceLatestVariables,
      context: diff.context,
    });
  },
});

interface DeployConf {
  readonly flags: readonly string[];
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
}

/** A deploy config: `flags`, and the deployments it applies to (`include`) or not (`exclude`). */
function deployConf(content: string): DeployConf {
  const doc: unknown = parseYaml(content);
  const strs = (key: string): string[] | undefined => {
    if (typeof doc !== 'object' || doc === null) return undefined;
    const v = (doc as Record<string, unknown>)[key];
    return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
  };
  return { flags: strs('flags') ?? [], include: strs('include'), exclude: strs('exclude') };
}
