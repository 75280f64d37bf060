/** `errand_runs`: what `run-errand --when-changed` remembers of an errand's last fully successful run. */
export interface ErrandRunRepo {
  /** The state hash of the errand's last run that succeeded everywhere; `''` after a failed one; none: never run. */
  successfulStateHash(deploymentId: number, errandName: string): Promise<string | undefined>;
  /** Records the hash (`''` when a run starts, the run's state hash once it succeeded everywhere). */
  setSuccessfulStateHash(deploymentId: number, errandName: string, hash: string): Promise<void>;
}
