import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

const ALGOS = [
  { name: 'sha512', re: /^sha512:[0-9a-f]{128}$/, strength: 3 },
  { name: 'sha256', re: /^sha256:[0-9a-f]{64}$/, strength: 2 },
  { name: 'sha1', re: /^[0-9a-f]{40}$/, strength: 1 },
] as const;

/**
 * README §9: `sha256:<hex>`, `sha512:<hex>`, bare 40-hex SHA-1, or a `;`-joined list verified with its strongest
 * member. Returns a problem, or undefined when `data` matches.
 */
export function verifyDigest(digest: string, data: Buffer): string | undefined {
  const parts = digest.split(';').map((p) => {
    const algo = ALGOS.find((a) => a.re.test(p));
    return { p, algo };
  });
  const unknown = parts.find((x) => x.algo === undefined);
  if (unknown !== undefined || parts.length === 0) return `unrecognized digest ${JSON.stringify(digest)}`;
  const strongest = parts.reduce((a, b) => ((b.algo?.strength ?? 0) > (a.algo?.strength ?? 0) ? b : a));
  const algo = strongest.algo?.name ?? 'sha256';
  const hex = createHash(algo).update(data).digest('hex');
  const want = strongest.p.replace(/^sha(256|512):/, '');
  return hex === want ? undefined : `digest ${digest} does not match the archive (${algo} ${hex})`;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses with the failsafe schema: every scalar stays a string, so "2", 8497505 and sha1 hex read verbatim. */
export function parseStrings(text: string): unknown {
  return parse(text, { schema: 'failsafe' });
}

export type ArchiveKind = 'jobs' | 'packages' | 'license';

export interface ManifestItem {
  kind: ArchiveKind;
  name: string;
  version: string | undefined;
  fingerprint: string | undefined;
  sha1: string | undefined;
}

export interface Manifest {
  name: string | undefined;
  version: string | undefined;
  items: ManifestItem[];
}

/** A release manifest (`release.MF`, `dev_releases/<n>/<n>-<v>.yml`, `releases/...`). */
export function parseManifest(text: string): Manifest {
  const doc = record(parseStrings(text));
  const item = (kind: ArchiveKind, v: unknown, name?: string): ManifestItem => {
    const r = record(v);
    return {
      kind,
      name: name ?? str(r.name) ?? '?',
      version: str(r.version),
      fingerprint: str(r.fingerprint),
      sha1: str(r.sha1),
    };
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
  const items = [
    ...list(doc.jobs).map((j) => item('jobs', j)),
    ...list(doc.packages).map((p) => item('packages', p)),
    ...(doc.license === undefined ? [] : [item('license', doc.license, 'license')]),
  ];
  return { name: str(doc.name), version: str(doc.version), items };
}

export interface BuildEntry {
  fingerprint: string;
  version: string | undefined;
  sha1: string | undefined;
  blobstoreId: string | undefined;
}

/** A `.dev_builds` / `.final_builds` index: builds by fingerprint. */
export function parseBuildIndex(text: string): Map<string, BuildEntry> {
  const builds = record(record(parseStrings(text)).builds);
  return new Map(
    Object.entries(builds).map(([fingerprint, v]) => {
      const r = record(v);
      return [
        fingerprint,
        { fingerprint, version: str(r.version), sha1: str(r.sha1), blobstoreId: str(r.blobstore_id) },
      ];
    }),
  );
}

/** `<builds dir>/jobs/<n>/index.yml`, `<builds dir>/packages/<n>/index.yml` or `<builds dir>/license/index.yml`. */
export function buildIndexPath(buildsDir: string, kind: ArchiveKind, name: string): string {
  return kind === 'license' ? join(buildsDir, 'license/index.yml') : join(buildsDir, kind, name, 'index.yml');
}

/** The local blobstore directory of a release: `config/final.yml` `blobstore.options.blobstore_path`. */
export function blobstoreDir(releaseDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(releaseDir, 'config/final.yml'), 'utf8');
  } catch {
    return undefined;
  }
  const path = str(record(record(record(parseStrings(text)).blobstore).options).blobstore_path);
  if (path === undefined) return undefined;
  return isAbsolute(path) ? path : join(releaseDir, path);
}
