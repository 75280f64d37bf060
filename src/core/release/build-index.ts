import { WrappedError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { goMap, goStruct } from './go-yaml-composite.js';
import { goString, unmarshal } from './go-yaml-struct.js';
import { sortGoStrings } from './go-order.js';

/**
 * A job, package or license build index: `.dev_builds/{jobs,packages}/<n>/index.yml`,
 * `.dev_builds/license/index.yml` and the same under `.final_builds` (releasedir/index/fs_index.go).
 */
export interface BuildIndexEntry {
  /** The fingerprint. */
  readonly version: string;
  /** Final builds only: where the archive lives in the release blobstore. */
  readonly blobstoreId?: string;
  /** The archive digest (`sha256:<hex>`, or a legacy 40-hex SHA-1). */
  readonly sha1: string;
}

/** Entries by key (the fingerprint). */
export type BuildIndex = ReadonlyMap<string, BuildIndexEntry>;

const indexCodec = goStruct('index.fsIndexSchema', {
  builds: goMap(
    goStruct('index.fsIndexSchema_Entry', { version: goString, blobstore_id: goString, sha1: goString }),
    'index.fsIndexSchema_SortedEntries',
  ),
  'format-version': goString,
});

/** Reads an index; ` !binary ` is fixed to ` !!binary ` first, as bosh-cli does for Ruby-era files. */
export function parseBuildIndex(text: string): BuildIndex {
  let schema;
  try {
    schema = unmarshal(text.split(' !binary ').join(' !!binary '), indexCodec);
  } catch (e) {
    throw new WrappedError('Unmarshalling index', e as Error);
  }
  const out = new Map<string, BuildIndexEntry>();
  for (const [key, e] of schema.builds) {
    out.set(
      key,
      e.blobstore_id === ''
        ? { version: e.version, sha1: e.sha1 }
        : {
            version: e.version,
            blobstoreId: e.blobstore_id,
            sha1: e.sha1,
          },
    );
  }
  return out;
}

/** Finds the entry whose version is the fingerprint (FSIndex.Find). */
export function findBuild(index: BuildIndex, fingerprint: string): BuildIndexEntry | undefined {
  for (const entry of index.values()) if (entry.version === fingerprint) return entry;
  return undefined;
}

/** builds sorted bytewise by key, each `version`, `blobstore_id` (if any), `sha1`; then `format-version: "2"`. */
export function emitBuildIndex(index: BuildIndex): string {
  const builds = new OrderedYamlMap();
  for (const key of sortGoStrings(index.keys())) {
    const e = index.get(key);
    if (e === undefined) continue;
    const entry = new OrderedYamlMap([['version', e.version]]);
    if (e.blobstoreId !== undefined && e.blobstoreId !== '') entry.set('blobstore_id', e.blobstoreId);
    builds.set(key, entry.set('sha1', e.sha1));
  }
  return emitYaml(
    new OrderedYamlMap([
      ['builds', builds],
      ['format-version', '2'],
    ]),
  );
}
