import { join, relative } from 'node:path';
import { readIfFile } from './compare-files.js';
import {
  type ArchiveKind,
  blobstoreDir,
  type BuildEntry,
  buildIndexPath,
  type Manifest,
  parseBuildIndex,
  parseManifest,
  verifyDigest,
} from './manifest.js';
import { type Snapshot, TRACKED } from './snapshot.js';
import { readTar } from './tar-read.js';

const MANIFEST = /^(dev_releases|releases)\/[^/]+\/[^/]+\.yml$/;

export interface InvariantContext {
  releaseDirs: readonly string[];
  home: string;
  args: readonly string[];
  exitCode: number;
  /** The tarball `--tarball` named, when the step built one from the release directory. */
  dirTarball: string | undefined;
  exactDigests: Readonly<Record<string, string>> | undefined;
}

type ArchiveLookup = (kind: ArchiveKind, name: string, sha1: string) => Buffer | undefined;

interface NewManifest {
  rel: string;
  m: Manifest;
  text: string;
}

/** Invariants 1 (archive digests, version == fingerprint) and 5 (vendored exact digests) for one manifest. */
function checkManifest(label: string, m: Manifest, archive: ArchiveLookup, ctx: InvariantContext): string[] {
  const problems: string[] = [];
  for (const it of m.items) {
    const what = `${label}: ${it.kind === 'license' ? 'license' : `${it.kind}/${it.name}`}`;
    if (it.version === undefined || it.version !== it.fingerprint) {
      problems.push(
        `${what}: version ${String(it.version)} != fingerprint ${String(it.fingerprint)} (invariant 1)`,
      );
    }
    if (it.sha1 === undefined) {
      problems.push(`${what}: no sha1`);
      continue;
    }
    const data = archive(it.kind, it.name, it.sha1);
    if (data === undefined) problems.push(`${what}: archive ${it.sha1} not found (invariant 1)`);
    else {
      const p = verifyDigest(it.sha1, data);
      if (p !== undefined) problems.push(`${what}: ${p} (invariant 1)`);
    }
    const exact = it.kind === 'packages' ? ctx.exactDigests?.[it.name] : undefined;
    if (exact !== undefined && exact !== it.sha1) {
      problems.push(`${what}: sha1 ${it.sha1}, expected the committed ${exact} (invariant 5)`);
    }
  }
  return problems;
}

/** A manifest's archive: `~/.bosh/cache/<sha1>`, else the blobstore object its `.final_builds` entry names. */
function releaseArchive(releaseDir: string, home: string, m: Manifest): ArchiveLookup {
  return (kind, name, sha1) => {
    const cached = readIfFile(join(home, '.bosh/cache', sha1));
    if (cached !== undefined) return cached;
    const store = blobstoreDir(releaseDir);
    const fp = m.items.find((i) => i.kind === kind && i.name === name)?.fingerprint;
    const index = readIfFile(buildIndexPath(join(releaseDir, '.final_builds'), kind, name));
    if (store === undefined || fp === undefined || index === undefined) return undefined;
    const id = parseBuildIndex(index.toString()).get(fp)?.blobstoreId;
    return id === undefined ? undefined : readIfFile(join(store, id));
  };
}

/** Checks README §2's invariants on what the step created or changed (`before` -> `after`). */
export async function checkInvariants(
  before: Snapshot,
  after: Snapshot,
  ctx: InvariantContext,
): Promise<string[]> {
  const problems: string[] = [];
  const changed = [...after.keys()].filter(
    (p) => !(before.get(p)?.equals(after.get(p) ?? Buffer.alloc(0)) ?? false),
  );
  const newManifests: NewManifest[] = [];
  const tarballs: string[] = [];
  for (const path of changed) {
    const dir = ctx.releaseDirs.find((d) => TRACKED.some((t) => path.startsWith(`${join(d, t)}/`)));
    const text = after.get(path)?.toString() ?? '';
    if (dir === undefined) {
      tarballs.push(path); // the snapshot holds nothing else outside the release dirs
      continue;
    }
    const rel = relative(dir, path);
    try {
      if (MANIFEST.test(rel) && !rel.endsWith('/index.yml')) {
        const m = parseManifest(text);
        newManifests.push({ rel, m, text });
        problems.push(...checkManifest(rel, m, releaseArchive(dir, ctx.home, m), ctx));
      } else if (rel.startsWith('.final_builds/') && rel.endsWith('/index.yml')) {
        problems.push(...checkFinalBuilds(dir, rel, before.get(path), text));
      }
    } catch (e) {
      problems.push(`${rel}: cannot be checked: ${(e as Error).message}`);
    }
  }
  for (const path of tarballs) {
    problems.push(...(await checkTarball(path, after.get(path) ?? Buffer.alloc(0), ctx)));
  }
  if (ctx.exitCode === 0 && ctx.args.includes('create-release') && ctx.args.includes('--final')) {
    problems.push(...checkFinalMatchesDev(newManifests));
  }
  return problems;
}

