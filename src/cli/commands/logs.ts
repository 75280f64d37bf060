import { randomUUID } from 'node:crypto';
import { wrapError } from '../../base/errors.js';
import type { InstanceTarget } from '../director-client/api-deployments.js';
import { fetchLogs, withSshSession } from '../director-client/api-logs-ssh.js';
import type { Director } from '../director-client/director.js';
import { parseGoInt } from '../flags/go-int.js';
import { flag, list, text, value } from '../flags/option.js';
import { StreamingWriter } from '../ssh/output-writers.js';
import { newSshCredentials } from '../ssh/ssh-key.js';
import { runSsh } from '../ssh/ssh-runner.js';
import { logTypeArgument, tailCommand, type LogsSelection } from '../ssh/tail-command.js';
import type { Ui } from '../ui/ui.js';
import { defineCommand } from './command.js';
import { openDeployment, targetArg } from './deployment-arg.js';
import {
  connectionOpts,
  createEnvAuthOptions,
  gatewayOptions,
  refuseCreateEnvTarget,
  type GatewayValues,
} from './gateway-options.js';
import { instanceArg } from './instance-state.js';
import { downloadTo, nowNanos } from './logs-download.js';

/**
 * `bosh logs [INSTANCE-GROUP[/INSTANCE-ID]]`: a `fetch logs` task bundles the logs, saved as
 * `<deployment>[.<group>[.<id>]]-<time>.tgz` in `--dir`; with `-f` or `--num` the logs are tailed over SSH instead.
 */
export const logsCommand = defineCommand({
  name: 'logs',
  aliases: [],
  description: 'Fetch logs from instance(s)',
  goOptsType: 'LogsOpts',
  options: {
    dir: value(
      { long: 'dir', description: 'Destination directory', defaultText: '.', goType: 'opts.DirOrCWDArg' },
      (raw, ctx) => ctx.fs.expandPath(raw === '' ? '.' : raw),
    ),
    follow: flag({ long: 'follow', short: 'f', description: 'Follow logs via SSH' }),
    num: value({ long: 'num', description: 'Last number of lines', goType: 'int' }, parseGoInt),
    quiet: flag({
      long: 'quiet',
      short: 'q',
      description: 'Suppresses printing of headers when multiple files are being examined',
    }),
    jobs: list(
      {
        long: 'job',
        description: 'Limit to only specific jobs (can only be used in combination with --follow)',
        goType: '[]string',
      },
      text,
    ),
    filters: list(
      {
        long: 'only',
        description:
          'Filter logs to specific jobs (comma-separated). Like --jobs, but for when --follow is not being used',
        goType: '[]string',
      },
      text,
    ),
    agent: flag({ long: 'agent', description: 'Include only agent logs' }),
    system: flag({ long: 'system', description: 'Include only system logs' }),
    all: flag({ long: 'all-logs', description: 'Include all logs (agent, system, and job logs)' }),
    ...gatewayOptions,
    ...createEnvAuthOptions,
  },
  ...instanceArg,
  async run(ctx) {
    const o = ctx.options;
    refuseCreateEnvTarget(o);
    const { director, name } = await openDeployment(ctx);
    const target = targetArg(ctx.args);
    const selection: LogsSelection = { ...o, num: o.num ?? 0 };
    if (selection.follow || selection.num > 0) {
      await tail(director, name, target, selection, o, ctx.ui);
      return;
    }
    let prefix = name;
    if (target.group !== '') prefix += `.${target.group}`;
    if (target.indexOrId !== '') prefix += `.${target.indexOrId}`;
    const blobstoreId = await fetchLogs(director, name, target, o.filters, logTypeArgument(selection));
    try {
      await downloadTo(director, ctx.ui, {
        blobstoreId,
        prefix,
        dir: o.dir ?? ctx.deps.cwd,
        nanos: nowNanos(),
      });
    } catch (e) {
      throw wrapError(e, 'Downloading logs');
    }
  },
});

/** bosh-cli LogsCmd.tail: `ssh setup`, then `sudo bash -c 'exec tail ...'` on every instance, then `ssh cleanup`. */
async function tail(
  director: Director,
  deployment: string,
  target: InstanceTarget,
  selection: LogsSelection,
  gateway: GatewayValues,
  ui: Ui,
): Promise<void> {
  const user = newSshCredentials(randomUUID);
  const conn = connectionOpts(gateway, user.privateKey, []);
  await withSshSession(director, deployment, target, user, async (targets) => {
    try {
      await runSsh({
        conn,
        targets,
        command: tailCommand(selection),
        interactive: false,
        writer: new StreamingWriter(ui),
        ui,
      });
    } catch (e) {
      throw wrapError(e, 'Running follow over non-interactive SSH');
    }
  });
}
