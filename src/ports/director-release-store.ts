/** The release and stemcell side of the director store. */
export interface PackageRecord {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  /** Empty for a package known only by fingerprint of a compiled release. */
  readonly blobstoreId: string | null;
  readonly sha1: string | null;
  readonly fingerprint: string;
  readonly dependencies: readonly string[];
}

export interface CompiledPackageRecord {
  readonly id: number;
  readonly packageId: number;
  readonly stemcellOs: string;
  readonly stemcellVersion: string;
  readonly build: number;
  readonly dependencyKey: string;
  readonly dependencyKeySha1: string;
  readonly blobstoreId: string;
  readonly sha1: string;
}

export interface JobRecord {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  readonly blobstoreId: string;
  readonly sha1: string;
  readonly fingerprint: string;
  readonly packageNames: readonly string[];
  /** The job's spec (from its job.MF), as JSON. */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface ReleaseVersionRecord {
  readonly id: number;
  readonly releaseName: string;
  readonly version: string;
  readonly commitHash: string;
  readonly uncommittedChanges: boolean;
  readonly updateCompleted: boolean;
  readonly packages: readonly PackageRecord[];
  readonly jobs: readonly JobRecord[];
}

/** What an upload stores for one release version: new packages/jobs to add, existing ones (by id) to reference. */
export interface NewReleaseVersion {
  readonly name: string;
  readonly version: string;
  readonly commitHash: string;
  readonly uncommittedChanges: boolean;
  readonly packages: ReadonlyArray<{ readonly existingId: number } | Omit<PackageRecord, 'id'>>;
  readonly jobs: ReadonlyArray<{ readonly existingId: number } | Omit<JobRecord, 'id'>>;
  readonly compiledPackages: ReadonlyArray<
    Omit<CompiledPackageRecord, 'id' | 'packageId'> & {
      readonly packageFingerprint: string;
      readonly packageName: string;
    }
  >;
}

export interface ReleaseRepo {
  /** Every release with its versions (oldest version first), releases by name. */
  list(): Promise<Array<{ readonly name: string; readonly versions: readonly ReleaseVersionRecord[] }>>;
  getVersion(name: string, version: string): Promise<ReleaseVersionRecord | undefined>;
  /** Packages of any release with this fingerprint (for `/packages/matches` and reuse on upload). */
  packagesByFingerprint(fingerprints: readonly string[]): Promise<PackageRecord[]>;
  /** Jobs of release `name` with this fingerprint (reused across versions). */
  jobsByFingerprint(releaseName: string, fingerprints: readonly string[]): Promise<JobRecord[]>;
  /** Stores the version and its new packages/jobs in one transaction; fails when the version exists. */
  createVersion(version: NewReleaseVersion): Promise<ReleaseVersionRecord>;
  /** Replaces the blob of a package or job (`--fix`). */
  updatePackageBlob(id: number, blobstoreId: string, sha1: string): Promise<void>;
  updateJobBlob(id: number, blobstoreId: string, sha1: string): Promise<void>;
  compiledPackages(packageId: number): Promise<CompiledPackageRecord[]>;
  /**
   * Deletes a version (or the whole release when `version` is undefined) and returns the blobstore ids no other
   * version still uses, for the caller to delete from the blobstore after the transaction.
   */
  delete(name: string, version: string | undefined): Promise<{ readonly orphanedBlobs: readonly string[] }>;
  /** Whether a deployment uses the release (version) — deletion is refused then unless forced. */
  deploymentsUsing(name: string, version: string | undefined): Promise<string[]>;
  /**
   * Stores a package compiled on a compilation VM (`Models::CompiledPackage.create`); fails when the package already
   * has a compiled package with the same stemcell os/version and dependency key or build.
   */
  createCompiledPackage(compiled: Omit<CompiledPackageRecord, 'id'>): Promise<CompiledPackageRecord>;
  /** Forgets a compiled package (`clean-up --all`, its blob deleted first). */
  deleteCompiledPackage(id: number): Promise<void>;
}

export interface StemcellRecord {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  readonly operatingSystem: string;
  readonly cid: string;
  readonly sha1: string;
  readonly cpi: string;
  readonly apiVersion: number | null;
}

export interface StemcellRepo {
  /** By name, then version. */
  list(): Promise<StemcellRecord[]>;
  find(name: string, version: string, cpi: string): Promise<StemcellRecord | undefined>;
  create(stemcell: Omit<StemcellRecord, 'id'>): Promise<StemcellRecord>;
  /** Replaces the cid (`--fix`). */
  updateCid(id: number, cid: string): Promise<void>;
  delete(id: number): Promise<void>;
  deploymentsUsing(id: number): Promise<string[]>;
}
