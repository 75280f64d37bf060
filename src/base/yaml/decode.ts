import { bytesToString, decodeGoBase64 } from './go-base64.js';
import { TAGS, shortTag, type YamlNode } from './node.js';
import { resolvePlain } from './resolve.js';
import { GoFloat, findKey, type YamlKey, type YamlMap, type YamlValue } from './value.js';
import { goYamlFail } from './yaml-error.js';

const RESOLVABLE = new Set<string>([
  '',
  TAGS.STR,
  TAGS.BOOL,
  TAGS.INT,
  TAGS.FLOAT,
  TAGS.NULL,
  TAGS.TIMESTAMP,
]);

/**
 * yaml.v2's decoder for an `interface{}` target: aliases are expanded afresh at each use, `<<` merges
 * overwrite what is already in the map (so explicit keys win only when they come after the merge, and
 * earlier maps of a merge list win), duplicate keys keep the last value, and tags on collections are ignored.
 */
export class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YamlNode>();

  decode(n: YamlNode, into?: YamlMap): YamlValue {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw goYamlFail('document contains excessive aliasing');
    }
    switch (n.kind) {
      case 'alias':
        return this.alias(n, into);
      case 'scalar':
        return decodeScalar(n).value;
      case 'seq':
        return n.children.map((child) => this.decode(child));
      case 'map':
        return this.mapping(n, into ?? new Map<YamlKey, YamlValue>());
    }
  }

  private alias(n: YamlNode, into: YamlMap | undefined): YamlValue {
    if (this.expanding.has(n)) throw goYamlFail(`anchor '${n.value}' value contains itself`);
    this.expanding.add(n);
    this.aliasDepth++;
    const value = this.decode(n.alias as YamlNode, into);
    this.aliasDepth--;
    this.expanding.delete(n);
    return value;
  }

  private mapping(n: YamlNode, out: YamlMap): YamlMap {
    const items = n.children;
    for (let i = 0; i + 1 < items.length; i += 2) {
      const keyNode = items[i] as YamlNode;
      const valueNode = items[i + 1] as YamlNode;
      if (isMerge(keyNode)) {
        this.merge(valueNode, out);
        continue;
      }
      const key = this.decode(keyNode);
      if (key instanceof Map || Array.isArray(key)) throw goYamlFail(`invalid map key: ${goSyntax(key)}`);
      setKey(out, key, this.decode(valueNode));
    }
    return out;
  }

  private merge(n: YamlNode, out: YamlMap): void {
    const isMapLike = (x: YamlNode): boolean =>
      x.kind === 'alias' ? x.alias?.kind === 'map' : x.kind === 'map';
    if (n.kind === 'seq') {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const item = n.children[i] as YamlNode;
        if (!isMapLike(item)) throw goYamlFail('map merge requires map or sequence of maps as the value');
        this.decode(item, out);
      }
      return;
    }
    if (!isMapLike(n)) throw goYamlFail('map merge requires map or sequence of maps as the value');
    this.decode(n, out);
  }
}

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

function isMerge(n: YamlNode): boolean {
  return n.kind === 'scalar' && n.value === '<<' && (n.implicit || n.tag === TAGS.MERGE);
}

/** Go map keys compare by value and dynamic type; GoFloat keys are objects, so look them up by value. */
function setKey(map: YamlMap, key: YamlKey, value: YamlValue): void {
  const existing = key instanceof GoFloat ? findKey(map, key) : undefined;
  map.set(existing === undefined ? key : existing.key, value);
}

/** A scalar's value and the tag go-yaml reports for it in type errors. */
export function decodeScalar(n: YamlNode): { value: YamlValue; tag: string } {
  if (n.tag === '' && !n.implicit) return { value: n.value, tag: TAGS.STR };
  if (!RESOLVABLE.has(n.tag)) {
    // Ruby-era release manifests write `!binary`; treat it like the standard tag.
    if (n.tag === TAGS.BINARY || n.tag === '!binary') {
      const bytes = decodeGoBase64(n.value);
      if (bytes === null) throw goYamlFail('!!binary value contains invalid base64 data');
      return { value: bytesToString(bytes), tag: n.tag };
    }
    return { value: n.value, tag: n.tag };
  }
  const r =
    n.tag === TAGS.STR
      ? { tag: TAGS.STR, value: n.value }
      : resolvePlain(n.value, n.tag === '' || n.tag === TAGS.TIMESTAMP);
  if (n.tag === '' || n.tag === r.tag || n.tag === TAGS.STR) {
    return { value: r.tag === TAGS.TIMESTAMP ? n.value : r.value, tag: r.tag };
  }
  const int = r.value;
  if (
    n.tag === TAGS.FLOAT &&
    r.tag === TAGS.INT &&
    (typeof int === 'number' || (typeof int === 'bigint' && int < 2n ** 63n))
  ) {
    return { value: new GoFloat(Number(int)), tag: TAGS.FLOAT };
  }
  throw goYamlFail(`cannot decode ${shortTag(r.tag)} \`${n.value}\` as a ${shortTag(n.tag)}`);
}

/** A rough `%#v` for the rare "invalid map key" error. */
function goSyntax(v: YamlValue): string {
  if (v instanceof Map) {
    const parts = [...v].map(([k, x]) => `${goSyntax(k)}:${goSyntax(x)}`);
    return `map[interface {}]interface {}{${parts.join(', ')}}`;
  }
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'interface {}(nil)';
  if (v instanceof GoFloat) return String(v.value);
  return String(v);
}
