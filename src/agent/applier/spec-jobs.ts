import { parseMultipleDigest } from '../../adapters/blobstore/digest.js';
import type { ApplySpec, PackageSpec } from '../../protocol/agent.js';
import type { BlobSource } from '../ports.js';

/** A job of the spec (bosh-agent models.Job): its bundle version is `<version>-<archive digest>`. */
export interface SpecJob {
  readonly name: string;
  readonly version: string;
  readonly source: BlobSource & { readonly pathInArchive: string };
}

export interface SpecPackage {
  readonly name: string;
  readonly version: string;
  readonly source: BlobSource;
}

/** `V1ApplySpec.Jobs()`: the templates, sourced from the rendered templates archive (none without one). */
export function specJobs(spec: ApplySpec): SpecJob[] {
  const archive = spec.rendered_templates_archive;
  if (!archive) return [];
  return (spec.job.templates ?? []).map((t) => ({
    name: t.name,
    version: t.version,
    source: { blobstoreId: archive.blobstore_id, digest: archive.sha1, pathInArchive: t.name },
  }));
}

/** `V1ApplySpec.Packages()`, by name. */
export function specPackages(spec: ApplySpec): SpecPackage[] {
  return Object.values(spec.packages ?? {}).map((p: PackageSpec) => ({
    name: p.name,
    version: p.version,
    source: {
      blobstoreId: p.blobstore_id,
      digest: p.sha1,
      ...(p.signed_url === '' ? {} : { signedUrl: p.signed_url }),
      headers: p.blobstore_headers,
    },
  }));
}

/** `<version>-<digest>`: what names a job or package bundle (hashed into its install directory). */
export function bundleVersion(version: string, digest: string): string {
  if (version === '') return '';
  return `${version}-${parseMultipleDigest(digest).toString()}`;
}

/** Checks the digests the agent's JSON decoding would have refused (MultipleDigest.UnmarshalJSON). */
export function checkSpecDigests(spec: ApplySpec): void {
  if (spec.rendered_templates_archive) parseMultipleDigest(spec.rendered_templates_archive.sha1);
  for (const p of Object.values(spec.packages ?? {})) parseMultipleDigest(p.sha1);
}
