/**
 * The director's release and stemcell task jobs (bosh-director `Jobs::UpdateRelease`, `DeleteRelease`,
 * `UpdateStemcell`, `DeleteStemcell`): factories of `TaskJob`s over the store, the blobstore and the CPIs.
 */
export type { NamedCpi, StemcellCpi } from './cpi.js';
export { deleteReleaseJob, type DeleteReleaseDeps } from './delete-release.js';
export { deleteStemcellJob, type DeleteStemcellDeps } from './delete-stemcell.js';
export {
  decodeDeleteReleasePayload,
  decodeDeleteStemcellPayload,
  decodeUpdateReleasePayload,
  decodeUpdateStemcellPayload,
  type DeleteReleasePayload,
  type DeleteStemcellPayload,
  type UpdateReleasePayload,
  type UpdateStemcellPayload,
} from './payloads.js';
export { updateReleaseJob, type ReleaseJobDeps } from './update-release.js';
export { updateStemcellJob, type StemcellJobDeps } from './update-stemcell.js';
export { directorJobs, type DirectorJobsDeps } from './registry.js';
