import { randomUUID } from 'node:crypto';
import { wrapError } from '../../base/errors.js';
import { deploymentInfos } from '../director-client/api-deployments.js';
import { withSshSession } from '../director-client/api-logs-ssh.js';
import { flag, list, text, value } from '../flags/option.js';
import { buildHost, type Slug } from '../ssh/host-builder.js';
import { ResultsWriter, StreamingWriter } from '../ssh/output-writers.js';
import type { SshTargets } from '../ssh/ssh-args.js';
import { newSshCredentials } from '../ssh/ssh-key.js';
import { runSsh } from '../ssh/ssh-runner.js';
import { defineCommand } from './command.js';
import { openDeployment, parseAllOrGroupOrInstance, targetArg } from './deployment-arg.js';
import {
  connectionOpts,
  createEnvAuthOptions,
  gatewayOptions,
  refuseCreateEnvTarget,
} from './gateway-options.js';

/**
 * `bosh ssh [INSTANCE-GROUP[/INSTANCE-ID] | IP] [-c CMD]`: the director's `ssh setup` makes a user with a fresh key
 * on each instance, the system `ssh` logs in (interactively, or runs the command everywhere, prefixing each output
 * line), and `ssh cleanup` removes the user again. With `-i KEY` no user is made: `--username` (vcap) logs in.
 */
export const sshCommand = defineCommand({
  name: 'ssh',
  aliases: [],
  description: 'SSH into instance(s)',
  goOptsType: 'SSHOpts',
  options: {
    command: list({ long: 'command', short: 'c', description: 'Command', goType: '[]string' }, text),
    rawOpts: list(
      { long: 'opts', description: 'Options to pass through to SSH', goType: 'opts.TrimmedSpaceArgs' },
      (raw) => raw.trim(),
    ),
    results: flag({
      long: 'results',
      short: 'r',
      description: 'Collect results into a table instead of streaming',
    }),
    privateKey: value(
      {
        long: 'private-key',
        short: 'i',
        description: 'SSH using authorized key',
        goType: 'opts.FileBytesWithPathArg',
      },
      async (raw, ctx) => {
        if (raw === '') throw new Error('Expected file path to be non-empty');
        return new TextDecoder().decode(await ctx.fs.readFile(ctx.fs.expandPath(raw)));
      },
    ),
    username: value(
      { long: 'username', short: 'l', description: 'Login name for authorized key', defaultText: 'vcap' },
      text,
    ),
    ...gatewayOptions,
    ...createEnvAuthOptions,
  },
  args: [{ name: 'INSTANCE-GROUP[/INSTANCE-ID] | IP', description: '', required: false }],
  parseArg: (_i, raw) => Promise.resolve(parseAllOrGroupOrInstance(raw)),
  extraArgsOption: 'command',
  async run(ctx) {
    const o = ctx.options;
    if (o.director && o.privateKey !== undefined)
      throw new Error('the --private-key flag is not supported in combination with the --director flag');
    refuseCreateEnvTarget(o);
    if ((o.results || !ctx.ui.isInteractive()) && o.command.length === 0)
      throw new Error('Non-interactive SSH requires non-empty command');
    const user = newSshCredentials(randomUUID);
    const slug: Slug = targetArg(ctx.args);
    const interactive = !o.results && ctx.ui.isInteractive() && o.command.length === 0;
    const writer = o.results ? new ResultsWriter(ctx.ui) : new StreamingWriter(ctx.ui);
    const conn = connectionOpts(o, user.privateKey, o.rawOpts);
    const run = async (targets: SshTargets, privateKey: string, rawOpts: string[]) => {
      try {
        const c = { ...conn, privateKey, rawOpts: [...conn.rawOpts, ...rawOpts] };
        await runSsh({ conn: c, targets, command: o.command, interactive, writer, ui: ctx.ui });
      } catch (e) {
        throw wrapError(e, 'Running SSH');
      }
    };
    if (o.privateKey === undefined) {
      const { director, name } = await openDeployment(ctx);
      // The agent answered the host key: it must match.
      await withSshSession(director, name, slug, user, (targets) =>
        run(targets, user.privateKey, ['-o', 'StrictHostKeyChecking=yes']),
      );
      return;
    }
    const host = await buildHost(slug, o.username ?? 'vcap', async () => {
      const { director, name } = await openDeployment(ctx);
      return deploymentInfos(director, name, 'vms');
    });
    // No source of the host's key.
    await run({ hosts: [host], gatewayUsername: o.gwUser ?? '', gatewayHost: o.gwHost ?? '' }, o.privateKey, [
      '-o',
      'StrictHostKeyChecking=no',
    ]);
  },
});
