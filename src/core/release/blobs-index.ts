import { WrappedError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import type { YamlMap } from '../../base/yaml/value.js';
import { goMap, goStruct } from './go-yaml-composite.js';
import { goInt64, goString, unmarshal } from './go-yaml-struct.js';
import { compareGoStrings } from './go-order.js';

/** One entry of `config/blobs.yml` (releasedir/fs_blobs_dir.go). */
export interface Blob {
  /** Relative to `blobs/`. */
  readonly path: string;
  readonly size: number;
  /** Set once uploaded to the release blobstore. */
  readonly objectId?: string;
  /** The content digest, `sha256:<hex>` (the field is named `sha`). */
  readonly sha: string;
}

/** What `init-release` writes: a document start, then an empty map. */
export const INITIAL_BLOBS_INDEX = '--- {}\n';

const blobsCodec = goMap(
  goStruct('releasedir.fsBlobsDirSchema_Blob', { size: goInt64, object_id: goString, sha: goString }),
  'releasedir.fsBlobsDirSchema',
);

/** The blobs sorted bytewise by path. Errors read `Unmarshalling blobs index` over go-yaml's message. */
export function parseBlobsIndex(text: string): Blob[] {
  let schema;
  try {
    schema = unmarshal(text, blobsCodec);
  } catch (e) {
    throw new WrappedError('Unmarshalling blobs index', e as Error);
  }
  const blobs: Blob[] = [];
  for (const [path, b] of schema) {
    const base = { path, size: b.size, sha: b.sha };
    blobs.push(b.object_id === '' ? base : { ...base, objectId: b.object_id });
  }
  return blobs.sort((a, b) => compareGoStrings(a.path, b.path));
}

/**
 * yaml.v2 Marshal of the Go map: keys in yaml.v2's map order (the emitter's), each `size`, `object_id` when
 * set, `sha`. No blobs gives `{}\n`; only `init-release` writes INITIAL_BLOBS_INDEX.
 */
export function emitBlobsIndex(blobs: readonly Blob[]): string {
  const doc: YamlMap = new Map();
  for (const b of blobs) {
    const entry = new OrderedYamlMap([['size', b.size]]);
    if (b.objectId !== undefined && b.objectId !== '') entry.set('object_id', b.objectId);
    doc.set(b.path, entry.set('sha', b.sha));
  }
  return emitYaml(doc);
}
