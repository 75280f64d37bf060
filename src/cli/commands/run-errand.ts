import { wrapError } from '../../base/errors.js';
import { runErrand, type ErrandResult } from '../director-client/api-errands.js';
import { flag, list, value } from '../flags/option.js';
import type { Ui } from '../ui/ui.js';
import { headers } from '../ui/table.js';
import { defineCommand } from './command.js';
import { openDeployment, parseGroupOrInstance } from './deployment-arg.js';
import { downloadTo, nowNanos } from './logs-download.js';

/**
 * `bosh run-errand NAME`: the errand's results as a transposed table (one record per instance), then its logs
 * downloaded with `--download-logs`. Fails when an instance's errand failed (`completed with error`) or was
 * cancelled (exit code above 128).
 */
export const runErrandCommand = defineCommand({
  name: 'run-errand',
  aliases: [],
  description: 'Run errand',
  goOptsType: 'RunErrandOpts',
  options: {
    instances: list(
      {
        long: 'instance',
        valueName: 'INSTANCE-GROUP[/INSTANCE-ID]',
        description: 'Instance or group the errand should run on (must specify errand by release job name)',
        goType: '[]director.InstanceGroupOrInstanceSlug',
      },
      parseGroupOrInstance,
    ),
    keepAlive: flag({
      long: 'keep-alive',
      description: 'Use existing VM to run an errand and keep it after completion',
    }),
    whenChanged: flag({
      long: 'when-changed',
      description:
        'Run errand only if errand configuration has changed or if the previous run was unsuccessful',
    }),
    downloadLogs: flag({ long: 'download-logs', description: 'Download logs' }),
    logsDir: value(
      {
        long: 'logs-dir',
        description: 'Destination directory for logs',
        defaultText: '.',
        goType: 'opts.DirOrCWDArg',
      },
      (raw, ctx) => ctx.fs.expandPath(raw === '' ? '.' : raw),
    ),
  },
  args: [{ name: 'NAME', description: '', required: true }],
  async run(ctx) {
    const o = ctx.options;
    const errand = typeof ctx.args[0] === 'string' ? ctx.args[0] : '';
    const { director, name } = await openDeployment(ctx);
    const results = await runErrand(director, name, errand, {
      keepAlive: o.keepAlive,
      whenChanged: o.whenChanged,
      instances: o.instances,
    });
    const failure = summarize(ctx.ui, errand, results);
    if (o.downloadLogs)
      for (const r of results) {
        if (r.logsBlobstoreId === '') continue;
        try {
          await downloadTo(director, ctx.ui, {
            blobstoreId: r.logsBlobstoreId,
            prefix: errand,
            dir: o.logsDir ?? ctx.deps.cwd,
            nanos: nowNanos(),
          });
        } catch (e) {
          throw wrapError(e, 'Downloading errand logs');
        }
      }
    if (failure !== undefined) throw failure;
  },
});

/** bosh-cli RunErrandCmd.summarize: the table, and the error of the last instance that did not succeed. */
function summarize(ui: Ui, errand: string, results: readonly ErrandResult[]): Error | undefined {
  let failure: Error | undefined;
  for (const r of results) {
    const suffix = `(exit code ${String(r.exitCode)})`;
    if (r.exitCode > 128) failure = new Error(`Errand '${errand}' was canceled ${suffix}`);
    else if (r.exitCode !== 0) failure = new Error(`Errand '${errand}' completed with error ${suffix}`);
  }
  ui.printTable({
    content: 'errand(s)',
    header: headers('Instance', 'Exit Code', 'Stdout', 'Stderr'),
    rows: results.map((r) => [
      r.instanceGroup === ''
        ? ''
        : r.instanceId === ''
          ? r.instanceGroup
          : `${r.instanceGroup}/${r.instanceId}`,
      String(r.exitCode),
      r.stdout,
      r.stderr,
    ]),
    sortBy: [{ column: 0, asc: true }],
    notes: [],
    fillFirstColumn: true,
    transpose: true,
  });
  return failure;
}
