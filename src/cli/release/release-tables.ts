import { headers, type Table } from '../ui/table.js';
import type { Ui } from '../ui/ui.js';

export interface ReleaseTableJob {
  name: string;
  fingerprint: string;
  digest: string;
  packages: readonly string[];
}

export interface ReleaseTablePackage {
  name: string;
  fingerprint: string;
  digest: string;
  dependencies: readonly string[];
  /** `os/version` for compiled packages. */
  stemcell?: string;
}

export interface ReleaseTablesInput {
  name: string;
  version: string;
  commitHash: string;
  uncommittedChanges: boolean;
  archivePath?: string;
  jobs: readonly ReleaseTableJob[];
  packages: readonly ReleaseTablePackage[];
  compiledPackages: readonly ReleaseTablePackage[];
}

/** The three tables `create-release` and `inspect-local-release` print (bosh-cli ReleaseTables). */
export function printReleaseTables(ui: Ui, r: ReleaseTablesInput): void {
  const summary: Table = {
    header: headers('Name', 'Version', 'Commit Hash'),
    rows: [[r.name, r.version, r.commitHash + (r.uncommittedChanges ? '+' : '')]],
    transpose: true,
  };
  if (r.archivePath !== undefined && r.archivePath !== '') {
    summary.header.push(...headers('Archive'));
    summary.rows[0]?.push(r.archivePath);
  }
  const jobs: Table = {
    content: 'jobs',
    header: headers('Job', 'Digest', 'Packages'),
    rows: r.jobs.map((j) => [`${j.name}/${j.fingerprint}`, j.digest, j.packages.join('\n')]),
    sortBy: [{ column: 0, asc: true }],
  };
  const compiled = r.compiledPackages.length > 0;
  const packages: Table = {
    content: 'packages',
    header: headers('Package', 'Digest', 'Dependencies', ...(compiled ? ['OS', 'OS Version'] : [])),
    rows: [
      ...r.packages.map((p) => [
        `${p.name}/${p.fingerprint}`,
        p.digest,
        p.dependencies.join('\n'),
        ...(compiled ? ['', ''] : []),
      ]),
      ...r.compiledPackages.map((p) => {
        const [os = '', osVersion = ''] = (p.stemcell ?? '').split('/');
        return [`${p.name}/${p.fingerprint}`, p.digest, p.dependencies.join('\n'), os, osVersion];
      }),
    ],
    sortBy: [{ column: 0, asc: true }],
  };
  ui.printTable(summary);
  ui.printTable(jobs);
  ui.printTable(packages);
}
