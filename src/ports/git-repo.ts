/** The release directory's git state, as `create-release` records it (releasedir GitRepo). */
export interface GitRepo {
  /** `git init` plus the release `.gitignore`. */
  init(): Promise<void>;
  /** `git rev-parse --short HEAD`; `non-git` outside a repository, `empty` before the first commit. */
  lastCommitSha(): Promise<string>;
  /**
   * Whether `git status --porcelain=1` shows changes. Without `force`, changes are an error:
   * `Git repository has local modifications:\n\n<porcelain>`.
   */
  mustNotBeDirty(force: boolean): Promise<boolean>;
}
