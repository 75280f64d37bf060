import { WrappedError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { goMap, goStruct } from './go-yaml-composite.js';
import { goString, unmarshal } from './go-yaml-struct.js';
import { sortGoStrings } from './go-order.js';

/**
 * `dev_releases/<n>/index.yml` and `releases/<n>/index.yml` (releasedir/fs_release_index.go): random UUID
 * keys, each with the version of one release.
 */
export type ReleaseIndex = ReadonlyMap<string, string>;

const indexCodec = goStruct('releasedir.fsReleaseIndexSchema', {
  builds: goMap(
    goStruct('releasedir.fsReleaseIndexSchema_Entry', { version: goString }),
    'releasedir.fsReleaseIndexSchema_SortedEntries',
  ),
  'format-version': goString,
});

/** UUID → version. */
export function parseReleaseIndex(text: string): ReleaseIndex {
  let schema;
  try {
    schema = unmarshal(text, indexCodec);
  } catch (e) {
    throw new WrappedError('Unmarshalling index', e as Error);
  }
  return new Map([...schema.builds].map(([key, entry]) => [key, entry.version]));
}

export function releaseIndexVersions(index: ReleaseIndex): string[] {
  return [...index.values()];
}

/**
 * FSReleaseIndex.Add's bookkeeping: the new index, or `Release version 'V' already exists`. The key comes in
 * as an argument because it is random.
 */
export function addRelease(index: ReleaseIndex, key: string, version: string): ReleaseIndex {
  for (const v of index.values()) {
    if (v === version) throw new Error(`Release version '${version}' already exists`);
  }
  return new Map([...index, [key, version]]);
}

/** builds sorted bytewise by key, then `format-version: "2"`. */
export function emitReleaseIndex(index: ReleaseIndex): string {
  const builds = new OrderedYamlMap();
  for (const key of sortGoStrings(index.keys())) {
    builds.set(key, new OrderedYamlMap([['version', index.get(key) ?? '']]));
  }
  return emitYaml(
    new OrderedYamlMap([
      ['builds', builds],
      ['format-version', '2'],
    ]),
  );
}

/** `<dir>/<name>/<name>-<version>.yml` (FSReleaseIndex.ManifestPath), relative to the index's directory. */
export function releaseManifestPath(name: string, version: string): string {
  return `${name}/${name}-${version}.yml`;
}