/** Invariant 4 for the new or changed entries of one `.final_builds` index. */
function checkFinalBuilds(dir: string, rel: string, old: Buffer | undefined, text: string): string[] {
  const problems: string[] = [];
  const previous = old === undefined ? new Map<string, BuildEntry>() : parseBuildIndex(old.toString());
  const devIndex = readIfFile(join(dir, '.dev_builds', rel.slice('.final_builds/'.length)));
  const dev = devIndex === undefined ? new Map<string, BuildEntry>() : parseBuildIndex(devIndex.toString());
  const store = blobstoreDir(dir);
  for (const b of parseBuildIndex(text).values()) {
    const was = previous.get(b.fingerprint);
    if (was !== undefined && was.sha1 === b.sha1 && was.blobstoreId === b.blobstoreId) continue;
    const what = `${rel} ${b.fingerprint.slice(0, 12)}…`;
    const d = dev.get(b.fingerprint);
    if (d !== undefined && d.sha1 !== b.sha1)
      problems.push(`${what}: sha1 ${String(b.sha1)} but .dev_builds has ${String(d.sha1)} (invariant 4)`);
    if (b.blobstoreId === undefined || b.sha1 === undefined || store === undefined) {
      problems.push(`${what}: missing blobstore_id/sha1 or no blobstore configured (invariant 4)`);
      continue;
    }
    const data = readIfFile(join(store, b.blobstoreId));
    const p = data === undefined ? `blobstore object ${b.blobstoreId} missing` : verifyDigest(b.sha1, data);
    if (p !== undefined) problems.push(`${what}: ${p} (invariant 4)`);
  }
  return problems;
}

/** Invariants 1 and 5 against the tarball's own members; 2 when it was built from the release directory. */
async function checkTarball(path: string, buf: Buffer, ctx: InvariantContext): Promise<string[]> {
  let members;
  try {
    members = await readTar(buf);
  } catch {
    return []; // not readable: the tarball comparison reports it when the case checks this tarball
  }
  const mf = members.find((m) => m.name === 'release.MF')?.data;
  if (mf === undefined) return [`${path}: no release.MF`];
  const manifest = parseManifest(mf.toString());
  const member: ArchiveLookup = (kind, name) =>
    members.find((m) => m.name === (kind === 'license' ? 'license.tgz' : `${kind}/${name}.tgz`))?.data;
  const problems = checkManifest(`${path} release.MF`, manifest, member, ctx);
  if (ctx.dirTarball === path) {
    const kind = ctx.args.includes('--final') ? 'releases' : 'dev_releases';
    const rel = `${kind}/${String(manifest.name)}/${String(manifest.name)}-${String(manifest.version)}.yml`;
    const yml = ctx.releaseDirs.map((d) => readIfFile(join(d, rel))).find((b) => b !== undefined);
    if (yml === undefined) problems.push(`${path}: no ${rel} to compare release.MF with (invariant 2)`);
    else if (!yml.equals(mf))
      problems.push(`${path}: release.MF is not byte-identical to ${rel} (invariant 2)`);
  }
  return problems;
}

/** Invariant 3: the new final manifest equals the new dev manifest except for its `version:` line. */
function checkFinalMatchesDev(manifests: readonly NewManifest[]): string[] {
  const problems: string[] = [];
  const dropVersion = (t: string): string => t.replace(/^version: .*\n/m, '');
  for (const f of manifests.filter((x) => x.rel.startsWith('releases/'))) {
    const devs = manifests.filter((x) => x.rel.startsWith(`dev_releases/${String(f.m.name)}/`));
    if (devs.length !== 1) {
      problems.push(
        `${f.rel}: expected exactly one new dev manifest beside it, found ${devs.length} (invariant 3)`,
      );
    } else if (dropVersion(devs[0]?.text ?? '') !== dropVersion(f.text)) {
      problems.push(`${f.rel} differs from ${String(devs[0]?.rel)} beyond the version line (invariant 3)`);
    }
  }
  return problems;
}
