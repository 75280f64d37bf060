import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MonitParseError, type MonitProblem } from '../../core/monit/monit-errors.js';
import { parseMonitFile } from '../../core/monit/monit-parser.js';
import type { MonitFile } from '../../core/monit/monit-types.js';
import type { JobMonitFiles } from '../../core/monit/service-plan.js';

/** A job as the agent configures it: its enabled directory and its monit file index (last job of the spec: 0). */
export interface JobDir {
  readonly name: string;
  readonly dir: string;
  readonly index: number;
}

/**
 * Reads each job's rendered `monit` file and its extra `*.monit` files, as the agent's ConfigureJobs copies them to
 * `/var/vcap/monit/job/%04d_<job>.monitrc`: monit includes those in name order, so jobs come by index. A job
 * without monit files has no processes. Parse problems of all files are thrown at once, each with path and line.
 */
export async function readMonitFilesOf(jobs: readonly JobDir[]): Promise<JobMonitFiles[]> {
  const problems: MonitProblem[] = [];
  const out: JobMonitFiles[] = [];
  for (const { name, dir } of [...jobs].sort((a, b) => a.index - b.index)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const monitNames = [
      ...names.filter((n) => n === 'monit'),
      ...names.filter((n) => n.endsWith('.monit')).sort(),
    ];
    const files: MonitFile[] = [];
    for (const file of monitNames) {
      const path = join(dir, file);
      try {
        files.push(parseMonitFile(await readFile(path, 'utf8'), path));
      } catch (e) {
        if (!(e instanceof MonitParseError)) throw e;
        problems.push(...e.problems);
      }
    }
    out.push({ job: name, files });
  }
  if (problems.length > 0) throw new MonitParseError(problems);
  return out;
}

/** The same for jobs under one directory, in the order given. */
export function readJobMonitFiles(jobsDir: string, jobs: readonly string[]): Promise<JobMonitFiles[]> {
  return readMonitFilesOf(jobs.map((name, index) => ({ name, dir: join(jobsDir, name), index })));
}
