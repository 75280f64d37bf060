import { boshError } from '../../../core/errors.js';
import type { CompiledPackagesPlan } from './compiled-packages.js';
import type { JobPlan } from './jobs.js';
import type { PackagePlan } from './package-plan.js';
import { desc, type UploadScope } from './upload-scope.js';

/**
 * A version uploaded before is complete (the store writes a version in one transaction) and cannot be added to:
 * BOSH would add the packages, jobs or compiled packages an upload of the same version brings, but the store has
 * no way to extend a version. Such an upload fails (ReleaseAlreadyExists, a code BOSH no longer raises) before
 * anything is stored: `release 'n/v' has already been uploaded without package 'p'` / `job 'j'` / `compiled
 * package 'p/v' for os/version`.
 */
export function refuseAdditions(
  scope: UploadScope,
  plans: {
    readonly packages?: PackagePlan;
    readonly compiled?: CompiledPackagesPlan | undefined;
    readonly jobs?: JobPlan;
  },
): void {
  if (scope.existingVersion === undefined) return;
  const release = `${scope.name}/${scope.version}`;
  const refuse = (what: string): never => {
    throw boshError('ReleaseAlreadyExists', `release '${release}' has already been uploaded without ${what}`);
  };
  const pkg = plans.packages?.created[0] ?? plans.packages?.existing[0]?.[1];
  if (pkg !== undefined) refuse(`package '${pkg.name}'`);
  const compiled = plans.compiled?.toCreate[0];
  if (compiled !== undefined) {
    refuse(
      `compiled package '${desc(compiled.meta)}' for ${compiled.stemcellOs}/${compiled.stemcellVersion}`,
    );
  }
  const job = plans.jobs?.created[0] ?? plans.jobs?.existing.find(([j]) => !isInVersion(scope, j.id))?.[1];
  if (job !== undefined) refuse(`job '${job.name}'`);
}

function isInVersion(scope: UploadScope, jobId: number): boolean {
  return scope.existingVersion?.jobs.some((j) => j.id === jobId) ?? false;
}
