import { analyzeScalar, requestedStringStyle, selectScalarStyle } from './emit-analysis.js';
import { writeDoubleQuoted } from './emit-double-quoted.js';
import { writeLiteral, writePlain, writeSingleQuoted } from './emit-writers.js';
import { EmitterCore } from './emitter-core.js';
import { formatGoFloat } from './go-float.js';
import { sortKeys } from './key-order.js';
import { OrderedYamlMap } from './ordered-map.js';
import { STYLE, type ScalarStyle } from './tokens.js';
import type { YamlKey, YamlMap, YamlValue } from './value.js';

/**
 * yaml.v2 `Marshal` of a decoded value, byte for byte: the event sequence yaml.v2's encoder produces
 * (sorted map keys, block collections, empty ones in flow style, scalar styles from stringv) driven
 * through a port of libyaml's emitter states. The emitter's one-event lookahead is unnecessary because
 * the whole tree is at hand.
 */
export function emitYaml(value: YamlValue): string {
  const e = new EmitterCore();
  emitNode(e, value, false, false);
  // DOCUMENT-END (implicit): finish the last line.
  e.writeIndent();
  return e.out;
}

/** yaml_emitter_emit_node: records the context the node appears in, then dispatches on its kind. */
function emitNode(e: EmitterCore, v: YamlValue, map: boolean, simpleKey: boolean): void {
  e.mappingContext = map;
  e.simpleKeyContext = simpleKey;
  if (v instanceof Map) {
    emitMapping(e, v);
  } else if (Array.isArray(v)) {
    emitSequence(e, v);
  } else {
    const [text, style] = scalarText(v);
    emitScalar(e, text, style);
  }
}

function emitSequence(e: EmitterCore, items: YamlValue[]): void {
  if (e.flowLevel > 0 || items.length === 0) {
    emitEmptyFlow(e, '[', ']');
    return;
  }
  e.increaseIndent(false, e.mappingContext && !e.indention);
  for (const item of items) {
    e.writeIndent();
    e.writeIndicator('-', true, false, true);
    emitNode(e, item, false, false);
  }
  e.popIndent();
}

function emitMapping(e: EmitterCore, m: YamlMap): void {
  if (e.flowLevel > 0 || m.size === 0) {
    emitEmptyFlow(e, '{', '}');
    return;
  }
  e.increaseIndent(false, false);
  for (const key of m instanceof OrderedYamlMap ? m.keys() : sortKeys(m.keys())) {
    const value = m.get(key) ?? null;
    e.writeIndent();
    const [text, style] = scalarText(key);
    e.mappingContext = true;
    if (isSimpleKey(text)) {
      e.simpleKeyContext = true;
      emitScalar(e, text, style);
      e.writeIndicator(':', false, false, false);
    } else {
      e.writeIndicator('?', true, false, true);
      e.simpleKeyContext = false;
      emitScalar(e, text, style);
      e.writeIndent();
      e.writeIndicator(':', true, false, true);
    }
    emitNode(e, value, true, false);
  }
  e.popIndent();
}

/** Only empty collections are written in flow style (yaml.v2 never asks for flow otherwise). */
function emitEmptyFlow(e: EmitterCore, open: string, close: string): void {
  e.writeIndicator(open, true, true, false);
  e.writeIndicator(close, false, false, false);
}

/** check_simple_key for a scalar key: single-line and at most 128 bytes of UTF-8. */
function isSimpleKey(text: string): boolean {
  if (analyzeScalar(text).multiline) return false;
  return text.length <= 128 && utf8Length(text) <= 128;
}

function emitScalar(e: EmitterCore, text: string, requested: ScalarStyle): void {
  const analysis = analyzeScalar(text);
  const style = selectScalarStyle(requested, text, analysis, e.flowLevel, e.simpleKeyContext);
  e.increaseIndent(true, false);
  const allowBreaks = !e.simpleKeyContext;
  switch (style) {
    case STYLE.PLAIN:
      writePlain(e, text, allowBreaks);
      break;
    case STYLE.SINGLE:
      writeSingleQuoted(e, text, allowBreaks);
      break;
    case STYLE.DOUBLE:
      writeDoubleQuoted(e, text, allowBreaks);
      break;
    default:
      writeLiteral(e, text);
  }
  e.popIndent();
}

const INT_SAFE = 2 ** 53;

/** The text and requested style yaml.v2's encoder uses for a scalar (intv, uintv, floatv, boolv, stringv). */
function scalarText(v: YamlKey): [string, ScalarStyle] {
  if (v === null) return ['null', STYLE.PLAIN];
  switch (typeof v) {
    case 'string':
      return [v, requestedStringStyle(v)];
    case 'boolean':
      return [v ? 'true' : 'false', STYLE.PLAIN];
    case 'bigint':
      return [v.toString(), STYLE.PLAIN];
    case 'number':
      if (Number.isInteger(v) && !Object.is(v, -0)) {
        return [Math.abs(v) < INT_SAFE ? String(v) : BigInt(v).toString(), STYLE.PLAIN];
      }
      return [formatGoFloat(v), STYLE.PLAIN];
  }
  return [formatGoFloat(v.value), STYLE.PLAIN];
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
