import { hasRelease, uploadReleaseUrl } from '../director-client/api-releases.js';
import type { Director } from '../director-client/director.js';
import type { Ui } from '../ui/ui.js';
import type { ReleaseTools } from './release-tools.js';
import { withGitClone } from './git-clone.js';
import { isGit, isRemote, readLocalRelease, uploadReleaseArchive } from './upload-release.js';

export interface UploadReleaseRequest {
  readonly url: string;
  readonly dir: string;
  readonly rebase: boolean;
  readonly fix: boolean;
  readonly name: string;
  readonly version: string;
  readonly sha1: string;
  /** `OS/VERSION` of a compiled release. */
  readonly stemcell: string | undefined;
  readonly parallel: number;
}

/**
 * bosh-cli UploadReleaseCmd.Run: nothing when the director has the release already (unless `--fix`), else the
 * director fetches a remote one, or a git repository is cloned, or a local release is read, then uploaded.
 */
export async function uploadReleaseFlow(
  d: Director,
  ui: Ui,
  tools: () => Promise<ReleaseTools>,
  r: UploadReleaseRequest,
): Promise<void> {
  if (!r.fix && (await alreadyUploaded(d, ui, r.name, r.version, r.stemcell))) return;
  if (isRemote(r.url)) {
    await uploadReleaseUrl(d, r.url, r.sha1, r.rebase, r.fix);
    return;
  }
  const t = await tools();
  const source = { url: r.url, dir: r.dir, name: r.name, version: r.version, parallel: r.parallel };
  if (isGit(r.url)) {
    // As bosh-cli, a cloned release is uploaded without --rebase.
    await withGitClone(r.url, t, async (dir) => {
      const release = await readLocalRelease({ ...source, url: '', dir }, t, ui);
      await uploadReleaseArchive(d, release, { rebase: false, fix: r.fix }, t);
    });
    return;
  }
  const release = await readLocalRelease(source, t, ui);
  await uploadReleaseArchive(d, release, { rebase: r.rebase, fix: r.fix }, t);
}

/** `Release 'n/v' already exists.` (for a stemcell: `... for stemcell 'os/v' already exists.`). */
async function alreadyUploaded(
  d: Director,
  ui: Ui,
  name: string,
  version: string,
  stemcell: string | undefined,
): Promise<boolean> {
  if (!(await hasRelease(d, name, version, stemcell))) return false;
  ui.printLine(
    stemcell !== undefined
      ? `Release '${name}/${version}' for stemcell '${stemcell}' already exists.`
      : `Release '${name}/${version}' already exists.`,
  );
  return true;
}
