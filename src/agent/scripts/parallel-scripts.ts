import { mkdir } from 'node:fs/promises';
import { exists } from '../../adapters/fs/exists.js';
import { join } from 'node:path';
import { errorChainMessage, toError } from '../../base/errors.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import type { ScriptRunner } from '../ports.js';

const TAG = 'ParallelScript';

/** bosh-agent's script PATH. */
export const SCRIPT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export interface JobScriptsRequest {
  readonly jobs: readonly string[];
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Runs `jobs/<job>/bin/<script>` of every job that has one, all at once, each appending its output to
 * `sys/log/<job>/<script>.stdout.log` / `.stderr.log`. Fails with bosh-agent's summary
 * `<f> of <n> <script> scripts failed. Failed Jobs: a, b. Successful Jobs: c.` (jobs in the order they ended).
 */
export async function runJobScripts(
  request: JobScriptsRequest,
  deps: { readonly dirs: Dirs; readonly runner: ScriptRunner; readonly logger: Logger },
): Promise<void> {
  const { dirs, runner, logger } = deps;
  const existing: string[] = [];
  for (const job of request.jobs) {
    if (await exists(dirs.jobBin(job, request.script))) existing.push(job);
    else logger.debug(TAG, `Did not find '${request.script}' script in job '${job}'`);
  }
  logger.info(TAG, `Will run ${existing.length} ${request.script} scripts in parallel`);
  const passed: string[] = [];
  const failed: string[] = [];
  await Promise.all(
    existing.map(async (job) => {
      const path = dirs.jobBin(job, request.script);
      const logDir = join(dirs.logs, job);
      try {
        await mkdir(logDir, { recursive: true, mode: 0o750 });
        const code = await runner.run({
          path,
          env: { PATH: SCRIPT_PATH, ...request.env },
          stdoutFile: join(logDir, `${request.script}.stdout.log`),
          stderrFile: join(logDir, `${request.script}.stderr.log`),
        });
        if (code !== 0) throw new Error(`Running command: '${path}': exit status ${code}`);
        passed.push(job);
        logger.info(TAG, `'${path}' script has successfully executed`);
      } catch (e) {
        failed.push(job);
        logger.error(TAG, `'${path}' script has failed with error: ${errorChainMessage(toError(e))}`);
      }
    }),
  );
  if (failed.length === 0) return;
  let message = `Failed Jobs: ${failed.join(', ')}`;
  if (passed.length > 0) message += `. Successful Jobs: ${passed.join(', ')}`;
  throw new Error(
    `${failed.length} of ${failed.length + passed.length} ${request.script} scripts failed. ${message}.`,
  );
}
