import { boshError } from '../../core/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { extractArchive, makeTempDir, removePath } from './archives.js';
import { decodeUpdateReleasePayload, type UpdateReleasePayload } from './payloads.js';
import { processRelease } from './release/process-release.js';
import { readUploadedManifest, type UploadedManifest } from './release/manifest.js';
import { singleStepStage } from './stages.js';
import { download, uploadPath, verifyUploadDigest } from './upload-file.js';

export interface ReleaseJobDeps {
  readonly store: DirectorStore;
  /** The director's blobstore (package and job blobs). */
  readonly blobstore: Blobstore;
  /** Where the job extracts uploads and downloads remote ones. */
  readonly tmpDir: string;
}

/** BOSH takes the release lock for up to 5 minutes on upload. */
const RELEASE_LOCK_TIMEOUT = 300;

/**
 * The `update_release` task (`create release`, bosh-director `Jobs::UpdateRelease`): single-step stages
 * `Downloading remote release` (a `location` upload), `Verifying remote release` (with `sha1`), `Extracting
 * release`, `Verifying manifest`; then, holding `lock:release:<name>`, `Resolving package dependencies`, the
 * package, compiled package and job stages and `Release has been created` (`Compiled Release has been created`),
 * task `<name>/<version>`. Result `Created release '<name>/<version>'`. The upload (and a download) is removed at
 * the end, as BOSH does. When anything fails, the blobs the upload put are deleted and the DB is left as it was.
 */
export function updateReleaseJob(deps: ReleaseJobDeps): TaskJob {
  return async (ctx, raw) => {
    const payload = decodeUpdateReleasePayload(raw);
    ctx.debug('Processing update release');
    if (payload.rebase) ctx.debug('Release rebase will be performed');
    const releasePath = await uploadPath(payload, deps.tmpDir, 'release');
    let releaseDir: string | undefined;
    try {
      const { location } = payload;
      if (location !== undefined) {
        await singleStepStage(ctx, 'Downloading remote release', () =>
          download(ctx, 'release', location, releasePath),
        );
      }
      const { sha1 } = payload;
      if (sha1 !== undefined) {
        await singleStepStage(ctx, 'Verifying remote release', () =>
          verifyUploadDigest(ctx, releasePath, sha1, 'ReleaseSha1DoesNotMatch'),
        );
      }
      const dir = await makeTempDir(deps.tmpDir, 'release-');
      releaseDir = dir;
      await singleStepStage(ctx, 'Extracting release', () => extractRelease(ctx, releasePath, dir));
      const manifest = await singleStepStage(ctx, 'Verifying manifest', () =>
        readUploadedManifest(dir, (line) => {
          ctx.debug(line);
        }),
      );
      const version = await ctx.withLock(`lock:release:${manifest.name}`, RELEASE_LOCK_TIMEOUT, () =>
        processUpload(deps, ctx, dir, manifest, payload),
      );
      return `Created release '${manifest.name}/${version}'`;
    } finally {
      if (releaseDir !== undefined) await removePath(releaseDir);
      await removePath(releasePath);
    }
  };
}

async function extractRelease(ctx: TaskContext, releasePath: string, dir: string): Promise<void> {
  const problem = await extractArchive(releasePath, dir);
  if (problem === undefined) return;
  ctx.debug(`Failed to extract release archive '${releasePath}' into dir '${dir}', output: ${problem}`);
  throw boshError(
    'ReleaseInvalidArchive',
    'Extracting release archive failed. Check task debug log for details.',
  );
}

function processUpload(
  deps: ReleaseJobDeps,
  ctx: TaskContext,
  releaseDir: string,
  manifest: UploadedManifest,
  payload: UpdateReleasePayload,
): Promise<string> {
  return processRelease({
    ctx,
    store: deps.store,
    blobstore: deps.blobstore,
    tmpDir: deps.tmpDir,
    releaseDir,
    manifest,
    fix: payload.fix,
    rebase: payload.rebase,
  });
}
