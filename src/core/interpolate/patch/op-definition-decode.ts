/**
 * Turns a decoded ops file into `OpDefinition`s the way yaml.v2 unmarshals it into `[]patch.OpDefinition`:
 * keys `type`, `path`, `value`, `absent`, `error`; other keys are ignored; `null` leaves a field unset; any
 * scalar is accepted for a string field. Type mismatches are all collected into one yaml.v2 error,
 * `yaml: unmarshal errors:\n  line N: cannot unmarshal !!map into string`. The decoded value carries no
 * positions, so `line N: ` is only printed when `locate` knows the line of the offending node.
 */
import { GoFloat, kindOf, type YamlValue } from '../../../base/yaml/value.js';
import type { OpDefinition } from './op-definition.js';

/** Where a node sits: `[]` the document, `[i]` entry i, `[i, key]` the value of `key` in entry i. */
export type NodeLocation = readonly [] | readonly [number] | readonly [number, string];

/** Returns the 1-based line of the node at a location, when known. */
export type LocateNode = (location: NodeLocation) => number | undefined;

const TAGS = { null: '!!null', bool: '!!bool', int: '!!int', float: '!!float', string: '!!str' } as const;

export function decodeOpDefinitions(doc: YamlValue, locate?: LocateNode): OpDefinition[] {
  const problems: string[] = [];
  const problem = (location: NodeLocation, node: YamlValue, into: string): void => {
    const line = locate?.(location);
    const at = line === undefined ? '' : `line ${line}: `;
    problems.push(`${at}cannot unmarshal ${describe(node)} into ${into}`);
  };

  const defs: OpDefinition[] = [];
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => {
      if (item === null) defs.push({ type: '' });
      else if (item instanceof Map) defs.push(decodeEntry(item, i, problem));
      else problem([i], item, 'patch.OpDefinition');
    });
  } else if (doc !== null) {
    problem([], doc, '[]patch.OpDefinition');
  }

  if (problems.length > 0) throw new Error('yaml: unmarshal errors:\n  ' + problems.join('\n  '));
  return defs;
}

type Problem = (location: NodeLocation, node: YamlValue, into: string) => void;

function decodeEntry(entry: Map<YamlValue, YamlValue>, i: number, problem: Problem): OpDefinition {
  const def: { -readonly [K in keyof OpDefinition]: OpDefinition[K] } = { type: '' };
  for (const [key, node] of entry) {
    if (typeof key !== 'string' || node === null) continue;
    const asString = (): string | undefined => {
      if (node instanceof Map || Array.isArray(node)) problem([i, key], node, 'string');
      else return scalarText(node);
      return undefined;
    };
    switch (key) {
      case 'type':
        def.type = asString() ?? def.type;
        break;
      case 'path': {
        const text = asString();
        if (text !== undefined) def.path = text;
        break;
      }
      case 'error': {
        const text = asString();
        if (text !== undefined) def.error = text;
        break;
      }
      case 'value':
        def.value = node;
        break;
      case 'absent':
        if (typeof node === 'boolean') def.absent = node;
        else problem([i, key], node, 'bool');
        break;
    }
  }
  return def;
}

/** The text yaml.v2 stores for a scalar (its source text; the canonical form is the closest we have). */
function scalarText(node: YamlValue): string {
  if (node instanceof GoFloat) return String(node.value);
  if (node instanceof Map || Array.isArray(node)) return '';
  return String(node);
}

function describe(node: YamlValue): string {
  const kind = kindOf(node);
  if (kind === 'map') return '!!map';
  if (kind === 'seq') return '!!seq';
  // yaml.v2 shortens texts longer than 10 bytes to their first 7 bytes.
  const text = scalarText(node);
  const bytes = new TextEncoder().encode(text);
  const shown = bytes.length > 10 ? new TextDecoder().decode(bytes.slice(0, 7)) + '...' : text;
  return `${TAGS[kind]} \`${shown}\``;
}
