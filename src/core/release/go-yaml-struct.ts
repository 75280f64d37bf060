import { Decoder, decodeScalar } from '../../base/yaml/decode.js';
import { TAGS, shortTag, type YamlNode } from '../../base/yaml/node.js';
import { parseYaml } from '../../base/yaml/parse.js';
import { Parser } from '../../base/yaml/parser.js';
import { GoFloat, type YamlValue } from '../../base/yaml/value.js';
import { goYamlFail } from '../../base/yaml/yaml-error.js';

/**
 * yaml.Unmarshal into typed Go structs, as bosh-cli decodes specs, manifests, indexes and configs. The
 * differences from decoding into interface{} matter here: a string field takes the scalar's source text
 * (`version: 1.10` stays "1.10"), null gives the zero value, unknown keys are ignored, only `!!binary` is
 * base64-decoded (a Ruby-era `!binary` stays raw unless a caller rewrites it first, as bosh-cli does), and
 * type mismatches are collected into `yaml: unmarshal errors:` with one `line N: ...` per problem.
 */
export interface GoCodec<T> {
  /** Go's name for the type, as yaml errors print it (`string`, `[]string`, `manifest.Manifest`). */
  readonly goType: string;
  zero(): T;
  decode(n: YamlNode, problems: string[]): T;
}

export type Decoded<C> = C extends GoCodec<infer T> ? T : never;

/** Decodes the first document of `text` into `codec`'s type. Syntax errors are go-yaml's own texts. */
export function unmarshal<T>(text: string, codec: GoCodec<T>): T {
  parseYaml(text); // the exact syntax error, if any, comes from the shared parser
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = new Parser(body === '' ? '\n' : body).parseFirstDocument();
  if (root === undefined) return codec.zero();
  const problems: string[] = [];
  const value = codec.decode(root, problems);
  if (problems.length > 0) throw new Error(`yaml: unmarshal errors:\n  ${problems.join('\n  ')}`);
  return value;
}

function deref(n: YamlNode): YamlNode {
  let cur = n;
  for (let i = 0; cur.kind === 'alias' && cur.alias !== undefined && i < 1000; i++) cur = cur.alias;
  return cur;
}

/** yaml.v2 terror: the explicit tag if any, the value quoted for scalars (cut to 7 bytes past 10). */
function typeError(n: YamlNode, tag: string, goType: string): string {
  const t = n.tag !== '' ? n.tag : tag;
  let shown = '';
  if (t !== TAGS.SEQ && t !== TAGS.MAP) {
    const bytes = new TextEncoder().encode(n.value);
    shown = bytes.length > 10 ? new TextDecoder().decode(bytes.subarray(0, 7)) + '...' : n.value;
    shown = ` \`${shown}\``;
  }
  return `line ${n.line + 1}: cannot unmarshal ${shortTag(t)}${shown} into ${goType}`;
}

function collectionTag(n: YamlNode): string {
  return n.kind === 'map' ? TAGS.MAP : TAGS.SEQ;
}

/** A scalar's resolved value and tag; local tags other than the standard ones resolve to their raw text. */
function resolved(n: YamlNode): { value: YamlValue; tag: string } {
  if (n.tag === '!binary') return { value: n.value, tag: n.tag };
  return decodeScalar(n);
}

/** Calls `fn` for each key/value of a mapping, expanding `<<` merges as yaml.v2 does (later keys win). */
export function forEachPair(n: YamlNode, fn: (key: YamlNode, value: YamlNode) => void): void {
  for (let i = 0; i + 1 < n.children.length; i += 2) {
    const key = n.children[i] as YamlNode;
    const value = n.children[i + 1] as YamlNode;
    const isMerge = key.kind === 'scalar' && key.value === '<<' && (key.implicit || key.tag === TAGS.MERGE);
    if (!isMerge) {
      fn(key, value);
      continue;
    }
    // A list of maps merges right to left, so the first map's keys win among them.
    const sources = value.kind === 'seq' ? [...value.children].reverse() : [value];
    for (const source of sources) {
      const m = deref(source);
      if (m.kind !== 'map') throw goYamlFail('map merge requires map or sequence of maps as the value');
      forEachPair(m, fn);
    }
  }
}

export const goString: GoCodec<string> = {
  goType: 'string',
  zero: () => '',
  decode(node, problems) {
    const n = deref(node);
    if (n.kind !== 'scalar') {
      problems.push(typeError(n, collectionTag(n), 'string'));
      return '';
    }
    const r = resolved(n);
    if (r.value === null) return '';
    return r.tag === TAGS.BINARY && typeof r.value === 'string' ? r.value : n.value;
  },
};

export const goBool: GoCodec<boolean> = {
  goType: 'bool',
  zero: () => false,
  decode(node, problems) {
    const n = deref(node);
    if (n.kind !== 'scalar') {
      problems.push(typeError(n, collectionTag(n), 'bool'));
      return false;
    }
    const r = resolved(n);
    if (r.value === null) return false;
    if (typeof r.value === 'boolean') return r.value;
    problems.push(typeError(n, r.tag, 'bool'));
    return false;
  },
};

/** int64, kept as a JS number (sizes): ints in range, floats truncated as yaml.v2 allows. */
export const goInt64: GoCodec<number> = {
  goType: 'int64',
  zero: () => 0,
  decode(node, problems) {
    const n = deref(node);
    if (n.kind !== 'scalar') {
      problems.push(typeError(n, collectionTag(n), 'int64'));
      return 0;
    }
    const r = resolved(n);
    const v = r.value;
    if (v === null) return 0;
    if (typeof v === 'bigint' && v >= -(2n ** 63n) && v < 2n ** 63n) return Number(v);
    if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 2 ** 63) return Math.trunc(v);
    if (v instanceof GoFloat && Math.abs(v.value) < 2 ** 63) return Math.trunc(v.value);
    problems.push(typeError(n, r.tag, 'int64'));
    return 0;
  },
};

/** interface{}: the generic decoded value. */
export const goAny: GoCodec<YamlValue> = {
  goType: 'interface {}',
  zero: () => null,
  decode: (node) => new Decoder().decode(node),
};

export function goSlice<T>(item: GoCodec<T>): GoCodec<T[]> {
  const goType = `[]${item.goType}`;
  return {
    goType,
    zero: () => [],
    decode(node, problems) {
      const n = deref(node);
      if (n.kind === 'seq') return n.children.map((child) => item.decode(child, problems));
      rejectNonCollection(n, goType, problems);
      return [];
    },
  };
}

/** A pointer field: absent or null is undefined. Errors name the element type, as yaml.v2 dereferences first. */
export function goPointer<T>(elem: GoCodec<T>): GoCodec<T | undefined> {
  return {
    goType: elem.goType,
    zero: () => undefined,
    decode(node, problems) {
      const n = deref(node);
      if (n.kind === 'scalar' && resolved(n).value === null) return undefined;
      return elem.decode(n, problems);
    },
  };
}

/** Rejects anything but a mapping (null gives the zero value); returns the mapping node otherwise. */
export function expectMapping(node: YamlNode, goType: string, problems: string[]): YamlNode | undefined {
  const n = deref(node);
  if (n.kind === 'map') return n;
  rejectNonCollection(n, goType, problems);
  return undefined;
}

/** A node of the wrong kind for a collection type: an error unless it is null (the zero value). */
function rejectNonCollection(n: YamlNode, goType: string, problems: string[]): void {
  if (n.kind !== 'scalar') {
    problems.push(typeError(n, collectionTag(n), goType));
    return;
  }
  const r = resolved(n);
  if (r.value !== null) problems.push(typeError(n, r.tag, goType));
}
